import ArgumentParser
import BuiltInExtractors
import CaseStore
import ExhibitCore
import Foundation

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what the extractors see in one file, without a case (for extractor authors).")

    @Argument(help: "The file.") var path: String
    @Option(help: "IANA time zone for times the file records without one.") var timezone: String?
    @Option(name: .customLong("budget"), help: "Override a resource limit, key=value (repeatable).")
    var budgetOverrides: [String] = []
    @OptionGroup var output: OutputOptions

    func run() throws {
        var budget = ResourceBudget()
        for assignment in budgetOverrides { try budget.apply(assignment) }
        let (batch, _) = try IngestPipeline.process(
            path, registry: try ExtractorRegistry(BuiltInExtractors.all),
            options: IngestOptions(timeZone: timezone, budget: budget, jobs: 1),
            normalizer: try Normalizer(timeZone: timezone), custody: nil, progress: nil)
        if output.json {
            // {"artifacts": [...], "findings": [...]}, each element encoded on its own.
            Printer.raw("{\n  \"artifacts\" : ")
            var artifacts = JSONArrayStream<ArtifactJSON>(depth: 1)
            for artifact in try batch.artifacts { try artifacts.append(ArtifactJSON(artifact)) }
            try artifacts.finish()
            Printer.raw(",\n  \"findings\" : ")
            var findings = JSONArrayStream<FindingJSON>(depth: 1)
            for finding in try batch.findings { try findings.append(FindingJSON(finding)) }
            try findings.finish()
            Printer.raw("\n}\n")
            return
        }
        for artifact in try batch.artifacts {
            Printer.line("\(artifact.entryType.padding(toLength: 9, withPad: " ", startingAt: 0)) \(artifact.size)  "
                         + "\(artifact.sha256 ?? "-")  \(artifact.evidencePath)  [\(artifact.extractorID ?? artifact.mediaType ?? "")]")
        }
        for finding in try batch.findings {
            Printer.line("\(finding.severity.padding(toLength: 7, withPad: " ", startingAt: 0)) \(finding.kind)  "
                         + "\(finding.summary)  (\(finding.evidencePath))")
        }
    }
}
