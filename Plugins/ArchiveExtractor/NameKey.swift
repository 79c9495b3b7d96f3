import Crypto
import Foundation

/// A member name as a fixed-size key: the first 128 bits of its SHA-256 (a collision would
/// take about 2^64 crafted names), so remembering a name costs 16 bytes whatever its length.
struct NameKey: Hashable {
    private let high: UInt64
    private let low: UInt64

    init(_ bytes: [UInt8]) {
        self.init(SHA256.hash(data: bytes))
    }

    /// The key of the bytes `hasher` has taken so far (it is not changed).
    init(_ hasher: SHA256) {
        self.init(hasher.finalize())
    }

    private init(_ digest: SHA256Digest) {
        (high, low) = digest.withUnsafeBytes {
            ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
    }
}
