import EvidenceKit
import Foundation

/// Reads the times that logs and notebooks write (``TimestampFormat``), returning each as a
/// ``Timestamp`` with its original text and what the text says of its zone — and never deciding
/// a zone the text does not state: a time without one is ``TimeZoneSource/unspecified``, and the
/// host's normalizer reads it in the zone the investigator gives, in one place.
///
/// ```swift
/// TimestampParser.parse("2024-05-01 12:00:00,123")      // complete, unspecified zone
/// TimestampParser.parse("2024-05-01T12:00:00+02:00")     // complete, explicit offset applied
/// TimestampParser.find(in: Array("[2025-04-13 23:41:12] iteration 10".utf8))?.range   // 1..<20
/// TimestampParser.epoch(1_714_564_800_123)               // milliseconds, UTC
/// ```
public enum TimestampParser {
    /// The time that is the whole of `text` (surrounding spaces aside), if it is one.
    public static func parse(_ text: String, formats: [TimestampFormat] = TimestampFormat.allCases) -> TimestampMatch? {
        let bytes = Array(text.utf8)
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 { end -= 1 }
        return bytes.withUnsafeBytes { raw in
            for format in formats {
                if let match = match(format, in: raw, at: start), match.range.upperBound == end { return match }
            }
            return nil
        }
    }

    /// The first time in the first `within` bytes of `bytes` (a line's prefix, where logs put
    /// their time), starting at a word boundary.
    public static func find(in bytes: UnsafeRawBufferPointer, within: Int = 64,
                            formats: [TimestampFormat] = TimestampFormat.allCases) -> TimestampMatch? {
        let limit = min(bytes.count, within)
        var position = 0
        while position < limit {
            let byte = bytes[position]
            let boundary = position == 0 || !isAlphanumeric(bytes[position - 1])
            if boundary, isDigit(byte) || isUpper(byte) {
                for format in formats {
                    if let match = match(format, in: bytes, at: position) { return match }
                }
            }
            position += 1
        }
        return nil
    }

    /// The first time in the first `within` bytes of `bytes`.
    public static func find(in bytes: [UInt8], within: Int = 64,
                            formats: [TimestampFormat] = TimestampFormat.allCases) -> TimestampMatch? {
        bytes.withUnsafeBytes { find(in: $0, within: within, formats: formats) }
    }

    /// The earliest and latest instants an epoch number may name (1990 to 2100): outside them, in
    /// every unit, the number is not taken for a time.
    public static let plausibleEpochSeconds: ClosedRange<Double> = 631_152_000...4_102_444_799

    /// An epoch number in the unit its magnitude implies — seconds, milliseconds, microseconds or
    /// nanoseconds, whichever puts it between 1990 and 2100 — as a UTC time, with the unit (to be
    /// said with it); `nil` when no unit does (a year-9999 stamp, a counter).
    public static func epoch(_ value: Double, original: String? = nil) -> (timestamp: Timestamp, unit: EpochUnit)? {
        guard value.isFinite else { return nil }
        let units: [(EpochUnit, Int64)] = [(.seconds, 1), (.milliseconds, 1_000), (.microseconds, 1_000_000),
                                           (.nanoseconds, 1_000_000_000)]
        for (unit, scale) in units {
            let seconds = value / Double(scale)
            guard plausibleEpochSeconds.contains(seconds) else { continue }
            let text = original ?? (value.rounded() == value ? String(Int64(value)) : String(value))
            // A whole number is split exactly; a fraction as closely as a double allows.
            if value.rounded() == value {
                let whole = Int64(value)
                return (Timestamp(secondsSinceEpoch: whole / scale, nanoseconds: Int32((whole % scale) * (1_000_000_000 / scale)),
                                  original: text, zone: .utc), unit)
            }
            let whole = seconds.rounded(.down)
            let nanoseconds = Int32(min(999_999_999, max(0, ((seconds - whole) * 1e9).rounded())))
            return (Timestamp(secondsSinceEpoch: Int64(whole), nanoseconds: nanoseconds, original: text, zone: .utc), unit)
        }
        return nil
    }

    // MARK: Formats

    private static func match(_ format: TimestampFormat, in bytes: UnsafeRawBufferPointer, at start: Int) -> TimestampMatch? {
        var cursor = Cursor(bytes: bytes, position: start)
        let fields: Fields?
        switch format {
        case .iso8601: fields = iso8601(&cursor)
        case .iso8601Basic: fields = iso8601Basic(&cursor)
        case .commonLog: fields = commonLog(&cursor)
        case .syslog: fields = syslog(&cursor)
        case .glog: fields = glog(&cursor)
        }
        guard let fields, !cursor.atDigit else { return nil }
        let range = start..<cursor.position
        let original = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        return TimestampMatch(reading: fields.reading(original), format: format, range: range)
    }

