import Crypto
import ExhibitFoundation
import Foundation

/// A plugin folder's `extractor.json`: who the external extractor is and how to start it.
///
/// ```json
/// {"id": "python_dependencies", "version": "1.0.0", "protocol": 1, "command": ["python3", "pydeps.py"]}
/// ```
///
/// `command` is an argument array, never a shell line; an element that names a file in the
/// folder (`pydeps.py`, `./bin/extractor`) is resolved from the folder, a bare program name
/// (`python3`) from `PATH`.
public struct PluginManifest: Sendable, Hashable, Codable {
    public let id: String
    public let version: String
    /// The protocol version the plugin speaks.
    public let `protocol`: Int
    public let command: [String]

    public init(id: String, version: String, protocol: Int, command: [String]) {
        self.id = id
        self.version = version
        self.protocol = `protocol`
        self.command = command
    }

    /// The name a plugin folder's manifest has.
    public static let fileName = "extractor.json"

    /// A manifest read from `folder`, with where its program is and what its files hash to.
    public struct Loaded: Sendable, Hashable {
        public let manifest: PluginManifest
        /// The plugin's folder, absolute.
        public let folder: String
        /// The program to execute and its arguments, resolved.
        public let executable: String
        public let arguments: [String]
        /// SHA-256 of `extractor.json` and of each command element that is a file in the folder.
        public let fileHashes: [String: String]
    }

    /// Reads and checks the manifest in `folder`.
    public static func load(from folder: String) throws -> Loaded {
        let folderURL = URL(fileURLWithPath: folder).standardizedFileURL
        let path = folderURL.appendingPathComponent(fileName).path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ExhibitCoreError.invalidPlugin(folder: folderURL.path, reason: "no readable \(fileName)")
        }
        let manifest: PluginManifest
        do {
            manifest = try JSONDecoder().decode(PluginManifest.self, from: data)
        } catch {
            throw ExhibitCoreError.invalidPlugin(folder: folderURL.path, reason: "\(fileName) is not a manifest: \(error)")
        }
        guard manifest.id.range(of: "^[a-z][a-z0-9_]*$", options: .regularExpression) != nil else {
            throw ExhibitCoreError.invalidPlugin(folder: folderURL.path, reason: "id '\(manifest.id)' is not snake_case")
        }
        guard !manifest.command.isEmpty else {
            throw ExhibitCoreError.invalidPlugin(folder: folderURL.path, reason: "an empty command")
        }
        var hashes = [fileName: Self.sha256(data)]
        var resolved: [String] = []
        for (index, element) in manifest.command.enumerated() {
            let candidate = folderURL.appendingPathComponent(element).standardizedFileURL.path
            let inFolder = candidate.hasPrefix(folderURL.path + "/")
            if inFolder, FileManager.default.fileExists(atPath: candidate) {
                hashes[element] = (try? Data(contentsOf: URL(fileURLWithPath: candidate))).map(Self.sha256) ?? "unreadable"
                resolved.append(candidate)
            } else if index == 0 {
                guard let found = Self.searchPath(element) else {
                    throw ExhibitCoreError.invalidPlugin(folder: folderURL.path, reason: "the program '\(element)' is not found")
                }
                resolved.append(found)
            } else {
                resolved.append(element)
            }
        }
        return Loaded(manifest: manifest, folder: folderURL.path, executable: resolved[0],
                      arguments: Array(resolved.dropFirst()), fileHashes: hashes)
    }

    /// `program` on `PATH` (or as given, when it names a path).
    static func searchPath(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func sha256(_ data: Data) -> String {
        Hex.encode(SHA256.hash(data: data))
    }
}
