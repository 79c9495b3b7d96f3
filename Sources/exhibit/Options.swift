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

    /// The built-in extractors (in-process, or isolated) and the external ones, selected and configured.
    func run(budget: ResourceBudget = ResourceBudget()) throws -> ExtractorRun {
        func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        return try ExtractorRun.start(selection: ExtractorSelection(only: only.map(ids), without: without.flatMap(ids)),
                                      overrides: options.map(ExtractorOptionOverride.init(parsing:)),
                                      pluginFolders: pluginFolders, isolate: isolate, budget: budget)
    }
}
