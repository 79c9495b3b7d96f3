import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// The case timeline: every event in the case (log lines, archive member times, run starts and
/// ends, notebook executions) in time order, stable for equal times, with what Timesketch needs
/// so that nothing is guessed on import — `message`, `datetime` (RFC 3339 with an explicit
/// offset), `timestamp` (integer microseconds since 1970 UTC), `timestamp_desc` — and the time
/// as written, the source of its zone, the exhibit, its party, the evidence path and the
/// locator. `exhibit timeline` and the bundle's `timeline.csv` write it here, one writer.
public enum TimelineExport {
    /// How the timeline is written.
    public enum Format: String, Sendable, CaseIterable {
        /// RFC 4180 CSV (CRLF, formulas neutralized: ``TabularExport``).
        case csv
        /// One JSON object a line.
        case jsonl
    }

    /// Which events: times from and to (inclusive, microseconds since 1970 UTC), parties, kinds
    /// (exact, or a family such as `log.*`).
    public struct Filter: Sendable {
        public var from: Int64?
        public var to: Int64?
        public var parties: [String]
        public var kinds: [String]

        public init(from: Int64? = nil, to: Int64? = nil, parties: [String] = [], kinds: [String] = []) {
            self.from = from
            self.to = to
            self.parties = parties
            self.kinds = kinds
        }
    }

    /// The columns, in order.
    static let columns = ["message", "datetime", "timestamp", "timestamp_desc", "time_original", "time_zone_source", "exhibit",
                          "party", "evidence_path", "locator", "kind", "extractor", "attributes", "finding_id"]

    /// Microseconds since 1970 UTC of an RFC 3339 time with an explicit offset or `Z` (a time
    /// without one is read as UTC), or `nil` when it is none.
    public static func microseconds(_ text: String) -> Int64? {
        guard case .complete(let timestamp)? = TimestampParser.parse(text, formats: [.iso8601, .iso8601Basic])?.reading else {
            return nil
        }
        return timestamp.secondsSinceEpoch * 1_000_000 + Int64(timestamp.nanoseconds / 1000)
    }

    /// Prints the timeline of the case at `file` on standard output.
    public static func print(_ format: Format, filter: Filter = Filter(), from file: any CaseStoring,
                             descriptors: [ExtractorDescriptor] = []) throws {
        let out = ExportStream.standardOutput()
        try CaseExport.with(file, descriptors: descriptors) { try write($0, format: format, filter: filter, to: out) }
        try out.finish()
    }

    static func write(_ export: CaseExport, format: Format, filter: Filter, to out: ExportStream) throws {
        var parties: [String: String] = [:]
        try export.forEachOriginal { parties[$0.exhibit] = $0.party ?? "" }
        if format == .csv { out.write(TabularExport.row(columns)) }
        // The store orders by the UTC text, in which `…:00Z` sorts after `…:00.5Z`: events of
        // one second are held and ordered by their microseconds (stably) before they are written.
        var second = ""
        var held: [(microseconds: Int64, row: [String])] = []
        func flush() {
            for event in held.enumerated().sorted(by: { ($0.element.microseconds, $0.offset) < ($1.element.microseconds, $1.offset) }) {
                write(event.element.row, format: format, to: out)
            }
            held.removeAll(keepingCapacity: true)
        }
        try export.reader.forEachFinding(FindingQuery(kinds: filter.kinds, eventsOnly: true, order: .time)) { event in
            guard let utc = event.timeUTC, let micros = microseconds(utc) else { return }
            if let from = filter.from, micros < from { return }
            if let to = filter.to, micros > to { return }
            let party = parties[event.exhibit] ?? ""
            if !filter.parties.isEmpty, !filter.parties.contains(party) { return }
            let prefix = String(utc.prefix(19))
            if prefix != second {
                flush()
                second = prefix
            }
            let locator = (try? JSONDecoder().decode(Locator.self, from: Data(event.locator.utf8)))?.canonical ?? event.locator
            held.append((micros, [event.summary, datetime(micros), String(micros), export.descriptions.timestampDescription(of: event.kind),
                                  event.timeOriginal ?? "", event.timeZoneSource ?? "", event.exhibit, party, event.evidencePath,
                                  locator, event.kind, "\(event.extractorID) \(event.extractorVersion)", event.attributes, event.id]))
        }
        flush()
    }

    private static func write(_ row: [String], format: Format, to out: ExportStream) {
        switch format {
        case .csv:
            out.write(TabularExport.row(row))
        case .jsonl:
            out.write("{")
            for (index, (column, value)) in zip(columns, row).enumerated() {
                if index > 0 { out.write(",") }
                out.writeJSONString(column)
                out.write(":")
                if column == "timestamp" || column == "attributes" {
                    out.write(value)   // an integer, and canonical JSON already
                } else {
                    out.writeJSONString(value)
                }
            }
            out.write("}\n")
        }
    }

    /// `2024-05-01T12:00:00.500000+00:00`: microseconds always, the offset always written out.
    static func datetime(_ microseconds: Int64) -> String {
        let (seconds, fraction) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        let (whole, micros) = fraction < 0 ? (seconds - 1, fraction + 1_000_000) : (seconds, fraction)
        let base = String(UTCTime.iso8601(whole).dropLast())   // without its `Z`
        let digits = String(micros)
        return base + "." + String(repeating: "0", count: 6 - digits.count) + digits + "+00:00"
    }
}
