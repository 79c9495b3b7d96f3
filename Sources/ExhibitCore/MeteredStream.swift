import Crypto
import EvidenceKit
import ExhibitFoundation
import Foundation

/// The host's view of an artifact's bytes as they are read: it hashes them, counts them,
/// stops at the member byte limit, and lets the budget check time and expansion on each read.
///
/// Content no larger than `keepUpTo` bytes is kept instead of hashed: the stager hashes it on
/// its own thread, so the reading thread does not pay for the many small members of an
/// archive. Past that size the kept bytes are hashed and hashing goes on as it reads.
final class MeteredStream: ByteSource {
    /// The content's SHA-256, or the content itself for the stager to hash.
    enum Digest {
        case hex(String)
        case content([UInt8])

        /// The SHA-256 in hex, hashing kept content now.
        var hashed: String {
            switch self {
            case .hex(let hex): return hex
            case .content(let bytes): return Hex.encode(SHA256.hash(data: bytes))
            }
        }
    }

    private let source: any ByteSource
    /// Created on first use: a member whose bytes are kept never needs one.
    private lazy var hasher = BackgroundHasher()
    private let keepUpTo: Int
    /// The bytes read so far, while they are few enough to keep.
    private var kept: [UInt8]?
    private let byteLimit: Int64?
    private let onRead: (Int) throws -> Void
    /// Bytes read (and hashed, or kept) so far.
    private(set) var bytesRead: Int64 = 0
    /// Whether the end of the content was reached (so the hash covers all of it).
    private(set) var reachedEnd = false
    /// The reason reading stopped early, if it did.
    private(set) var stoppedBy: (any Error)?

    init(_ source: any ByteSource, byteLimit: Int64?, keepUpTo: Int = 0, onRead: @escaping (Int) throws -> Void) {
        self.source = source
        self.byteLimit = byteLimit
        self.keepUpTo = keepUpTo
        self.onRead = onRead
        if keepUpTo > 0 {
            kept = []
            kept?.reserveCapacity(keepUpTo)
        }
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
            let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            if kept != nil, Int(bytesRead) + count <= keepUpTo {
                kept!.append(contentsOf: bytes)
            } else {
                if let earlier = kept {
                    earlier.withUnsafeBytes { hasher.update($0) }
                    kept = nil
                }
                hasher.update(bytes)
            }
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

    /// The SHA-256 of what was read, or what was read if it was kept.
    func digest() -> Digest {
        if let kept { return .content(kept) }
        return .hex(hasher.finalize())
    }
}
