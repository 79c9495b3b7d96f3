import EvidenceKit
import Foundation

/// The host's view of an artifact's bytes as they are read: it hashes them, counts them,
/// stops at the member byte limit, and lets the budget check time and expansion on each read.
final class MeteredStream: ByteSource {
    private let source: any ByteSource
    private let hasher = BackgroundHasher()
    private let byteLimit: Int64?
    private let onRead: (Int) throws -> Void
    /// Bytes read and hashed so far.
    private(set) var bytesRead: Int64 = 0
    /// Whether the end of the content was reached (so the hash covers all of it).
    private(set) var reachedEnd = false
    /// The reason reading stopped early, if it did.
    private(set) var stoppedBy: (any Error)?

    init(_ source: any ByteSource, byteLimit: Int64?, onRead: @escaping (Int) throws -> Void) {
        self.source = source
        self.byteLimit = byteLimit
        self.onRead = onRead
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if reachedEnd { return 0 }
        if let stoppedBy { throw stoppedBy }
        do {
            var capacity = buffer.count
            if let byteLimit {
                // At the limit, read one more byte: only if it exists was the limit exceeded.
                capacity = min(capacity, Int(clamping: max(byteLimit - bytesRead, 1)))
            }
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<capacity]))
            if count == 0 {
                reachedEnd = true
                return 0
            }
            if let byteLimit, bytesRead >= byteLimit {
                throw EvidenceError.limitReached(
                    limit: "member_bytes", detail: "content is larger than \(byteLimit) bytes; hashed in part")
            }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            bytesRead += Int64(count)
            try onRead(count)
            return count
        } catch {
            stoppedBy = error
            throw error
        }
    }

    /// Reads what is left (hashing it, through `scratch`) so the hash covers the whole
    /// content; returns the error that stopped it, if one did.
    func finish(scratch: UnsafeMutableRawBufferPointer) -> (any Error)? {
        while !reachedEnd, stoppedBy == nil {
            do { _ = try read(into: scratch) } catch {}
        }
        return reachedEnd ? nil : stoppedBy
    }

    /// The SHA-256 of what was read.
    func digest() -> String {
        hasher.finalize()
    }
}
