import Crypto
import Foundation

/// Node ids: RFC 4122 version-5 UUIDs (SHA-1, name-based) in Exhibit's namespace, so the same
/// inputs give the same ids on any machine, and graphs merge by union.
public enum DeterministicID {
    /// Exhibit's namespace UUID (fixed; changing it changes every id).
    public static let namespace: [UInt8] = [
        0x6b, 0x1e, 0x3a, 0x52, 0x0f, 0x4c, 0x4d, 0x8e, 0x9a, 0x31, 0x5d, 0x2e, 0x77, 0xc0, 0x1b, 0x94,
    ]

    /// The UUID for `parts`, joined with NUL bytes (which no part contains as a separator).
    public static func make(_ parts: String...) -> String {
        make(parts)
    }

    /// The UUID for `parts`, joined with NUL bytes.
    public static func make(_ parts: [String]) -> String {
        var hasher = Insecure.SHA1()
        hasher.update(data: namespace)
        hasher.update(data: Array(parts.joined(separator: "\u{0}").utf8))
        var bytes = Array(hasher.finalize().prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        return [bytes[0..<4], bytes[4..<6], bytes[6..<8], bytes[8..<10], bytes[10..<16]]
            .map { Hex.encode($0) }.joined(separator: "-")
    }
}
