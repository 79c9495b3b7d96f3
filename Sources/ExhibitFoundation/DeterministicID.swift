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
        var name: [UInt8] = []
        name.reserveCapacity(parts.reduce(parts.count) { $0 + $1.utf8.count })
        for (index, part) in parts.enumerated() {
            if index > 0 { name.append(0) }
            name.append(contentsOf: part.utf8)
        }
        var hasher = Insecure.SHA1()
        hasher.update(data: namespace)
        hasher.update(data: name)
        return hasher.finalize().withUnsafeBytes { digest in
            // 8-4-4-4-12 hex digits; version 5 and the RFC 4122 variant set in place.
            var text = [UInt8](repeating: UInt8(ascii: "-"), count: 36)
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 { position += 1 }
                var byte = digest[index]
                if index == 6 { byte = (byte & 0x0F) | 0x50 }
                if index == 8 { byte = (byte & 0x3F) | 0x80 }
                text[position] = hexDigits[Int(byte >> 4)]
                text[position + 1] = hexDigits[Int(byte & 0x0F)]
                position += 2
            }
            return String(decoding: text, as: UTF8.self)
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
