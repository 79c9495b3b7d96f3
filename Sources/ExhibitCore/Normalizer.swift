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
    /// The zone source of every time read in the assumed zone.
    private let assumedSource: String
    /// Whether the assumed zone is UTC: no folds, no gaps, no offsets to look up.
    private let assumedIsUTC: Bool

    /// - Parameter timeZone: an IANA name, or `nil` for UTC.
    public init(timeZone: String?) throws {
        if let timeZone {
            guard let zone = TimeZone(identifier: timeZone) else { throw ExhibitCoreError.unknownTimeZone(timeZone) }
            assumedZone = zone
            assumedZoneName = timeZone
            assumedZoneReason = "--timezone"
            assumedIsUTC = ["UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Etc/Zulu", "Zulu"].contains(timeZone)
        } else {
            assumedZone = TimeZone(secondsFromGMT: 0)!
            assumedZoneName = "UTC"
            assumedZoneReason = "no --timezone given"
            assumedIsUTC = true
        }
        assumedSource = "assumed:\(assumedZoneName) (\(assumedZoneReason))"
    }

    /// A normalized time: UTC text, the original text, and where its zone came from.
    public struct NormalizedTime: Sendable, Hashable {
        public var utc: String
        public var original: String
        public var zoneSource: String
        /// A wall-clock reading the assumed zone does not decide: both instants of a DST fold
        /// (the repeated hour, earlier first; ``utc`` is the earlier), or the reason a reading
        /// in a DST gap never existed. `nil` for every other time.
        public var ambiguity: Ambiguity?
    }

    /// What makes a local reading not one instant.
    public enum Ambiguity: Sendable, Hashable {
        /// The reading happened twice (clocks went back): both instants, earlier first.
        case fold(earlier: String, later: String)
        /// The reading never happened (clocks went forward): it is read with the offset before the change.
        case gap

        /// How the zone source says it.
        var note: String {
            switch self {
            case .fold(let earlier, let later): return "ambiguous (DST fold): \(earlier) or \(later)"
            case .gap: return "nonexistent (DST gap): read with the offset before the change"
            }
        }
    }

    /// `timestamp` in UTC, with where its zone came from.
    public func normalize(_ timestamp: Timestamp) -> NormalizedTime {
        switch timestamp.zone {
        case .utc, .explicitOffset:
            return NormalizedTime(utc: UTCTime.iso8601(timestamp.secondsSinceEpoch, timestamp.nanoseconds),
                                  original: timestamp.original, zoneSource: timestamp.zone.rawValue)
        case .unspecified:
            if assumedIsUTC {
                return NormalizedTime(utc: UTCTime.iso8601(timestamp.secondsSinceEpoch, timestamp.nanoseconds),
                                      original: timestamp.original, zoneSource: assumedSource)
            }
            let (instant, ambiguity) = instants(ofWallClock: timestamp.secondsSinceEpoch, nanoseconds: timestamp.nanoseconds)
            var source = assumedSource
            if let ambiguity { source += "; " + ambiguity.note }
            return NormalizedTime(utc: UTCTime.iso8601(instant, timestamp.nanoseconds), original: timestamp.original,
                                  zoneSource: source, ambiguity: ambiguity)
        }
    }

    /// The instant whose reading in the assumed zone is `wall` (seconds as if UTC), and what
    /// makes it not one instant: the offsets a day either side are the candidates, and each that
    /// reads back to `wall` is an instant of it — two in a fold, none in a gap.
    private func instants(ofWallClock wall: Int64, nanoseconds: Int32) -> (Int64, Ambiguity?) {
        func offset(at instant: Int64) -> Int64 {
            Int64(assumedZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
        }
        let candidates = Set([offset(at: wall - 86_400), offset(at: wall + 86_400), offset(at: wall)])
        let valid = candidates.map { wall - $0 }.filter { offset(at: $0) == wall - $0 }.sorted()
        if valid.count >= 2 {
            return (valid[0], .fold(earlier: UTCTime.iso8601(valid[0], nanoseconds), later: UTCTime.iso8601(valid[valid.count - 1], nanoseconds)))
        }
        if let only = valid.first { return (only, nil) }
        // In a gap: the offset in force before the change (the larger instant's reading is later).
        return (wall - offset(at: wall - 86_400), .gap)
    }

    /// Whether a reading without a zone can be ambiguous or nonexistent here (the assumed zone
    /// is not UTC).
    public var mayFoldOrSkip: Bool { !assumedIsUTC }

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
