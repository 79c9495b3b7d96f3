import Crypto
import EvidenceKit
import Foundation

/// Counts and hashes (SHA-256) what is read through it, so the finding about a stretch of data
/// the extractor hands on — data after an archive's end — can state its size and digest.
final class HashingSource: ByteSource {
    private let source: any ByteSource
    private var hasher = SHA256()
    private(set) var count: Int64 = 0
    /// Whether the reader reached the end (else the digest covers only what was read).
    private(set) var reachedEnd = false

    init(_ source: any ByteSource) {
        self.source = source
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try source.read(into: buffer)
        if read == 0 { reachedEnd = true }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
        count += Int64(read)
        return read
    }

    /// The SHA-256 of everything read, in lower-case hex; nil until the end was reached.
    var digest: String? {
        guard reachedEnd else { return nil }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }
}
