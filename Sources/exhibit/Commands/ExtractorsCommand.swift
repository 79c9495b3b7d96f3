import ArgumentParser
import BuiltInExtractors
import EvidenceKit
import Foundation

struct ExtractorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extractors", abstract: "List the extractors: id, version, summary, formats, origin.")

    @OptionGroup var output: OutputOptions

    /// The JSON shape of one extractor.
    struct ExtractorJSON: Encodable {
        let id, version, summary, origin: String
        let signatures: [String]
        let namePatterns: [String]
        let mediaTypes: [String]
        let findingKinds: [String]
        let examples: Int
        enum CodingKeys: String, CodingKey {
            case id, version, summary, origin, signatures, examples
            case namePatterns = "name_patterns", mediaTypes = "media_types", findingKinds = "finding_kinds"
        }
    }

    func run() throws {
        let described = BuiltInExtractors.all.map { $0.descriptor }.map {
            ExtractorJSON(id: $0.id, version: $0.version, summary: $0.summary, origin: "built-in",
                          signatures: $0.accepts.signatures.map(\.name), namePatterns: $0.accepts.namePatterns,
                          mediaTypes: $0.accepts.mediaTypes, findingKinds: $0.findingKinds.map(\.rawValue),
                          examples: $0.examples.count)
        }
        if output.json {
            try Printer.json(described)
            return
        }
        for extractor in described {
            Printer.line("\(extractor.id) \(extractor.version)  (\(extractor.origin))  \(extractor.summary)")
            Printer.line("    signatures: \(extractor.signatures.joined(separator: ", "))")
            Printer.line("    names: \(extractor.namePatterns.joined(separator: " "))")
            Printer.line("    finds: \(extractor.findingKinds.joined(separator: ", "))")
        }
    }
}
