import BuiltInExtractors
import EvidenceKit
import ExhibitCore

/// The extractors of a run: the registry (built-in extractors in process or isolated, and the
/// external ones), and the external processes to stop at its end.
final class ExtractorRun {
    let registry: ExtractorRegistry
    let external: [ExternalExtractors]
    /// What the run's custody entry says of the external extractors (files, protections).
    let custodyDetails: [String: Value]

    init(registry: ExtractorRegistry, external: [ExternalExtractors]) {
        self.registry = registry
        self.external = external
        let described = external.flatMap(\.extractors).map { extractor -> Value in
            .object(["id": .string(extractor.descriptor.id), "folder": .string(extractor.manifest.folder),
                     "origin": .string(extractor.origin.description),
                     "files_sha256": .object(extractor.manifest.fileHashes.mapValues(Value.string)),
                     "protections": .list(extractor.protections.names.map(Value.string))])
        }
        let unavailable = external.flatMap(\.unavailable).map { Value.object(["folder": .string($0.folder), "reason": .string($0.reason)]) }
        var details: [String: Value] = [:]
        if !described.isEmpty { details["out_of_process"] = .list(described) }
        if !unavailable.isEmpty { details["unavailable"] = .list(unavailable) }
        custodyDetails = details
    }

    /// Stops the external processes; what the run saw of them (for custody), if any ran.
    func finish() -> Value? {
        let reports = external.map { $0.finish() }
        return reports.isEmpty ? nil : .list(reports)
    }

    /// The built-in extractors (in process, or isolated) and the external ones in `pluginFolders`
    /// (and the environment's), selected and configured.
    static func start(selection: ExtractorSelection, overrides: [ExtractorOptionOverride], pluginFolders: [String],
                      isolate: Bool, budget: ResourceBudget) throws -> ExtractorRun {
        var external: [ExternalExtractors] = []
        var builtIn = BuiltInExtractors.all
        if isolate {
            let chosen = try ExtractorRegistry(builtIn, selection: selection).extractors.map(\.entry)
            let isolated = try ExternalExtractors(isolating: chosen, program: ExternalExtractors.currentProgram,
                                                  policy: budget.sandboxPolicy)
            external.append(isolated)
            builtIn = isolated.entries
        }
        let folders = PluginDiscovery.folders(explicit: pluginFolders)
        if !folders.isEmpty {
            let found = ExternalExtractors(folders: folders, policy: budget.sandboxPolicy)
            for (folder, reason) in found.unavailable {
                Printer.warning("external extractor not used: \(reason.hasSuffix("(\(folder))") ? reason : reason + " (\(folder))")")
            }
            external.append(found)
        }
        let entries = builtIn + external.filter { !$0.extractors.contains { $0.origin == .builtIn } }.flatMap(\.entries)
        do {
            return ExtractorRun(registry: try ExtractorRegistry(entries, selection: selection, overrides: overrides),
                                external: external)
        } catch {
            external.forEach { _ = $0.finish() }
            throw error
        }
    }
}
