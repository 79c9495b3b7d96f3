import EvidenceFormats
import EvidenceKit
import Foundation

/// The protocol's JSON, which carries a ``Value`` exactly: an integer is written without a
/// point, a float always with one (or an exponent), non-finite floats as `NaN`, `Infinity` and
/// `-Infinity` (as Python's `json` writes them); objects with sorted keys.
///
/// Foundation's coder cannot be used on the wire: it writes `2.0` as `2` and reads `2.0` back as
/// an integer, so a finding's attributes would change type on the way from a plugin — and with
/// them its canonical JSON, and the graph.
public enum WireJSON {
    /// The JSON text of `value`.
    public static func encode(_ value: Value) -> [UInt8] {
        var out: [UInt8] = []
        write(value, to: &out)
        return out
    }

    /// The value of one JSON document, read without recursion (depth at most `maxDepth`).
    public static func decode(_ bytes: [UInt8], maxDepth: Int = 64) throws -> Value {
        let scanner = JSONScanner(DataByteSource(Data(bytes)), options: .init(dialect: .lenient, maxDepth: maxDepth,
                                                                              maxStringBytes: bytes.count))
        var stack: [(object: [String: Value]?, array: [Value], key: String?)] = []
        var root: Value?
        func add(_ value: Value) {
            guard var top = stack.popLast() else {
                root = value
                return
            }
            if top.object != nil {
                top.object![top.key ?? ""] = value
                top.key = nil
            } else {
                top.array.append(value)
            }
            stack.append(top)
        }
        while let event = try scanner.next() {
            switch event {
            case .beginObject: stack.append((object: [:], array: [], key: nil))
            case .beginArray: stack.append((object: nil, array: [], key: nil))
            case .key(let key): stack[stack.count - 1].key = key
            case .endObject, .endArray:
                let done = stack.removeLast()
                add(done.object.map(Value.object) ?? .list(done.array))
            case .number(let text):
                if text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) {
                    add(.float(Double(text) ?? .nan))
                } else {
                    add(Int64(text).map(Value.integer) ?? .float(Double(text) ?? .nan))
                }
            default:
                add(JSONScanner.value(of: event) ?? .null)
            }
        }
        guard let root else { throw PluginProtocolError.malformedHeader(reason: "empty", excerpt: "") }
        return root
    }

    private static func write(_ value: Value, to out: inout [UInt8]) {
        switch value {
        case .string(let text): writeString(text, to: &out)
        case .integer(let number): out += String(number).utf8
        case .float(let number):
            if number.isNaN {
                out += "NaN".utf8
            } else if number.isInfinite {
                out += (number < 0 ? "-Infinity" : "Infinity").utf8
            } else {
                // Swift's shortest round-trip form keeps a point for integral values: 2.0, 1e+20.
                out += number.description.utf8
            }
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
            for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(object[key]!, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func writeString(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += "\\\"".utf8
            case UInt8(ascii: "\\"): out += "\\\\".utf8
            case 0x0A: out += "\\n".utf8
            case 0x0D: out += "\\r".utf8
            case 0x09: out += "\\t".utf8
            case 0x00..<0x20:
                out += "\\u00".utf8
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
