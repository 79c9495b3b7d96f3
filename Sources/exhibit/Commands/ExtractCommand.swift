import ArgumentParser
import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation

struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Show what the extractors see in one file, without a case (for extractor authors).")

    @Argument(help: "The file.") var path: String
    @Option(help: "IANA time zone for times the file records without one.") var timezone: String?
    @Option(name: .customLong("budget"), help: "Override a resource limit, key=value (repeatable).")
    var budgetOverrides: [String] = []
    @OptionGroup var extractors: ExtractorChoice
    @OptionGroup var output: OutputOptions

    func run() throws {
        var budget = ResourceBudget()
        for assignment in budgetOverrides { try budget.apply(assignment) }
        let options = IngestOptions(timeZone: timezone, budget: budget, jobs: 1)
        let run = try extractors.run(budget: budget)
        defer { _ = run.finish() }
        let (batch, _) = try IngestPipeline.process(
            path, registry: run.registry, options: options,
            normalizer: try Normalizer(timeZone: timezone), custody: nil, progress: nil)
        // The rows go through a temporary case, removed at the end: artifacts are staged as
        // they close (a container after its members) and are printed in read order, which the
        // case's index gives without holding them all (100,000 members: 279 MiB held before).
        let folder = try ScratchFolder(in: options.spillDirectory ?? NSTemporaryDirectory())
        let file = try CaseFile.create(at: folder.path + "/extract.exhibit", info: CaseInfo(
            caseID: UUID().uuidString.lowercased(), title: "exhibit extract", examiner: "", organization: "",
            created: UTCTime.iso8601(Int64(Date().timeIntervalSince1970))))
        try file.write(batch)
        try file.read { reader in
            if output.json {
                // {"artifacts": [...], "findings": [...]}, each element encoded on its own.
                Printer.raw("{\n  \"artifacts\" : ")
                var artifacts = JSONArrayStream<ArtifactJSON>(depth: 1)
                try reader.forEachArtifact { try artifacts.append(ArtifactJSON(Self.outsideACase($0))) }
                try artifacts.finish()
                Printer.raw(",\n  \"findings\" : ")
                var findings = JSONArrayStream<FindingJSON>(depth: 1)
                try reader.forEachFinding { try findings.append(FindingJSON(Self.outsideACase($0))) }
                try findings.finish()
                Printer.raw("\n}\n")
                return
            }
            try reader.forEachArtifact { artifact in
                Printer.line("\(artifact.entryType.padding(toLength: 9, withPad: " ", startingAt: 0)) \(artifact.size)  "
                             + "\(artifact.sha256 ?? "-")  \(artifact.evidencePath)  [\(artifact.extractorID ?? artifact.mediaType ?? "")]")
            }
            try reader.forEachFinding { finding in
                Printer.line("\(finding.severity.padding(toLength: 7, withPad: " ", startingAt: 0)) \(finding.kind)  "
                             + "\(finding.summary)  (\(finding.evidencePath))")
            }
        }
    }

    /// A record as `extract` shows it: no exhibit number, since there is no case.
    private static func outsideACase(_ artifact: ArtifactRecord) -> ArtifactRecord {
        var artifact = artifact
        artifact.exhibit = ""
        return artifact
    }

    private static func outsideACase(_ finding: FindingRecord) -> FindingRecord {
        var finding = finding
        finding.exhibit = ""
        return finding
    }
}
