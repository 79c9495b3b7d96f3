import Crypto
import Foundation

/// SHA-256 and SHA-512 of one stream, the two computed side by side on two cores for large
/// chunks (a bag needs both; done one after the other they halve the throughput).
package final class DualDigest: @unchecked Sendable {
    private var sha256 = SHA256()
    private var sha512 = SHA512()
    package private(set) var size: Int64 = 0
    private static let parallelThreshold = 256 * 1024

    package init() {}

    package func update(_ bytes: UnsafeRawBufferPointer) {
        size += Int64(bytes.count)
        guard bytes.count >= Self.parallelThreshold else {
            sha256.update(bufferPointer: bytes)
            sha512.update(bufferPointer: bytes)
            return
        }
        // Each iteration touches only its own hasher; the bytes outlive the call.
        let chunk = Chunk(bytes: bytes)
        DispatchQueue.concurrentPerform(iterations: 2) { which in
            if which == 0 { self.sha256.update(bufferPointer: chunk.bytes) } else { self.sha512.update(bufferPointer: chunk.bytes) }
        }
    }

    /// A borrowed buffer, read by both hashers during ``update(_:)`` only.
    private struct Chunk: @unchecked Sendable {
        let bytes: UnsafeRawBufferPointer
    }

    package func finalize(path: String) -> BagFile {
        BagFile(path: path, size: size, sha256: BagFile.hex(sha256.finalize()), sha512: BagFile.hex(sha512.finalize()))
    }
}
