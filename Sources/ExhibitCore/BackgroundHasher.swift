import Crypto
import Foundation

/// SHA-256 of a stream. Large chunks are hashed on the hasher's own serial queue, beside reading
/// and decompression on the other core (at most eight wait, so memory stays flat); small
/// content — most archive members — is hashed in line, without ever creating a queue.
final class BackgroundHasher: @unchecked Sendable {
    private var hash = SHA256()
    private var queue: DispatchQueue?
    private let slots = DispatchSemaphore(value: 8)
    /// Chunks smaller than this are hashed in line (after any chunks still waiting).
    private static let asyncThreshold = 128 * 1024

    /// Adds bytes; they are copied if hashed later.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if bytes.count < Self.asyncThreshold {
            if let queue { queue.sync { hash.update(bufferPointer: bytes) } } else { hash.update(bufferPointer: bytes) }
            return
        }
        let queue = self.queue ?? DispatchQueue(label: "exhibit.hash")
        self.queue = queue
        let copy = Data(bytes)
        slots.wait()
        queue.async {
            self.hash.update(data: copy)
            self.slots.signal()
        }
    }

    /// Waits for pending chunks and returns the digest as lower-case hex.
    func finalize() -> String {
        if let queue { return queue.sync { Hex.encode(hash.finalize()) } }
        return Hex.encode(hash.finalize())
    }
}
