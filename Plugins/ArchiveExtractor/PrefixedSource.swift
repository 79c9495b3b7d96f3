import EvidenceKit
import Foundation

/// Bytes already read, followed by the rest of a stream: lets the extractor try to load a
/// small archive into memory and fall back to streaming without reading anything twice.
final class PrefixedSource: ByteSource {
    private let prefix: DataByteSource
    private let rest: any ByteSource
    private var prefixDone = false

    init(prefix: Data, rest: any ByteSource) {
        self.prefix = DataByteSource(prefix)
        self.rest = rest
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if !prefixDone {
            let count = try prefix.read(into: buffer)
            if count > 0 { return count }
            prefixDone = true
        }
        return try rest.read(into: buffer)
    }
}
