import EvidenceKit
import Foundation

/// One frame's header: a JSON object with a `type`, and `bytes` when raw bytes follow it.
///
/// Headers are kept as typed values (`Value`) and read field by field, so that a plugin in any
/// language can send them with its own JSON library, and a malformed one is named precisely.
public struct FrameHeader: Sendable, Hashable {
    public var fields: [String: Value]

    public init(_ type: String, _ fields: [String: Value] = [:]) {
        self.fields = fields
        self.fields["type"] = .string(type)
    }

    /// The frame's type.
    public var type: String {
        if case .string(let type)? = fields["type"] { return type }
        return ""
    }

    /// How many raw bytes follow the header (0 when none).
    public var byteCount: Int {
        if case .integer(let count)? = fields["bytes"] { return Int(count) }
        return 0
    }

    /// Parses a header line (without its newline).
    public init(line: [UInt8]) throws {
        let excerpt = Self.excerpt(line)
        guard case .object(let object)? = try? WireJSON.decode(line) else {
            throw PluginProtocolError.malformedHeader(reason: "not a JSON object", excerpt: excerpt)
        }
        fields = object
        guard case .string? = object["type"] else {
            throw PluginProtocolError.malformedHeader(reason: "no \"type\"", excerpt: excerpt)
        }
        if let bytes = object["bytes"] {
            guard case .integer(let count) = bytes, count >= 0, count <= Int64(PluginProtocol.maxFrameBytes) else {
                throw PluginProtocolError.badLength("\"bytes\" must be an integer from 0 to \(PluginProtocol.maxFrameBytes): \(excerpt)")
            }
        }
    }

    /// The header as one line of JSON (sorted keys), without its newline.
    public func encoded() -> [UInt8] {
        WireJSON.encode(.object(fields))
    }

    /// A text field.
    public func string(_ key: String) throws -> String {
        guard case .string(let text)? = fields[key] else { throw missing(key, "text") }
        return text
    }

    /// An integer field.
    public func integer(_ key: String) throws -> Int64 {
        guard case .integer(let number)? = fields[key] else { throw missing(key, "an integer") }
        return number
    }

    /// A field decoded as `T` (through its JSON form).
    public func decode<T: Decodable>(_ type: T.Type, _ key: String) throws -> T {
        guard let value = fields[key] else { throw missing(key, "\(T.self)") }
        do {
            return try ValueCoder.decode(T.self, from: value)
        } catch {
            throw PluginProtocolError.malformedHeader(reason: "\"\(key)\" is not a valid \(T.self): \(error)",
                                                      excerpt: Self.excerpt(encoded()))
        }
    }

    /// A value encoded for a field.
    public static func value<T: Encodable>(_ value: T) throws -> Value {
        try ValueCoder.encode(value)
    }

    private func missing(_ key: String, _ kind: String) -> PluginProtocolError {
        .malformedHeader(reason: "\"\(key)\" must be \(kind) in a \"\(type)\" frame", excerpt: Self.excerpt(encoded()))
    }

    /// The first bytes of a line, as text a person can read (control characters escaped).
    static func excerpt(_ bytes: [UInt8]) -> String {
        var text = ""
        for byte in bytes.prefix(200) {
            switch byte {
            case 0x20..<0x7F where byte != 0x5C: text.unicodeScalars.append(UnicodeScalar(byte))
            case 0x5C: text += "\\\\"
            default: text += String(format: "\\x%02x", byte)
            }
        }
        return bytes.count > 200 ? text + "… (\(bytes.count) bytes)" : text
    }
}
