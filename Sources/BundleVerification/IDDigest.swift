import Crypto

/// A node identifier remembered as 128 bits of its SHA-256: the verifier holds every id of a
/// graph at 16 bytes each, whatever the ids' length, and a crafted id cannot collide with
/// another to hide a dangling reference.
struct IDDigest: Hashable {
    private let high: UInt64
    private let low: UInt64

    init(_ id: String) {
        var words: (UInt64, UInt64) = (0, 0)
        SHA256.hash(data: Array(id.utf8)).withUnsafeBytes { bytes in
            words = (bytes.loadUnaligned(fromByteOffset: 0, as: UInt64.self), bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        high = words.0
        low = words.1
    }
}
