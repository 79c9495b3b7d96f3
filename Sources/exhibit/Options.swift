import ArgumentParser
import BuiltInExtractors
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

/// Which extractors a run uses, and their options: shared by `add` and `extract`.
struct ExtractorChoice: ParsableArguments {
    @Option(name: .customLong("extractors"), help: "Use only these extractors (comma-separated ids).")
    var only: String?
    @Option(name: .customLong("without"), help: "Do not use this extractor (repeatable, or comma-separated).")
    var without: [String] = []
    @Option(name: .customLong("extractor-option"),
            help: "Set an extractor's option for this run, ID.KEY=VALUE (repeatable; see `exhibit extractors`).")
    var options: [String] = []

    /// The registry for this run: the built-in extractors, selected and configured.
    func registry() throws -> ExtractorRegistry {
        func ids(_ text: String) -> [String] {
            text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let selection = ExtractorSelection(only: only.map(ids), without: without.flatMap(ids))
        return try ExtractorRegistry(BuiltInExtractors.all, selection: selection,
                                     overrides: options.map(ExtractorOptionOverride.init(parsing:)))
    }
}
