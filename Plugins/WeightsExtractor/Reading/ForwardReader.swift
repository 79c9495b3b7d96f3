import EvidenceKit
import Foundation

/// An artifact's content read forward once through one buffer, knowing the offset of every byte:
/// headers are read a few bytes at a time, tensor data in large chunks, nothing is ever held
/// beyond the buffer.
///
/// While headers are read, each read from the source asks for at most ``pullSize`` bytes (64 KiB),
/// so a header-only pass reads no more than the header and one such read past it.
final class ForwardReader {
    /// The most bytes one structure may ask to see at once.
    static let capacity = 4 << 20

    private let source: any ByteSource
    private let buffer: UnsafeMutableRawBufferPointer
    private var start = 0
    private var end = 0
    /// The offset of the next byte to consume.
    private(set) var offset: Int64 = 0
    /// Bytes taken from the source so far.
    private(set) var pulled: Int64 = 0
    /// Whether the source said it has no more.
    private(set) var sourceEnded = false
    /// How many bytes one read from the source asks for, at most.
    var pullSize = 64 * 1024

    init(_ source: any ByteSource) {
        self.source = source
        buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.capacity, alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// Bytes buffered and not yet consumed.
    var buffered: Int { end - start }

    /// Whether every byte has been consumed and the source has no more.
    func atEnd() throws -> Bool {
        if buffered > 0 { return false }
        try fill(atLeast: 1)
        return buffered == 0
    }

    /// Makes up to `count` bytes available (`count` ≤ capacity); fewer only at the end.
    @discardableResult
    func fill(atLeast count: Int) throws -> Int {
        precondition(count <= Self.capacity)
        guard buffered < count else { return buffered }
        if start > 0 {
            if buffered > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, buffered) }
            end -= start
            start = 0
        }
        while end < count, !sourceEnded {
            let want = min(Self.capacity - end, max(pullSize, count - end))
            let read = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + want)]))
            if read == 0 { sourceEnded = true } else { end += read; pulled += Int64(read) }
        }
        return buffered
    }

    /// The next `count` bytes, consumed; the view is valid until the next call.
    ///
    /// - Throws: ``WeightsExtractorError/truncated(what:offset:needed:)`` when fewer are left.
    func bytes(_ count: Int, for what: String) throws -> UnsafeRawBufferPointer {
        guard count <= Self.capacity else {
            throw WeightsExtractorError.tooLarge(what: what, offset: offset, declared: "\(count) bytes",
                                                 limit: "\(Self.capacity) bytes")
        }
        let have = try fill(atLeast: count)
        guard have >= count else {
            throw WeightsExtractorError.truncated(what: what, offset: offset + Int64(have), needed: Int64(count - have))
        }
        let view = UnsafeRawBufferPointer(rebasing: buffer[start..<(start + count)])
        start += count
        offset += Int64(count)
        return view
    }

    /// A little-endian integer.
    func integer<T: FixedWidthInteger>(_ type: T.Type, for what: String) throws -> T {
        let raw = try bytes(MemoryLayout<T>.size, for: what)
        return T(littleEndian: raw.loadUnaligned(as: T.self))
    }

    /// The next chunk of up to `limit` bytes, without consuming it (empty at the end).
    func peekChunk(limit: Int) throws -> UnsafeRawBufferPointer {
        if buffered == 0 { try fill(atLeast: min(limit, Self.capacity)) }
        return UnsafeRawBufferPointer(rebasing: buffer[start..<(start + min(buffered, limit))])
    }

    /// Consumes `count` bytes of what ``peekChunk(limit:)`` showed.
    func consume(_ count: Int) {
        precondition(count <= buffered)
        start += count
        offset += Int64(count)
    }

    /// Consumes `count` bytes unseen; returns how many there were (fewer at the end).
    @discardableResult
    func skip(_ count: Int64) throws -> Int64 {
        var left = count
        while left > 0 {
            let chunk = try peekChunk(limit: Int(min(left, Int64(Self.capacity))))
            if chunk.isEmpty { break }
            consume(chunk.count)
            left -= Int64(chunk.count)
        }
        return count - left
    }

    /// Hands the next `count` bytes (fewer at the end) to `body` chunk by chunk; returns how many.
    @discardableResult
    func stream(_ count: Int64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var left = count
        while left > 0 {
            let chunk = try peekChunk(limit: Int(min(left, Int64(Self.capacity))))
            if chunk.isEmpty { break }
            try body(chunk)
            consume(chunk.count)
            left -= Int64(chunk.count)
        }
        return count - left
    }
}
