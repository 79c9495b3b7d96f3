import Foundation

/// A time as the artifact states it, before normalization.
///
/// The extractor reports the instant it read and what it knows of the time zone; the host's
/// normalizer decides the zone of times that do not state one (from `--timezone`), in one place.
///
/// ```swift
/// // A tar mtime: seconds since the epoch, UTC by definition.
/// Timestamp(secondsSinceEpoch: 1_700_000_000, original: "1700000000", zone: .utc)
/// // A zip DOS time: a wall-clock reading with no zone, given here as if it were UTC.
/// Timestamp(secondsSinceEpoch: wallClockAsUTC, original: "2024-03-01 12:00:00", zone: .unspecified)
/// ```
public struct Timestamp: Sendable, Hashable, Codable {
    /// Seconds since 1970-01-01T00:00:00Z; for ``TimeZoneSource/unspecified``, the wall-clock
    /// reading as if it were UTC.
    public var secondsSinceEpoch: Int64
    /// Nanoseconds past the second.
    public var nanoseconds: Int32
    /// The time as the artifact wrote it.
    public var original: String
    /// What the artifact says about the time zone.
    public var zone: TimeZoneSource

    /// JSON keys are snake_case, like every key Exhibit writes.
    enum CodingKeys: String, CodingKey {
        case nanoseconds, original, zone
        case secondsSinceEpoch = "seconds_since_epoch"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        secondsSinceEpoch = try container.decode(Int64.self, forKey: .secondsSinceEpoch)
        nanoseconds = try container.decodeIfPresent(Int32.self, forKey: .nanoseconds) ?? 0
        guard (0..<1_000_000_000).contains(nanoseconds) else {
            throw DecodingError.dataCorruptedError(forKey: .nanoseconds, in: container, debugDescription: "out of range")
        }
        original = try container.decodeIfPresent(String.self, forKey: .original) ?? String(secondsSinceEpoch)
        zone = try container.decode(TimeZoneSource.self, forKey: .zone)
    }

    public init(secondsSinceEpoch: Int64, nanoseconds: Int32 = 0, original: String, zone: TimeZoneSource) {
        self.secondsSinceEpoch = secondsSinceEpoch
        self.nanoseconds = nanoseconds
        self.original = original
        self.zone = zone
    }
}

/// What an artifact says about the zone of a time it records.
public enum TimeZoneSource: String, Sendable, Hashable, Codable {
    /// The format defines the value as UTC (tar, cpio and 7z times, Unix epochs).
    case utc
    /// The text carries an explicit offset (`+02:00`, `Z`), already applied.
    case explicitOffset = "explicit_offset"
    /// A wall-clock reading with no zone (zip DOS times, naive log times): the host applies the
    /// time zone the investigator gave for this evidence.
    case unspecified
}
