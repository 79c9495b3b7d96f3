import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Instants written as RFC 3339 text in UTC, the one form every node, custody entry and export
/// carries.
public enum UTCTime {
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
}
