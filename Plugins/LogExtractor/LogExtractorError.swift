import EvidenceKit
import Foundation

/// What the log extractor says of a problem, in one voice. Every case but ``binary`` is a
/// warning with its place, and reading goes on: a log is read to its end whatever its damage.
enum LogExtractorError: Error, LocalizedError, Sendable, Equatable {
    /// NUL bytes in the head and no UTF-16 shape: not a text log (declined).
    case binary
    /// Text written like a time that names none (month 13, second 61).
    case impossibleTime(original: String, reason: String)
    /// A yearless time whose inferred year has no such day (February 29 of a common year).
    case nonexistentDate(original: String, year: Int)
    /// Yearless times and nothing to infer their year from.
    case noYearAnchor(original: String)
    /// An epoch number no unit puts between 1990 and 2100.
    case epochOutOfRange(key: String, value: String)
    /// A line that looks like a JSON object but is not one.
    case corruptJSONLine(reason: String)
    /// A document (trainer_state.json, wandb-summary.json) that stops being JSON.
    case corruptDocument(reason: String)
    /// A line longer than the budget, cut.
    case lineCut(length: Int64, kept: Int)
    /// Lines with bytes that are not UTF-8, shown as U+FFFD.
    case invalidUTF8(lines: Int, firstLine: Int)
    /// Lines with NUL bytes.
    case nulBytes(lines: Int, firstLine: Int)
    /// UTF-16 text, decoded.
    case wideText(String)
    /// More warnings than the budget: the rest were counted, not recorded.
    case tooManyWarnings(recorded: Int, total: Int)

    var errorDescription: String? {
        switch self {
        case .binary: return "binary content (NUL bytes, not UTF-16): not a text log"
        case .impossibleTime(let original, let reason): return "'\(original)' is not a time: \(reason); the line is not an event"
        case .nonexistentDate(let original, let year):
            return "'\(original)' does not exist in the inferred year \(year); the line is not an event"
        case .noYearAnchor(let original):
            return "'\(original)' has no year and the file has no modification time to infer it from; yearless lines are not events"
        case .epochOutOfRange(let key, let value):
            return "\(key) = \(value) is no time between 1990 and 2100 in seconds, milliseconds, microseconds or nanoseconds"
        case .corruptJSONLine(let reason): return "not a JSON object: \(reason); the file goes on"
        case .corruptDocument(let reason): return "the JSON document cannot be read further: \(reason)"
        case .lineCut(let length, let kept): return "a line of \(length) bytes: only its first \(kept) bytes were read"
        case .invalidUTF8(let lines, let firstLine):
            return "\(lines) line(s) are not valid UTF-8 (the first: line \(firstLine)); invalid bytes shown as U+FFFD"
        case .nulBytes(let lines, let firstLine): return "\(lines) line(s) hold NUL bytes (the first: line \(firstLine))"
        case .wideText(let name): return "\(name) text, decoded: byte offsets and lengths refer to the text re-encoded as UTF-8"
        case .tooManyWarnings(let recorded, let total):
            return "\(total) warnings: the first \(recorded) were recorded, the rest only counted"
        }
    }

    /// The `problem` attribute of the warning.
    var problem: String {
        switch self {
        case .binary: return "binary"
        case .impossibleTime: return "impossible_time"
        case .nonexistentDate: return "nonexistent_date"
        case .noYearAnchor: return "no_year_anchor"
        case .epochOutOfRange: return "epoch_out_of_range"
        case .corruptJSONLine: return "corrupt_json_line"
        case .corruptDocument: return "corrupt_document"
        case .lineCut: return "line_cut"
        case .invalidUTF8: return "invalid_utf8"
        case .nulBytes: return "nul_bytes"
        case .wideText: return "wide_text"
        case .tooManyWarnings: return "too_many_warnings"
        }
    }
}
