import EvidenceKit
import Foundation

/// The external extractors of one run: each plugin folder's program, started once for its
/// handshake, and its processes stopped at the end; or, for `--isolate`, the built-in extractors
/// served by this very program (`exhibit plugin serve ID`) as children in the same sandbox.
public final class ExternalExtractors: @unchecked Sendable {
    public let extractors: [ExternalExtractor]
    /// Plugin folders that could not be used (no manifest, a program that does not start, a failed
    /// handshake), with why: reported and logged, while the run goes on without them.
    public let unavailable: [(folder: String, reason: String)]

    /// The plugins in `folders` (``PluginDiscovery``), each started for its handshake.
    public init(folders: [String], policy: SandboxPolicy) {
        var started: [ExternalExtractor] = []
        var failed: [(folder: String, reason: String)] = []
        for folder in folders {
            do {
                started.append(try ExternalExtractor(manifest: try PluginManifest.load(from: folder), policy: policy))
            } catch {
                failed.append((folder, (error as? ExhibitCoreError)?.errorDescription ?? "\(error)"))
            }
        }
        extractors = started
        unavailable = failed
    }

    /// The built-in extractors `entries`, each served in a sandboxed child by `program`
    /// (`PROGRAM plugin serve ID`).
    public init(isolating entries: [ExtractorEntry], program: String, policy: SandboxPolicy) throws {
        let folder = URL(fileURLWithPath: program).deletingLastPathComponent().path
        extractors = try entries.map { entry in
            let descriptor = entry.descriptor
            let manifest = PluginManifest.Loaded(
                manifest: PluginManifest(id: descriptor.id, version: descriptor.version, protocol: 1,
                                         command: [program, "plugin", "serve", descriptor.id]),
                folder: folder, executable: program, arguments: ["plugin", "serve", descriptor.id], fileHashes: [:])
            return try ExternalExtractor(manifest: manifest, policy: policy, origin: .builtIn)
        }
        unavailable = []
    }

    /// Their registry entries.
    public var entries: [ExtractorEntry] { extractors.map(\.entry) }

    /// Stops every process; what the run saw of each, for the custody log.
    public func finish() -> Value {
        .list(extractors.map { .object($0.finish()) })
    }

    /// The path of the running program (for `--isolate`).
    public static var currentProgram: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}
