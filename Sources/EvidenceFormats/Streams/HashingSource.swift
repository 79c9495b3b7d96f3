import Crypto
import EvidenceKit
import Foundation

/// Counts and hashes (SHA-256) what is read through it, so the finding about data an extractor
/// hands on — data after an archive's end, an image decoded from a notebook — can state its
/// size and digest.
///
/// ```swift
/// let counted = HashingSource(rest)
/// try sink.member(member, content: counted)
/// counted.digest   // the SHA-256 of what the host read, if it read to the end
/// ```
public final class HashingSource: ByteSource {
    private let source: any ByteSource
    private var hasher = SHA256()
    /// Bytes read so far.
    public private(set) var count: Int64 = 0
    /// Whether the reader reached the end (else the digest covers only what was read).
    public private(set) var reachedEnd = false

    public init(_ source: any ByteSource) {
        self.source = source
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try source.read(into: buffer)
        if read == 0 { reachedEnd = true }
        hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[..<read]))
        count += Int64(read)
        return read
    }

    /// The SHA-256 of everything read, in lower-case hex; nil until the end was reached.
    public var digest: String? {
        guard reachedEnd else { return nil }
        return LowerHex.text(hasher.finalize())
    }
}
