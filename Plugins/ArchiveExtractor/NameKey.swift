import Crypto
import Foundation

/// A member name as a fixed-size key: the first 128 bits of its SHA-256 (a collision would
/// take about 2^64 crafted names), so remembering a name costs 16 bytes whatever its length.
struct NameKey: Hashable {
    private let high: UInt64
    private let low: UInt64

    init(_ bytes: [UInt8]) {
        (high, low) = SHA256.hash(data: bytes).withUnsafeBytes {
            ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }
}
