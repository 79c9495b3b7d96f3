import EvidenceKit

/// The last few mebibytes of a stream, kept as they pass on to libarchive, by offset: a zip
/// read as a stream has its local headers read again from here, since libarchive does not
/// say which extra fields an entry had (``ZipTimeSources``).
final class StreamWindow: ByteSource {
    private let source: any ByteSource
    private var ring: [UInt8]
    /// Bytes that have passed.
    private(set) var total: Int64 = 0

    init(_ source: any ByteSource, capacity: Int = 4 << 20) {
        self.source = source
        ring = [UInt8](repeating: 0, count: capacity)
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try source.read(into: buffer)
        let kept = min(count, ring.count)
        var from = count - kept    // of a read larger than the ring, only its end is kept
        while from < count {
            let at = Int((total + Int64(from)) % Int64(ring.count))
            let run = min(count - from, ring.count - at)
            ring.withUnsafeMutableBytes { ring in
                ring.baseAddress!.advanced(by: at).copyMemory(from: buffer.baseAddress!.advanced(by: from), byteCount: run)
            }
            from += run
        }
        total += Int64(count)
        return count
    }

    /// The bytes at `offset` that are still in the window, up to `count` of them (fewer at the
    /// end of what has passed); empty when `offset` has left the window or not yet come.
    func bytes(at offset: Int64, count: Int) -> [UInt8] {
        guard offset >= max(0, total - Int64(ring.count)), offset < total, count > 0 else { return [] }
        let available = Int(min(Int64(count), total - offset))
        var out: [UInt8] = []
        out.reserveCapacity(available)
        for index in 0..<available {
            out.append(ring[Int((offset + Int64(index)) % Int64(ring.count))])
        }
        return out
    }
}
