import Foundation

/// A forward-only stream of bytes: an artifact's content, read once from the start.
///
/// Sources are not thread-safe; one extractor reads one source on one thread.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer` and returns how many were read;
    /// `0` means the end of the content.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

extension ByteSource {
    /// Reads up to `maxLength` bytes; an empty result means the end of the content.
    ///
    /// ```swift
    /// let chunk = try artifact.content.read(upTo: 65_536)
    /// ```
    public func read(upTo maxLength: Int) throws -> Data {
        var data = Data(count: maxLength)
        let count = try data.withUnsafeMutableBytes { try read(into: $0) }
        data.removeSubrange(count...)
        return data
    }

    /// Reads everything that is left, refusing to hold more than `limit` bytes.
    ///
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the content is larger.
    public func readAll(limit: Int) throws -> Data {
        var result = Data()
        // One 64 KiB buffer per call: small files (most configs) must not pay for a large one.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try read(into: buffer)
            if count == 0 { return result }
            guard result.count + count <= limit else {
                throw EvidenceError.limitReached(
                    limit: "memory_bytes", detail: "content is larger than \(limit) bytes")
            }
            result.append(buffer.bindMemory(to: UInt8.self).baseAddress!, count: count)
        }
    }

    /// Reads and discards everything that is left; returns how many bytes that was.
    @discardableResult
    public func drain() throws -> Int64 {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var total: Int64 = 0
        while true {
            let count = try read(into: buffer)
            if count == 0 { return total }
            total += Int64(count)
        }
    }
}
