import Foundation

/// The zip end-of-central-directory record, read by hand from an archive held in memory,
/// because libarchive does not expose the archive comment (nor, for ``ZipTimeSources``, the
/// central directory).
enum ZipTrailer {
    /// The archive comment, if the record is found and has one.
    static func comment(in raw: UnsafeRawBufferPointer) -> String? {
        let bytes = raw.bindMemory(to: UInt8.self)
        guard let offset = endRecordOffset(in: bytes) else { return nil }
        let length = Int(bytes[offset + 20]) | Int(bytes[offset + 21]) << 8
        let start = offset + 22
        guard length > 0, start + length <= bytes.count else { return nil }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]), as: UTF8.self)
    }

    /// Where the end record starts: the last signature within its reach of the end (22 bytes
    /// plus a comment of at most 65,535).
    static func endRecordOffset(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.count >= 22 else { return nil }
        let earliest = max(0, bytes.count - 22 - 65_535)
        var offset = bytes.count - 22
        while offset >= earliest {
            if bytes[offset] == 0x50, bytes[offset + 1] == 0x4B, bytes[offset + 2] == 0x05, bytes[offset + 3] == 0x06 {
                return offset
            }
            offset -= 1
        }
        return nil
    }
}
