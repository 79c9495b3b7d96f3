import Foundation

/// Where external extractors are found: the folders given with `--plugin-dir`, then those in
/// `EXHIBIT_PLUGIN_PATH` (colon-separated), then the user's configuration folder
/// (`$XDG_CONFIG_HOME/exhibit/plugins`, by default `~/.config/exhibit/plugins`). A folder that holds
/// an `extractor.json` is a plugin; otherwise each folder in it that holds one is, in byte order
/// of their names.
public enum PluginDiscovery {
    /// The plugin folders, in order (each once).
    public static func folders(explicit: [String], environment: [String: String] = ProcessInfo.processInfo.environment)
        -> [String] {
        var roots = explicit
        if let path = environment["EXHIBIT_PLUGIN_PATH"] {
            roots += path.split(separator: ":").map(String.init).filter { !$0.isEmpty }
        }
        let config = environment["XDG_CONFIG_HOME"].map { $0 + "/exhibit/plugins" }
            ?? environment["HOME"].map { $0 + "/.config/exhibit/plugins" }
        if let config, FileManager.default.fileExists(atPath: config) { roots.append(config) }
        var found: [String] = []
        var seen = Set<String>()
        for root in roots {
            let folder = URL(fileURLWithPath: root).standardizedFileURL.path
            let candidates: [String]
            if FileManager.default.fileExists(atPath: folder + "/" + PluginManifest.fileName) {
                candidates = [folder]
            } else {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
                candidates = names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { folder + "/" + $0 }
                    .filter { FileManager.default.fileExists(atPath: $0 + "/" + PluginManifest.fileName) }
            }
            for candidate in candidates where seen.insert(candidate).inserted { found.append(candidate) }
        }
        return found
    }
}
