import Foundation

/// Content already in memory, served as a ``ByteSource``.
///
/// ```swift
/// let source = DataByteSource(Data("hello".utf8))
/// ```
public final class DataByteSource: ByteSource {
    private let data: Data
    private var offset: Int

    /// Serves `data` from its first byte.
    public init(_ data: Data) {
        self.data = data
        self.offset = data.startIndex
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, data.endIndex - offset)
        guard count > 0 else { return 0 }
        data.copyBytes(to: buffer.bindMemory(to: UInt8.self), from: offset..<(offset + count))
        offset += count
        return count
    }
}
