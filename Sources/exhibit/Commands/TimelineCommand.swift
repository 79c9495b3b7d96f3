import ArgumentParser
import BuiltInExtractors
import CaseStore
import Foundation
import TribunalBundle

extension TimelineExport.Format: ExpressibleByArgument {}

struct TimelineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timeline", abstract: "Print every event of the case in time order, with Timesketch's columns.",
        discussion: """
            Columns: message, datetime (RFC 3339, offset written out), timestamp (microseconds since 1970 UTC), \
            timestamp_desc, time_original, time_zone_source, exhibit, party, evidence_path, locator, kind, extractor, \
            attributes, finding_id. Events of equal times keep the case's order. \
            Example: exhibit timeline dispute.exhibit --format jsonl --party claimant --from 2024-01-01T00:00:00Z
            """)

    @OptionGroup var target: CaseArgument
    @Option(help: "csv or jsonl.") var format: TimelineExport.Format = .csv
    @Option(help: "Only events at or after this time (RFC 3339; without an offset, UTC).") var from: String?
    @Option(help: "Only events at or before this time (RFC 3339; without an offset, UTC).") var to: String?
    @Option(help: "Only this party's events (repeat for several).") var party: [String] = []
    @Option(help: "Only this kind, or a family such as 'log.*' (repeat for several).") var kind: [String] = []

    func validate() throws {
        for (name, value) in [("--from", from), ("--to", to)] {
            if let value, TimelineExport.microseconds(value) == nil {
                throw ValidationError("\(name) \(value) is not an RFC 3339 time (2024-05-01T12:00:00Z)")
            }
        }
    }

    func run() throws {
        let file = try CaseFile.open(at: target.casePath)
        let filter = TimelineExport.Filter(from: from.flatMap(TimelineExport.microseconds), to: to.flatMap(TimelineExport.microseconds),
                                           parties: party, kinds: kind)
        try TimelineExport.print(format, filter: filter, from: file, descriptors: BuiltInExtractors.all.map(\.descriptor))
    }
}
