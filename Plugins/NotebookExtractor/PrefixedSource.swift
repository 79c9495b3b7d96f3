import EvidenceKit
import Foundation

/// Bytes already in memory, then the rest of a stream: a child decoded in memory until it
/// turned out too large to hold, and streamed from there.
final class PrefixedSource: ByteSource {
    private let prefix: Data
    private var position = 0
    private let rest: any ByteSource

    init(_ prefix: Data, then rest: any ByteSource) {
        self.prefix = prefix
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard position == prefix.count else {
            let count = min(buffer.count, prefix.count - position)
            prefix.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[position..<(position + count)])) }
            position += count
            return count
        }
        return try rest.read(into: buffer)
    }
}
