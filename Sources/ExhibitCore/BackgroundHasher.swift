import Crypto
import ExhibitFoundation
import Foundation

/// SHA-256 of a stream. Large chunks are hashed on the hasher's own serial queue, beside reading
/// and decompression on the other core; small content — most archive members — is hashed in
/// line, without ever creating a queue.
///
/// A chunk hashed later is first copied into one of four reusable 1 MiB slots (so memory stays flat
/// and no chunk costs an allocation); a chunk waits for a free slot.
final class BackgroundHasher: @unchecked Sendable {
    private var hash = SHA256()
    private var queue: DispatchQueue?
    private let slots = DispatchSemaphore(value: BackgroundHasher.slotCount)
    /// Free slot buffers; guarded by `lock`.
    private var free: [Slot] = []
    private var allocated: [Slot] = []
    private let lock = NSLock()
    private static let slotCount = 4
    /// Chunks smaller than this are hashed in line (after any chunks still waiting).
    private static let asyncThreshold = 128 * 1024
    private static let slotSize = 1 << 20

    deinit {
        if let queue { queue.sync {} }
        for slot in allocated { slot.buffer.deallocate() }
    }

    /// Adds bytes; they are copied if hashed later.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0 else { return }
        if bytes.count < Self.asyncThreshold {
            if let queue { queue.sync { hash.update(bufferPointer: bytes) } } else { hash.update(bufferPointer: bytes) }
            return
        }
        let queue = self.queue ?? DispatchQueue(label: "exhibit.hash")
        self.queue = queue
        var offset = 0
        while offset < bytes.count {
            let count = min(Self.slotSize, bytes.count - offset)
            slots.wait()
            let slot = takeSlot()
            slot.buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)]))
            queue.async {
                self.hash.update(bufferPointer: UnsafeRawBufferPointer(rebasing: slot.buffer[0..<count]))
                self.returnSlot(slot)
                self.slots.signal()
            }
            offset += count
        }
    }

    /// A buffer that one chunk occupies from the copy until its hash is updated.
    private struct Slot: @unchecked Sendable {
        let buffer: UnsafeMutableRawBufferPointer
    }

    private func takeSlot() -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let slot = free.popLast() { return slot }
        let slot = Slot(buffer: .allocate(byteCount: Self.slotSize, alignment: 64))
        allocated.append(slot)
        return slot
    }

    private func returnSlot(_ slot: Slot) {
        lock.lock()
        free.append(slot)
        lock.unlock()
    }

    /// Waits for pending chunks and returns the digest as lower-case hex.
    func finalize() -> String {
        if let queue { return queue.sync { Hex.encode(hash.finalize()) } }
        return Hex.encode(hash.finalize())
    }
}
