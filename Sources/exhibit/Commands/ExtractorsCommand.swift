import ArgumentParser
import BuiltInExtractors
import EvidenceKit
import ExhibitCore
import Foundation

struct ExtractorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractors",
        abstract: "List the extractors: id, version, origin, what each accepts, finds and does not see, and its options.")

    @Option(name: .customLong("plugin-dir"),
            help: "A folder of external extractors, or one extractor's folder (repeatable; also EXHIBIT_PLUGIN_PATH).")
    var pluginFolders: [String] = []
    @Flag(help: "Start each external extractor, run its handshake and its descriptor's examples, and report what is wrong.")
    var check = false
    @OptionGroup var output: OutputOptions

    /// The JSON shape of one extractor (docs/cli.md).
    struct ExtractorJSON: Encodable {
        let id: String
        let formerIDs: [String]
        let version: String
        let summary: String
        let rationale: String
        let origin: String
        let accepts: Acceptance
        let findingKinds: [FindingKindDescription]
        let options: [String: Value]
        let examples: Int

        enum CodingKeys: String, CodingKey {
            case id, version, summary, rationale, origin, accepts, options, examples
            case formerIDs = "former_ids", findingKinds = "finding_kinds"
        }

        init(_ entry: ExtractorEntry) {
            let descriptor = entry.descriptor
            id = descriptor.id
            formerIDs = descriptor.formerIDs
            version = descriptor.version
            summary = descriptor.summary
            rationale = descriptor.rationale
            origin = entry.origin.description
            accepts = descriptor.accepts
            findingKinds = descriptor.findingKinds
            options = descriptor.options
            examples = descriptor.examples.count
        }
    }

    func run() throws {
        let run = try ExtractorRun.start(selection: .all, overrides: [], pluginFolders: pluginFolders, isolate: false,
                                         budget: ResourceBudget())
        defer { _ = run.finish() }
        if check { return try checkExternal(run) }
        let described = run.registry.extractors.map { ExtractorJSON($0.entry) }
        if output.json {
            try Printer.json(described)
            return
        }
        for extractor in described {
            Printer.line("\(extractor.id) \(extractor.version)  (\(extractor.origin))  \(extractor.summary)")
            if !extractor.accepts.signatures.isEmpty {
                Printer.line("    signatures: \(extractor.accepts.signatures.map(\.name).joined(separator: ", "))")
            }
            let names = extractor.accepts.namePatterns + extractor.accepts.genericNamePatterns.map { $0 + " (generic)" }
            if !names.isEmpty { Printer.line("    names: \(names.joined(separator: " "))") }
            Printer.line("    finds: \(extractor.findingKinds.map(\.kind.rawValue).joined(separator: ", "))")
            if !extractor.options.isEmpty {
                Printer.line("    options: " + extractor.options.keys.sorted().map { "\(extractor.id).\($0)=\(extractor.options[$0]!)" }
                    .joined(separator: " "))
            }
            Printer.line("    reads: \(extractor.rationale)")
        }
    }

    /// Each external extractor has passed its handshake (or the run would not have started);
    /// its descriptor's examples, with files relative to its folder, are run as for a built-in one.
    private func checkExternal(_ run: ExtractorRun) throws {
        let external = run.external.flatMap(\.extractors)
        let unavailable = run.external.flatMap(\.unavailable)
        if external.isEmpty, unavailable.isEmpty { Printer.line("no external extractors found") }
        var problems = unavailable.count
        for extractor in external {
            let failures = ExampleVerifier.verify(extractor.entry, samples: URL(fileURLWithPath: extractor.manifest.folder))
            problems += failures.count
            Printer.line("\(extractor.descriptor.id) \(extractor.descriptor.version)  \(extractor.manifest.folder)")
            Printer.line("    handshake: protocol 1; protections: \(extractor.protections.names.joined(separator: "; "))")
            Printer.line("    examples: \(extractor.descriptor.examples.count), " + (failures.isEmpty ? "all hold" : "\(failures.count) failed"))
            for failure in failures { Printer.line("      \(failure.example): \(failure.message)") }
        }
        if problems > 0 { throw CLIError.checkFailed(count: problems) }
    }
}
