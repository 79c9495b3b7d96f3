import EvidenceFormats
import EvidenceKit
import Foundation

/// Dates times written without a year (RFC 3164 syslog, glog without its header) as plaso does:
/// the first line's year is the anchor's (the file's own modification time), or the year before
/// when its month lies after the anchor's month; the year steps up when the month goes back by
/// more than one (a small reordering, April → May → April, does not step), and never past the
/// anchor's year. Every time dated so is said to be (`year_inferred`, with its anchor).
struct YearInference {
    /// The anchor as written, to be said with every inferred year.
    let anchorText: String?
    private let anchor: (year: Int, month: Int)?
    private var year: Int?
    private var lastMonth: Int?

    /// - Parameter anchor: the file's modification time, if anything records it.
    init(anchor: Timestamp?) {
        anchorText = anchor.map { Self.utcText($0.secondsSinceEpoch) }
        self.anchor = anchor.map { Self.yearAndMonth($0.secondsSinceEpoch) }
    }

    /// A year the file states outright (glog's `Log file created at:` header): dating starts there.
    init(statedYear: Int, month: Int, text: String) {
        anchorText = text
        anchor = (statedYear + 1, 12)   // one rollover (December → January) may follow
        year = statedYear
        lastMonth = month
    }

    /// The year of a time in `month`, or `nil` when there is no anchor.
    mutating func year(forMonth month: Int) -> Int? {
        guard let anchor else { return nil }
        if let current = year, let last = lastMonth {
            if last > month + 1, current < anchor.year { year = current + 1 }
        } else {
            year = month > anchor.month ? anchor.year - 1 : anchor.year
        }
        lastMonth = month
        return year
    }

    private static func yearAndMonth(_ seconds: Int64) -> (year: Int, month: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        let parts = calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: Double(seconds)))
        return (parts.year ?? 1970, parts.month ?? 1)
    }

    private static func utcText(_ seconds: Int64) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)!
        return formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
    }
}
