import ArgumentParser
import CaseStore
import Foundation

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Summarize a case: exhibits, parties, counts by kind, limitations, errors.")

    @OptionGroup var target: CaseArgument
    @OptionGroup var output: OutputOptions

    /// The JSON shape of `show`.
    struct SummaryJSON: Encodable {
        let info: CaseInfo
        let exhibits: [CaseSummary.Exhibit]
        let parties: [String: Int]
        let artifactCount: Int
        let findingCount: Int
        let findingsByKind: [String: Int]
        let entityCount: Int
        let limitations: [FindingJSON]
        let errors: [FindingJSON]
        let analysesByMethod: [String: Int]
        let seriesCount: Int

        enum CodingKeys: String, CodingKey {
            case info, exhibits, parties, limitations, errors
            case artifactCount = "artifact_count", findingCount = "finding_count"
            case findingsByKind = "findings_by_kind", entityCount = "entity_count"
            case analysesByMethod = "analyses_by_method", seriesCount = "series_count"
        }
    }

    func run() throws {
        let summary = try CaseFile.open(at: target.casePath).summary()
        if output.json {
            try Printer.json(SummaryJSON(
                info: summary.info, exhibits: summary.exhibits, parties: summary.parties,
                artifactCount: summary.artifactCount, findingCount: summary.findingCount,
                findingsByKind: summary.findingsByKind, entityCount: summary.entityCount,
                limitations: summary.limitations.map(FindingJSON.init), errors: summary.errors.map(FindingJSON.init),
                analysesByMethod: summary.analysesByMethod, seriesCount: summary.seriesCount))
            return
        }
        let info = summary.info
        Printer.line("Case      \(info.title)  (\(info.caseID))")
        Printer.line("Examiner  \(info.examiner)\(info.organization.isEmpty ? "" : ", \(info.organization)")")
        Printer.line("Created   \(info.created)")
        Printer.line()
        Printer.line("Exhibits (\(summary.exhibits.count))")
        for exhibit in summary.exhibits {
            Printer.line("  \(exhibit.exhibit)  \(exhibit.party ?? "unassigned")  \(exhibit.name)  "
                         + "\(Printer.bytes(exhibit.size))  \(exhibit.members) members  sha256:\(exhibit.sha256 ?? "-")")
        }
        Printer.line()
        Printer.line("Parties   " + summary.parties.keys.sorted().map { "\($0) (\(summary.parties[$0]!))" }.joined(separator: ", "))
        Printer.line("Artifacts \(summary.artifactCount)   Findings \(summary.findingCount)   Entities \(summary.entityCount)")
        for kind in summary.findingsByKind.keys.sorted() {
            Printer.line("  \(kind.padding(toLength: 28, withPad: " ", startingAt: 0)) \(summary.findingsByKind[kind]!)")
        }
        if summary.seriesCount > 0 { Printer.line("Series    \(summary.seriesCount)") }
        Printer.line("Analyses  " + (summary.analysesByMethod.isEmpty ? "none"
            : summary.analysesByMethod.keys.sorted().map { "\($0) (\(summary.analysesByMethod[$0]!))" }.joined(separator: ", ")))
        Printer.line()
        Printer.line("Limitations (\(summary.limitations.count))")
        for finding in summary.limitations { Printer.line("  \(finding.exhibit)  \(finding.evidencePath): \(finding.summary)") }
        Printer.line("Extraction errors (\(summary.errors.count))")
        for finding in summary.errors { Printer.line("  \(finding.exhibit)  \(finding.evidencePath): \(finding.summary)") }
    }
}
