import ArgumentParser
import BuiltInExtractors
import EvidenceKit
import ExhibitCore
import Foundation

/// `--json`, shared by every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable shapes, documented in docs/cli.md).")
    var json = false
}

/// The case file argument.
struct CaseArgument: ParsableArguments {
    @Argument(help: "The case file (*.exhibit).")
    var casePath: String
}

/// Which extractors a run uses, where external ones are, and their options: shared by `add`,
/// `extract` and `extractors`.
struct ExtractorChoice: ParsableArguments {
    @Option(name: .customLong("extractors"), help: "Use only these extractors (comma-separated ids).")
    var only: String?
    @Option(name: .customLong("without"), help: "Do not use this extractor (repeatable, or comma-separated).")
    var without: [String] = []
    @Option(name: .customLong("extractor-option"),
            help: "Set an extractor's option for this run, ID.KEY=VALUE (repeatable; see `exhibit extractors`).")
    var options: [String] = []
    @Option(name: .customLong("plugin-dir"),
            help: "A folder of external extractors, or one extractor's folder (repeatable; also EXHIBIT_PLUGIN_PATH).")
    var pluginFolders: [String] = []
    @Flag(help: "Run the built-in extractors out of process, sandboxed like external ones, for evidence that may be hostile.")
    var isolate = false

    /// The extractors of a run: the registry, and the external processes to stop at its end.
    final class Run {
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
            custodyDetails = described.isEmpty ? [:] : ["out_of_process": .list(described)]
        }

        /// Stops the external processes; what the run saw of them (for custody), if any ran.
        func finish() -> Value? {
            let reports = external.map { $0.finish() }
            return reports.isEmpty ? nil : .list(reports)
        }
    }

    /// The built-in extractors (in-process, or isolated) and the external ones, selected and configured.
    func run(budget: ResourceBudget = ResourceBudget()) throws -> Run {
        func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let selection = ExtractorSelection(only: only.map(ids), without: without.flatMap(ids))
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
        if !folders.isEmpty { external.append(try ExternalExtractors(folders: folders, policy: budget.sandboxPolicy)) }
        let entries = builtIn + external.filter { !$0.extractors.contains { $0.origin == .builtIn } }.flatMap(\.entries)
        do {
            let registry = try ExtractorRegistry(entries, selection: selection,
                                                 overrides: options.map(ExtractorOptionOverride.init(parsing:)))
            return Run(registry: registry, external: external)
        } catch {
            external.forEach { _ = $0.finish() }
            throw error
        }
    }
}
