import Foundation

/// Bytes that identify a format at a fixed offset.
///
/// A signature is exact (`PK\3\4` at 0 is a zip) or, when `generic`, only a hint that many
/// formats share (a leading `{` starts every JSON document): a generic signature ranks with
/// generic file names, below a specific one (``MatchStrength``).
///
/// ```swift
/// MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8))
/// MagicSignature("json object", bytes: Array("{".utf8), generic: true)
/// ```
public struct MagicSignature: Sendable, Hashable, Codable {
    /// The format's name, as shown in recognition findings.
    public let name: String
    /// Where the bytes start.
    public let offset: Int
    /// The bytes.
    public let bytes: [UInt8]
    /// Whether many formats share these bytes (a hint, not an identification).
    public let isGeneric: Bool

    public init(_ name: String, at offset: Int = 0, bytes: [UInt8], generic: Bool = false) {
        self.name = name
        self.offset = offset
        self.bytes = bytes
        self.isGeneric = generic
    }

    /// Whether `head` holds the signature.
    public func matches(_ head: Data) -> Bool {
        guard offset >= 0, !bytes.isEmpty, head.count >= offset + bytes.count else { return false }
        return head.withUnsafeBytes { raw in
            bytes.withUnsafeBytes { memcmp(raw.baseAddress! + offset, $0.baseAddress!, bytes.count) == 0 }
        }
    }

    // The wire form names the bytes in hex: `{"name": "gzip", "offset": 0, "hex": "1f8b", "generic": false}`.
    enum CodingKeys: String, CodingKey {
        case name, offset, hex, generic
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        offset = try container.decodeIfPresent(Int.self, forKey: .offset) ?? 0
        isGeneric = try container.decodeIfPresent(Bool.self, forKey: .generic) ?? false
        let hex = try container.decode(String.self, forKey: .hex)
        guard let decoded = HexText.bytes(hex), !decoded.isEmpty, offset >= 0 else {
            throw DecodingError.dataCorruptedError(forKey: .hex, in: container,
                                                   debugDescription: "a signature needs an even, non-empty run of hex digits at a non-negative offset")
        }
        bytes = decoded
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(offset, forKey: .offset)
        try container.encode(HexText.text(bytes), forKey: .hex)
        try container.encode(isGeneric, forKey: .generic)
    }
}
