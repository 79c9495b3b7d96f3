import EvidenceKit

/// A stretch of an archive held in memory or on disk, as a stream: data before or after a zip,
/// handed to the host as a member of its own.
final class RangeSource: ByteSource {
    private let bytes: any PassedBytes
    private var offset: Int64
    private let end: Int64

    init(_ bytes: any PassedBytes, from offset: Int64, to end: Int64) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = Int(min(Int64(buffer.count), end - offset))
        guard count > 0 else { return 0 }
        let copied = bytes.withBytes(at: offset, count: count) { held in
            buffer.copyMemory(from: UnsafeRawBufferPointer(held))
            return held.count
        }
        offset += Int64(copied)
        return copied
    }
}
