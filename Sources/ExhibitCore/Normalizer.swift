import EvidenceKit
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
            return NormalizedTime(utc: Self.iso8601(timestamp.secondsSinceEpoch, timestamp.nanoseconds),
                                  original: timestamp.original, zoneSource: timestamp.zone.rawValue)
        case .unspecified:
            let wall = timestamp.secondsSinceEpoch
            // Find the instant whose local reading is `wall`; two steps settle DST edges.
            var instant = wall - Int64(assumedZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall))))
            instant = wall - Int64(assumedZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant))))
            return NormalizedTime(utc: Self.iso8601(instant, timestamp.nanoseconds), original: timestamp.original,
                                  zoneSource: "assumed:\(assumedZoneName) (\(assumedZoneReason))")
        }
    }

    /// `2024-03-01T12:00:00Z`, with nanoseconds when there are any.
    public static func iso8601(_ seconds: Int64, _ nanoseconds: Int32 = 0) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        // Written digit by digit: called for every member time, where string concatenation and
        // `String(format:)` cost microseconds.
        var text: [UInt8] = []
        text.reserveCapacity(32)
        func digits(_ value: Int, _ width: Int, then separator: UInt8?) {
            var value = value
            if value < 0 {
                text.append(UInt8(ascii: "-"))
                value = -value
            }
            var scratch: [UInt8] = []
            repeat {
                scratch.append(UInt8(ascii: "0") + UInt8(value % 10))
                value /= 10
            } while value > 0
            if scratch.count < width { text += repeatElement(UInt8(ascii: "0"), count: width - scratch.count) }
            text += scratch.reversed()
            if let separator { text.append(separator) }
        }
        digits(Int(parts.tm_year) + 1900, 4, then: UInt8(ascii: "-"))
        digits(Int(parts.tm_mon) + 1, 2, then: UInt8(ascii: "-"))
        digits(Int(parts.tm_mday), 2, then: UInt8(ascii: "T"))
        digits(Int(parts.tm_hour), 2, then: UInt8(ascii: ":"))
        digits(Int(parts.tm_min), 2, then: UInt8(ascii: ":"))
        digits(Int(parts.tm_sec), 2, then: nil)
        if nanoseconds > 0 {
            text.append(UInt8(ascii: "."))
            digits(Int(nanoseconds), 9, then: nil)
            while text.last == UInt8(ascii: "0") { text.removeLast() }
        }
        text.append(UInt8(ascii: "Z"))
        return String(decoding: text, as: UTF8.self)
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