    /// `YYYY-MM-DD[T ]hh:mm[:ss[.,fraction]][zone]`
    private static func iso8601(_ cursor: inout Cursor) -> Fields? {
        guard let year = cursor.digits(4), cursor.take("-"), let month = cursor.digits(2), cursor.take("-"),
              let day = cursor.digits(2), cursor.take("T") || cursor.take("t") || cursor.take(" "),
              let hour = cursor.digits(2), cursor.take(":"), let minute = cursor.digits(2) else { return nil }
        var fields = Fields(year: year, month: month, day: day, hour: hour, minute: minute)
        if cursor.take(":") {
            guard let second = cursor.digits(2) else { return nil }
            fields.second = second
            fields.nanoseconds = cursor.fraction()
        }
        fields.zulu = cursor.atZulu
        fields.offset = cursor.zone(spaceBeforeNumericOffset: true)
        return fields
    }

    /// `YYYYMMDDThhmmss[.fraction][zone]`
    private static func iso8601Basic(_ cursor: inout Cursor) -> Fields? {
        guard let year = cursor.digits(4), let month = cursor.digits(2), let day = cursor.digits(2), cursor.take("T"),
              let hour = cursor.digits(2), let minute = cursor.digits(2), let second = cursor.digits(2) else { return nil }
        var fields = Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        fields.nanoseconds = cursor.fraction()
        fields.zulu = cursor.atZulu
        fields.offset = cursor.zone(spaceBeforeNumericOffset: false)
        return fields
    }

    /// `DD/Mon/YYYY:hh:mm:ss ±hhmm`
    private static func commonLog(_ cursor: inout Cursor) -> Fields? {
        guard let day = cursor.digits(2), cursor.take("/"), let month = cursor.monthName(), cursor.take("/"),
              let year = cursor.digits(4), cursor.take(":"), let hour = cursor.digits(2), cursor.take(":"),
              let minute = cursor.digits(2), cursor.take(":"), let second = cursor.digits(2), cursor.take(" "),
              let offset = cursor.zone(spaceBeforeNumericOffset: false) else { return nil }
        var fields = Fields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        fields.offset = offset
        return fields
    }

    /// `Mon dd hh:mm:ss[.fraction]` (the day space-padded).
    private static func syslog(_ cursor: inout Cursor) -> Fields? {
        guard let month = cursor.monthName(), cursor.take(" ") else { return nil }
        _ = cursor.take(" ")
        guard let day = cursor.digits(2) ?? cursor.digits(1), cursor.take(" "), let hour = cursor.digits(2),
              cursor.take(":"), let minute = cursor.digits(2), cursor.take(":"), let second = cursor.digits(2) else { return nil }
        var fields = Fields(year: nil, month: month, day: day, hour: hour, minute: minute, second: second)
        fields.nanoseconds = cursor.fraction()
        return fields
    }

