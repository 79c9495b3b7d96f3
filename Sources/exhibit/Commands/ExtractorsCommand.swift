import ArgumentParser
import BuiltInExtractors
import EvidenceKit
import ExhibitCore
import Foundation

struct ExtractorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractors",
        abstract: "List the extractors: id, version, origin, what each accepts, finds and does not see, and its options.")

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
        let registry = try ExtractorRegistry(BuiltInExtractors.all)
        let described = registry.extractors.map { ExtractorJSON($0.entry) }
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
}
