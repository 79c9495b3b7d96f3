import Foundation

/// The zip end-of-central-directory record, found by hand (``ZipDirectory``): libarchive does
/// not expose the archive comment nor the central directory.
enum ZipTrailer {
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
