import Foundation

/// The zip end-of-central-directory record, read by hand from an archive held in memory,
/// because libarchive does not expose the archive comment.
enum ZipTrailer {
    /// The archive comment, if the record is found and has one.
    static func comment(in data: Data) -> String? {
        let signature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        guard data.count >= 22 else { return nil }
        let base = data.startIndex
        // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end.
        let earliest = max(0, data.count - 22 - 65_535)
        var offset = data.count - 22
        while offset >= earliest {
            if data[base + offset] == 0x50, data[(base + offset)..<(base + offset + 4)].elementsEqual(signature) {
                let length = Int(data[base + offset + 20]) | Int(data[base + offset + 21]) << 8
                let start = offset + 22
                guard length > 0, start + length <= data.count else { return nil }
                return String(decoding: data[(base + start)..<(base + start + length)], as: UTF8.self)
            }
            offset -= 1
        }
        return nil
    }
}
