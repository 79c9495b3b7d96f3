import EvidenceKit

/// What ``TimestampParser`` read: a time, a time without its year, or text written like a time
/// that names none (month 13, second 61) — a warning for the reader, never an event.
public enum TimestampReading: Sendable, Hashable {
    /// A complete time: UTC, an explicit offset (applied), or a wall-clock reading whose zone the
    /// host decides (``TimeZoneSource/unspecified``).
    case complete(Timestamp)
    /// A time without its year: the reader dates it.
    case yearless(YearlessTime)
    /// Written like a time, but impossible: the text and why.
    case invalid(original: String, reason: String)
}

/// A time found in text: what it reads, in which format, and which bytes it took.
public struct TimestampMatch: Sendable, Hashable {
    public let reading: TimestampReading
    public let format: TimestampFormat
    /// The bytes of the time in the text searched.
    public let range: Range<Int>
}

/// How an epoch number was read (``TimestampParser/epoch(_:)``).
public enum EpochUnit: String, Sendable, Hashable, Codable {
    case seconds, milliseconds, microseconds, nanoseconds
}
