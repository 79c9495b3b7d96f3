import EvidenceKit
import ExhibitFoundation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The one place where raw findings become graph values: times into UTC with the source of
/// their zone, entity values into canonical form, attributes into canonical JSON.
///
/// Time zones are decided here, never in extractors: a time that states no zone is read in the
/// zone the investigator gave for the evidence (`--timezone`), or UTC, and says which.
public struct Normalizer: Sendable {
    /// The zone for times that state none.
    public let assumedZone: TimeZone
    /// Its IANA name.
    public let assumedZoneName: String
    /// Why that zone: `--timezone` or the default.
    public let assumedZoneReason: String

    /// - Parameter timeZone: an IANA name, or `nil` for UTC.
    public init(timeZone: String?) throws {
        if let timeZone {
            guard let zone = TimeZone(identifier: timeZone) else { throw ExhibitCoreError.unknownTimeZone(timeZone) }
            assumedZone = zone
            assumedZoneName = timeZone
            assumedZoneReason = "--timezone"
        } else {
            assumedZone = TimeZone(secondsFromGMT: 0)!
            assumedZoneName = "UTC"
            assumedZoneReason = "no --timezone given"
        }
    }

    /// A normalized time: UTC text, the original text, and where its zone came from.
    public struct NormalizedTime: Sendable, Hashable {
        public var utc: String
        public var original: String
        public var zoneSource: String
    }

    public func normalize(_ timestamp: Timestamp) -> NormalizedTime {
        switch timestamp.zone {
        case .utc, .explicitOffset:
            return NormalizedTime(utc: UTCTime.iso8601(timestamp.secondsSinceEpoch, timestamp.nanoseconds),
                                  original: timestamp.original, zoneSource: timestamp.zone.rawValue)
        case .unspecified:
            let wall = timestamp.secondsSinceEpoch
            // Find the instant whose local reading is `wall`; two steps settle DST edges.
            var instant = wall - Int64(assumedZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
            instant = wall - Int64(assumedZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
            return NormalizedTime(utc: UTCTime.iso8601(instant, timestamp.nanoseconds), original: timestamp.original,
                                  zoneSource: "assumed:\(assumedZoneName) (\(assumedZoneReason))")
        }
    }

    /// The canonical value of an entity, so that spellings of the same thing meet.
    public func canonicalEntityValue(_ entity: EntityRef) -> String {
        let trimmed = entity.value.trimmingCharacters(in: .whitespacesAndNewlines)
        switch entity.kind {
        case .email, .host:
            return trimmed.lowercased()
        case .url:
            guard var components = URLComponents(string: trimmed) else { return trimmed }
            components.scheme = components.scheme?.lowercased()
            components.host = components.host?.lowercased()
            return components.string ?? trimmed
        case .technique:
            return trimmed.uppercased()
        default:
            return trimmed
        }
    }
}
