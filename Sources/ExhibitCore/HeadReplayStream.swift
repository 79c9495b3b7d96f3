import EvidenceKit
import Foundation

/// Serves an artifact's head (already read for recognition) and then the rest of its stream,
/// so an extractor reads from byte 0. While no byte past the head has been served, it can
/// rewind, which lets an extractor decline after peeking and the next one start afresh.
final class HeadReplayStream: ByteSource {
    let head: Data
    private let rest: any ByteSource
    private var offset = 0
    private var pastHead = false

    /// Reads up to `headLength` bytes of `source` as the head.
    init(_ source: any ByteSource, headLength: Int) throws {
        var head = Data(count: headLength)
        var filled = 0
        try head.withUnsafeMutableBytes { buffer in
            while filled < headLength {
                let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if count == 0 { break }
                filled += count
            }
        }
        head.removeSubrange(filled...)
        self.head = head
        self.rest = source
    }

    /// Whether ``rewind()`` can restore byte 0.
    var canRewind: Bool { !pastHead }

    /// Starts again from byte 0; only while ``canRewind``.
    func rewind() {
        precondition(canRewind)
        offset = 0
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if offset < head.count {
            let count = min(buffer.count, head.count - offset)
            head.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + count))
            offset += count
            return count
        }
        let count = try rest.read(into: buffer)
        // Reaching the end right after the head leaves everything replayable.
        if count > 0 { pastHead = true }
        return count
    }
}
