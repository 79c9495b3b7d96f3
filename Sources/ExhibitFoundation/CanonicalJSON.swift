import EvidenceKit
import Foundation

/// JSON with sorted keys and unescaped slashes: the same value always gives the same bytes.
///
/// Written by hand for the values stored per finding and artifact (tens of thousands per
/// archive), where Foundation's `JSONEncoder` costs tens of microseconds a call; the generic
/// ``encode(_:)`` serves everything else.
public enum CanonicalJSON {
    /// Any `Encodable`, through `JSONEncoder` (sorted keys).
    public static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    /// An object of typed values.
    public static func encode(_ object: [String: Value]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        write(.object(object), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// An object of strings.
    public static func encode(_ object: [String: String]) -> String {
        encode(object.mapValues(Value.string))
    }

    /// A locator, with the keys its `Codable` conformance reads back.
    public static func encode(_ locator: Locator) -> String {
        var object: [String: Value] = [:]
        if let value = locator.entryIndex { object["entry_index"] = .integer(Int64(value)) }
        if let value = locator.memberPath { object["member_path"] = .string(value) }
        if let value = locator.byteOffset { object["byte_offset"] = .integer(value) }
        if let value = locator.byteLength { object["byte_length"] = .integer(value) }
        if let value = locator.line { object["line"] = .integer(Int64(value)) }
        if let value = locator.column { object["column"] = .integer(Int64(value)) }
        if let value = locator.jsonPointer { object["json_pointer"] = .string(value) }
        if let value = locator.cellIndex { object["cell_index"] = .integer(Int64(value)) }
        return encode(object)
    }

    private static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text): writeString(text, to: &out)
        case .integer(let number): out += String(number).utf8
        case .float(let number):
            if number.isFinite { out += "\(number)".utf8 } else { writeString("\(number)", to: &out) }
        case .bool(let flag): out += (flag ? "true" : "false").utf8
        case .null: out += "null".utf8
        case .list(let values):
            out.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            // Sorted by UTF-8 bytes, as JSONEncoder's .sortedKeys does for ASCII keys.
            let members = object.count < 2 ? Array(object)
                : object.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(member.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Appends `text` as a JSON string, quoted and escaped as every canonical value is.
    ///
    /// Runs of bytes that need no escape are appended whole: names and paths are mostly such a
    /// run, and a byte-by-byte append cost more than the rest of a finding's row.
    public static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                switch byte {
                case UInt8(ascii: "\""): out += "\\\"".utf8
                case UInt8(ascii: "\\"): out += "\\\\".utf8
                case 0x0A: out += "\\n".utf8
                case 0x0D: out += "\\r".utf8
                case 0x09: out += "\\t".utf8
                default:
                    out += "\\u00".utf8
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                }
                runStart = index + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
