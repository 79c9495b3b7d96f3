import Foundation

/// Bytes that identify a format at a fixed offset.
///
/// ```swift
/// MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8))
/// ```
public struct MagicSignature: Sendable, Hashable {
    /// The format's name, as shown in recognition findings.
    public let name: String
    /// Where the bytes start.
    public let offset: Int
    /// The bytes.
    public let bytes: [UInt8]

    public init(_ name: String, at offset: Int = 0, bytes: [UInt8]) {
        self.name = name
        self.offset = offset
        self.bytes = bytes
    }

    /// Whether `head` holds the signature.
    public func matches(_ head: Data) -> Bool {
        guard offset >= 0, head.count >= offset + bytes.count else { return false }
        return head.withUnsafeBytes { raw in
            bytes.withUnsafeBytes { memcmp(raw.baseAddress! + offset, $0.baseAddress!, bytes.count) == 0 }
        }
    }
}
