import EvidenceKit
import Foundation

/// Bytes already read into memory, followed by the rest of a stream: lets the extractor try to
/// load a small archive into memory and fall back to streaming without reading anything twice,
/// and hand on what follows an archive's end from where libarchive stopped.
final class PrefixedSource: ByteSource {
    /// Where the prefix is held.
    enum Prefix {
        case image(MemoryImage)
        case bytes([UInt8])
    }

    private let prefix: Prefix
    private var prefixOffset = 0
    private let rest: any ByteSource

    init(prefix: Prefix, rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let copied: Int
        switch prefix {
        case .image(let image): copied = copy(image.bytes, into: buffer)
        case .bytes(let bytes): copied = bytes.withUnsafeBytes { copy($0, into: buffer) }
        }
        return copied > 0 ? copied : try rest.read(into: buffer)
    }

    private func copy(_ bytes: UnsafeRawBufferPointer, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        let count = min(bytes.count - prefixOffset, buffer.count)
        guard count > 0 else { return 0 }
        buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[prefixOffset..<(prefixOffset + count)]))
        prefixOffset += count
        return count
    }
}
