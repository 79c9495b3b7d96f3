import Crypto
import Foundation

/// SHA-256 of a stream, computed on its own serial queue so that hashing runs beside reading
/// and decompression on the other core. At most eight chunks wait, so memory stays flat.
final class BackgroundHasher: @unchecked Sendable {
    private var hash = SHA256()
    private let queue = DispatchQueue(label: "exhibit.hash")
    private let slots = DispatchSemaphore(value: 8)
    /// Chunks smaller than this are hashed in line (in order, after any waiting chunks).
    private static let asyncThreshold = 128 * 1024

    /// Adds bytes; they are copied if hashed later.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if bytes.count < Self.asyncThreshold {
            queue.sync { hash.update(bufferPointer: bytes) }
            return
        }
        let copy = Data(bytes)
        slots.wait()
        queue.async {
            self.hash.update(data: copy)
            self.slots.signal()
        }
    }

    /// Waits for pending chunks and returns the digest as lower-case hex.
    func finalize() -> String {
        queue.sync { Hex.encode(hash.finalize()) }
    }
}