    /// `Lmmdd hh:mm:ss.uuuuuu`, L one of I, W, E, F.
    private static func glog(_ cursor: inout Cursor) -> Fields? {
        guard cursor.take("I") || cursor.take("W") || cursor.take("E") || cursor.take("F"),
              let month = cursor.digits(2), let day = cursor.digits(2), cursor.take(" "), let hour = cursor.digits(2),
              cursor.take(":"), let minute = cursor.digits(2), cursor.take(":"), let second = cursor.digits(2) else { return nil }
        var fields = Fields(year: nil, month: month, day: day, hour: hour, minute: minute, second: second)
        fields.nanoseconds = cursor.fraction()
        return fields
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isDigit(byte) || isUpper(byte) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// The fields read, before they are checked.
    private struct Fields {
        var year: Int?
        var month: Int
        var day: Int
        var hour: Int
        var minute: Int
        var second = 0
        var nanoseconds: Int32 = 0
        /// Seconds east of UTC, when the text states them.
        var offset: Int?
        /// Whether the zone was written `Z` (UTC by definition), not as an offset.
        var zulu = false

        func reading(_ original: String) -> TimestampReading {
            if let problem = problem { return .invalid(original: original, reason: problem) }
            guard let year else {
                return .yearless(YearlessTime(month: month, day: day, hour: hour, minute: minute, second: second,
                                              nanoseconds: nanoseconds, original: original))
            }
            let wall = CivilTime.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
            guard let offset else {
                return .complete(Timestamp(secondsSinceEpoch: wall, nanoseconds: nanoseconds, original: original,
                                           zone: .unspecified))
            }
            return .complete(Timestamp(secondsSinceEpoch: wall - Int64(offset), nanoseconds: nanoseconds, original: original,
                                       zone: zulu ? .utc : .explicitOffset))
        }

        /// Why the fields name no time, if they do not.
        private var problem: String? {
            guard (1...12).contains(month) else { return "month \(month) does not exist" }
            let longest = year.map { CivilTime.daysIn(month: month, year: $0) } ?? (month == 2 ? 29 : CivilTime.daysIn(month: month, year: 2000))
            guard (1...longest).contains(day) else {
                return "day \(day) does not exist in month \(month)" + (year.map { " of \($0)" } ?? "")
            }
            guard (0...23).contains(hour) else { return "hour \(hour) does not exist" }
            guard (0...59).contains(minute) else { return "minute \(minute) does not exist" }
            guard (0...60).contains(second) else { return "second \(second) does not exist" }
            if let offset, abs(offset) >= 24 * 3600 { return "an offset of \(offset / 3600) hours does not exist" }
            return nil
        }
    }

    /// Reads fields from bytes, moving only on success of each step it is asked for.
    private struct Cursor {
        let bytes: UnsafeRawBufferPointer
        var position: Int

        var atDigit: Bool { position < bytes.count && isDigit(bytes[position]) }
        var atZulu: Bool { position < bytes.count && (bytes[position] == UInt8(ascii: "Z") || bytes[position] == UInt8(ascii: "z")) }

        mutating func take(_ character: Character) -> Bool {
            guard position < bytes.count, bytes[position] == character.asciiValue! else { return false }
            position += 1
            return true
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int? {
            guard position + count <= bytes.count else { return nil }
            var value = 0
            for index in position..<(position + count) {
                guard isDigit(bytes[index]) else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            position += count
            return value
        }

        /// `.` or `,` and up to nine digits (more are read and dropped), as nanoseconds.
        mutating func fraction() -> Int32 {
            guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: ".") || bytes[position] == UInt8(ascii: ","),
                  isDigit(bytes[position + 1]) else { return 0 }
            position += 1
            var value: Int32 = 0
            var places = 0
            while position < bytes.count, isDigit(bytes[position]) {
                if places < 9 {
                    value = value * 10 + Int32(bytes[position] - 0x30)
                    places += 1
                }
                position += 1
            }
            while places < 9 {
                value *= 10
                places += 1
            }
            return value
        }

        /// `Z`, `±hh:mm`, `±hhmm` or `±hh` as seconds east of UTC; a space may come before a
        /// four-digit offset (`12:00:00 -0700`) when allowed.
        mutating func zone(spaceBeforeNumericOffset: Bool) -> Int? {
            if take("Z") || take("z") { return 0 }
            let saved = position
            if spaceBeforeNumericOffset, take(" ") {
                if let offset = numericOffset(colonAllowed: false, hoursAlone: false) { return offset }
                position = saved
                return nil
            }
            return numericOffset(colonAllowed: true, hoursAlone: true)
        }

        private mutating func numericOffset(colonAllowed: Bool, hoursAlone: Bool) -> Int? {
            let saved = position
            let sign: Int
            if take("+") {
                sign = 1
            } else if take("-") {
                sign = -1
            } else {
                return nil
            }
            guard let hours = digits(2) else {
                position = saved
                return nil
            }
            if colonAllowed, take(":") {
                guard let minutes = digits(2) else {
                    position = saved
                    return nil
                }
                return sign * (hours * 3600 + minutes * 60)
            }
            if let minutes = digits(2) { return sign * (hours * 3600 + minutes * 60) }
            guard hoursAlone, !atDigit else {
                position = saved
                return nil
            }
            return sign * hours * 3600
        }

        private static let months: [[UInt8]] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
            .map { Array($0.utf8) }

        /// A three-letter English month name, as syslog and common logs write it.
        mutating func monthName() -> Int? {
            guard position + 3 <= bytes.count else { return nil }
            for (index, name) in Self.months.enumerated()
            where bytes[position] == name[0] && bytes[position + 1] == name[1] && bytes[position + 2] == name[2] {
                position += 3
                return index + 1
            }
            return nil
        }
    }
}
