import EvidenceKit
import Foundation

/// Bytes already read into memory, followed by the rest of a stream: lets the extractor try to
/// load a small archive into memory and fall back to streaming without reading anything twice.
final class PrefixedSource: ByteSource {
    private let prefix: MemoryImage
    private var prefixOffset = 0
    private let rest: any ByteSource

    init(prefix: MemoryImage, rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let left = prefix.count - prefixOffset
        guard left > 0 else { return try rest.read(into: buffer) }
        let count = min(left, buffer.count)
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: prefix.bytes[prefixOffset..<(prefixOffset + count)]))
        prefixOffset += count
        return count
    }
}
