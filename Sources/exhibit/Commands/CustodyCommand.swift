import ArgumentParser
import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

struct CustodyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "custody", abstract: "Print the chain of custody: every action, who, when, where, with what.")

    @OptionGroup var target: CaseArgument
    @OptionGroup var output: OutputOptions

    /// The JSON shape of one custody entry.
    struct EntryJSON: Encodable {
        let sequence: Int64?
        let time, action, examiner, host, tool, toolVersion, command: String
        @NullEncoded var exhibit: String?
        /// Text values, and structured ones where an action records them (the extractors of a run).
        let details: [String: Value]
        @NullEncoded var previousSHA256: String?
        @NullEncoded var rows: Int64?
        @NullEncoded var rowsSHA256: String?
        @NullEncoded var entrySHA256: String?
        enum CodingKeys: String, CodingKey {
            case sequence, time, action, examiner, host, tool, command, exhibit, details, rows
            case toolVersion = "tool_version", previousSHA256 = "previous_sha256", rowsSHA256 = "rows_sha256"
            case entrySHA256 = "entry_sha256"
        }
    }

    func run() throws {
        let entries = try CaseFile.open(at: target.casePath).custody()
        if output.json {
            try Printer.json(entries.map {
                EntryJSON(sequence: $0.sequence, time: $0.time, action: $0.action, examiner: $0.examiner, host: $0.host,
                          tool: $0.tool, toolVersion: $0.toolVersion, command: $0.command, exhibit: $0.exhibit,
                          details: (try? JSONDecoder().decode([String: Value].self, from: Data($0.details.utf8))) ?? [:],
                          previousSHA256: $0.previousSHA256, rows: $0.rows, rowsSHA256: $0.rowsSHA256,
                          entrySHA256: $0.entrySHA256)
            })
            return
        }
        for entry in entries {
            Printer.line("#\(entry.sequence ?? 0)  \(entry.time)  \(entry.action)  \(entry.exhibit ?? "-")  "
                         + "\(entry.examiner)@\(entry.host)  \(entry.tool) \(entry.toolVersion)")
            Printer.line("    $ \(entry.command)")
        }
    }
}
