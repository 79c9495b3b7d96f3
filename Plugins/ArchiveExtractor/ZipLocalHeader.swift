import Foundation

/// A zip local file header (APPNOTE 4.3.7), read by hand from bytes held or on disk: libarchive
/// names an entry after it but says nothing of its extra fields, and normalizes a UTF-8 name.
struct ZipLocalHeader: Equatable {
    /// Where it starts.
    let offset: Int64
    /// The name as stored.
    let name: [UInt8]
    let flags: UInt16
    let method: UInt16
    /// Whether its extra fields give a UTC modification time (``ZipExtraFields``).
    let hasUTCTime: Bool
    /// Header length: 30 bytes, the name and the extra field; the data follow.
    let length: Int

    /// The header at `offset`, if one is there whole.
    static func read(_ bytes: any PassedBytes, at offset: Int64) -> ZipLocalHeader? {
        let fixed = bytes.bytes(at: offset, count: 30)
        guard fixed.count == 30, ZipBytes.le32(fixed, 0) == 0x0403_4B50 else { return nil }
        let nameLength = Int(ZipBytes.le16(fixed, 26))
        let extraLength = Int(ZipBytes.le16(fixed, 28))
        let variable = bytes.bytes(at: offset + 30, count: nameLength + extraLength)
        guard variable.count == nameLength + extraLength else { return nil }
        return ZipLocalHeader(offset: offset, name: Array(variable[..<nameLength]), flags: ZipBytes.le16(fixed, 6),
                              method: ZipBytes.le16(fixed, 8), hasUTCTime: ZipExtraFields.hasUTCTime(variable[nameLength...]),
                              length: 30 + nameLength + extraLength)
    }

    /// For a zip read as a stream: the local header of the entry libarchive just read, the first
    /// at or after `position` (libarchive's header position: where the previous entry's data
    /// ended, before any data descriptor of at most 24 bytes). Nil when it is no longer held.
    static func streamed(in bytes: any PassedBytes, from position: Int64) -> ZipLocalHeader? {
        let near = bytes.bytes(at: position, count: 64)
        guard let start = (0..<max(0, near.count - 3)).first(where: {
            near[$0] == 0x50 && near[$0 + 1] == 0x4B && near[$0 + 2] == 0x03 && near[$0 + 3] == 0x04
        }) else { return nil }
        return read(bytes, at: position + Int64(start))
    }

    /// Where the entry's data start.
    var dataOffset: Int64 { offset + Int64(length) }

    /// Whether libarchive's name for this entry, `path`, came from this header: the same bytes
    /// up to a NUL (libarchive reads the name as a C string), or the same after Unicode NFC (it
    /// normalizes names flagged UTF-8).
    func names(_ path: [UInt8]) -> Bool {
        let cut = Array(name.prefix { $0 != 0 })
        if cut == path { return true }
        guard let stored = String(validating: cut, as: UTF8.self), let given = String(validating: path, as: UTF8.self) else {
            return false
        }
        return stored.precomposedStringWithCanonicalMapping == given.precomposedStringWithCanonicalMapping
    }
}
