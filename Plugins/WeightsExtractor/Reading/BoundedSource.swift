import EvidenceKit
import Foundation

/// The next `length` bytes of a ``ForwardReader`` as a ``ByteSource`` of their own: a header
/// handed to `JSONScanner`, or a zip record handed to the pickle reader, which cannot read past it.
final class BoundedSource: ByteSource {
    private let reader: ForwardReader
    private var left: Int64
    /// The offset of its first byte in the artifact.
    let base: Int64

    init(_ reader: ForwardReader, length: Int64) {
        self.reader = reader
        self.left = length
        self.base = reader.offset
    }

    /// Bytes not yet read.
    var remaining: Int64 { left }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard left > 0, buffer.count > 0 else { return 0 }
        let chunk = try reader.peekChunk(limit: Int(min(left, Int64(buffer.count))))
        guard !chunk.isEmpty else { return 0 }
        buffer.copyMemory(from: chunk)
        reader.consume(chunk.count)
        left -= Int64(chunk.count)
        return chunk.count
    }

    /// Consumes what was not read, so the reader stands after the bounded bytes.
    func finish() throws {
        left -= try reader.skip(left)
    }
}
