/// Something a JSON string is read from, a byte at a time: a scanner's buffer, a stream.
public protocol JSONByteReading {
    /// The next byte without taking it; `nil` at the end.
    mutating func peekByte() throws -> UInt8?
    /// Takes the next byte; `nil` at the end.
    mutating func takeByte() throws -> UInt8?
}

/// The one routine that decodes JSON string escapes (RFC 8259 §7), shared by every JSON reader
/// in Exhibit — the evidence scanner and the bundle verifier — so they cannot disagree.
///
/// A character beyond U+FFFF is escaped as a surrogate pair (`\ud83d\ude00`); either half alone
/// is no character and becomes U+FFFD, and whatever follows it is read as itself: `"\ud800x"` is
/// `U+FFFD x`, never a swallowed `x`.
///
/// ```swift
/// // After reading a backslash:
/// let lone = try JSONEscape.decode(from: &reader, into: &bytes)   // true if a lone surrogate was replaced
/// ```
public enum JSONEscape {
    /// Why an escape could not be read.
    public enum Failure: Error, Sendable, Hashable {
        /// The input ends inside the escape.
        case truncated
        /// `\` followed by a character that is not an escape.
        case unknownEscape(UInt8)
        /// `\u` not followed by four hexadecimal digits.
        case malformedUnicodeEscape
    }

    /// Decodes the escape whose backslash was just taken from `reader`, appending its UTF-8 to
    /// `out`; returns whether an unpaired surrogate was replaced by U+FFFD.
    public static func decode<Reader: JSONByteReading>(from reader: inout Reader, into out: inout [UInt8]) throws -> Bool {
        guard let escape = try reader.takeByte() else { throw Failure.truncated }
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"): return try unicode(from: &reader, into: &out)
        default: throw Failure.unknownEscape(escape)
        }
        return false
    }

    /// `\uXXXX` (the `\u` taken), with a following `\uXXXX` when it completes a surrogate pair.
    private static func unicode<Reader: JSONByteReading>(from reader: inout Reader, into out: inout [UInt8]) throws -> Bool {
        var code = try hex4(&reader)
        var replaced = false
        // A high surrogate: the pair is completed only by `\u` and a low surrogate; anything else
        // leaves it alone (U+FFFD), and what follows is read on its own.
        while (0xD800..<0xDC00).contains(code) {
            guard try reader.peekByte() == UInt8(ascii: "\\") else { break }
            _ = try reader.takeByte()
            guard try reader.peekByte() == UInt8(ascii: "u") else {
                // Another escape follows: the surrogate stands alone, the escape is itself.
                appendScalar(0xFFFD, to: &out)
                _ = try decode(from: &reader, into: &out)
                return true
            }
            _ = try reader.takeByte()
            let next = try hex4(&reader)
            if (0xDC00..<0xE000).contains(next) {
                appendScalar(0x10000 + ((code - 0xD800) << 10) + (next - 0xDC00), to: &out)
                return replaced
            }
            appendScalar(0xFFFD, to: &out)
            replaced = true
            code = next
        }
        if (0xD800..<0xE000).contains(code) {
            appendScalar(0xFFFD, to: &out)
            return true
        }
        appendScalar(code, to: &out)
        return replaced
    }

    private static func hex4<Reader: JSONByteReading>(_ reader: inout Reader) throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = try reader.takeByte() else { throw Failure.truncated }
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Failure.malformedUnicodeEscape
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends a Unicode scalar value (not a surrogate) as UTF-8.
    static func appendScalar(_ value: UInt32, to out: inout [UInt8]) {
        switch value {
        case 0..<0x80:
            out.append(UInt8(value))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | value >> 6))
            out.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | value >> 12))
            out.append(UInt8(0x80 | value >> 6 & 0x3F))
            out.append(UInt8(0x80 | value & 0x3F))
        default:
            out.append(UInt8(0xF0 | value >> 18))
            out.append(UInt8(0x80 | value >> 12 & 0x3F))
            out.append(UInt8(0x80 | value >> 6 & 0x3F))
            out.append(UInt8(0x80 | value & 0x3F))
        }
    }
}
