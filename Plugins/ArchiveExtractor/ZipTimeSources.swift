import Foundation

/// Which zip entries carry a true UTC modification time, read by hand from an archive held in
/// memory: libarchive takes an entry's time from its extended-timestamp (`UT`, 0x5455) or
/// old Info-ZIP Unix (`UX`, 0x5855) extra field when one is present, and from the zone-less DOS
/// fields otherwise, but does not say which. A UTC time must not be re-read in the
/// investigator's `--timezone`; a DOS time must.
///
/// Entries are listed as libarchive lists them with random access: by the offset of their local
/// header, a repeated offset once. The central directory's and the local header's extra fields
/// both count (libarchive reads both).
struct ZipTimeSources {
    struct Entry: Equatable {
        /// The name as stored (CP437 or UTF-8).
        let name: [UInt8]
        /// Whether the name is UTF-8 (general-purpose flag bit 11) or plain ASCII.
        let nameIsUnicodeComparable: Bool
        let hasUTCTime: Bool
    }

    let entries: [Entry]

    /// Reads the central directory; nil when the archive has none that can be read.
    init?(_ bytes: UnsafeRawBufferPointer) {
        guard let entries = Self.read(bytes.bindMemory(to: UInt8.self)) else { return nil }
        self.entries = entries
    }


    private typealias Bytes = UnsafeBufferPointer<UInt8>

    private static func read(_ bytes: Bytes) -> [Entry]? {
        guard let end = ZipTrailer.endRecordOffset(in: bytes) else { return nil }
        var count = Int(Self.le16(bytes, end + 10))
        var size = Int(Self.le32(bytes, end + 12))
        var declaredStart = Int(Self.le32(bytes, end + 16))
        var directoryEnd = end
        if count == 0xFFFF || size == 0xFFFF_FFFF || declaredStart == 0xFFFF_FFFF {
            // zip64: the locator sits just before the end record and points at the zip64 record.
            let locator = end - 20
            guard locator >= 0, Self.le32(bytes, locator) == 0x0706_4B50 else { return nil }
            let record = Int(clamping: Self.le64(bytes, locator + 8))
            guard Self.fits(56, at: record, in: bytes), Self.le32(bytes, record) == 0x0606_4B50 else { return nil }
            count = Int(clamping: Self.le64(bytes, record + 32))
            size = Int(clamping: Self.le64(bytes, record + 40))
            declaredStart = Int(clamping: Self.le64(bytes, record + 48))
            directoryEnd = record
        }
        // As libarchive does: the directory ends where its end record begins, whatever the
        // offsets say (a prefix such as a self-extractor shifts every offset by the same amount).
        let start = directoryEnd - size
        guard size >= 0, start >= 0 else { return nil }
        let shift = start - declaredStart
        var found: [(offset: Int, entry: Entry)] = []
        var position = start
        for _ in 0..<min(count, bytes.count / 46) {
            guard position + 46 <= directoryEnd, Self.le32(bytes, position) == 0x0201_4B50 else { break }
            let flags = Self.le16(bytes, position + 8)
            let nameLength = Int(Self.le16(bytes, position + 28))
            let extraLength = Int(Self.le16(bytes, position + 30))
            let commentLength = Int(Self.le16(bytes, position + 32))
            let nameStart = position + 46
            let extraStart = nameStart + nameLength
            guard extraStart + extraLength <= directoryEnd else { break }
            let name = Array(bytes[nameStart..<extraStart])
            let extra = bytes[extraStart..<(extraStart + extraLength)]
            var localOffset = Int(Self.le32(bytes, position + 42))
            if localOffset == 0xFFFF_FFFF {
                localOffset = Self.zip64LocalOffset(extra, central: bytes, at: position) ?? localOffset
            }
            let (local, overflow) = localOffset.addingReportingOverflow(shift)
            let localUTC = overflow ? false : Self.localHeaderExtra(bytes, at: local).map(Self.hasUTCTime) ?? false
            found.append((local, Entry(name: name, nameIsUnicodeComparable: flags & 0x0800 != 0 || name.allSatisfy { $0 < 0x80 },
                                       hasUTCTime: Self.hasUTCTime(extra) || localUTC)))
            position = extraStart + extraLength + commentLength
        }
        var seen = Set<Int>()
        return found.sorted { $0.offset < $1.offset }.filter { seen.insert($0.offset).inserted }.map(\.entry)
    }

    /// Whether libarchive's `index`-th entry, named `path`, has a UTC time. Nil when the entry
    /// cannot be matched with certainty (its name differs from the directory's at that place).
    func hasUTCTime(entry index: Int, path: String) -> Bool? {
        guard index < entries.count else { return nil }
        let entry = entries[index]
        if entry.nameIsUnicodeComparable, entry.name != Array(path.utf8) { return nil }
        return entry.hasUTCTime
    }

    /// For a zip read as a stream: whether the entry named `name` (as stored) has a UTC time,
    /// from its local header, the first one at or after `position` (libarchive's header
    /// position: where the previous entry's data ended, before any data descriptor). Nil when
    /// that header is no longer in `window` or is not this entry's.
    static func streamedEntryHasUTCTime(in window: StreamWindow, from position: Int64, name: [UInt8]) -> Bool? {
        // A data descriptor (at most 24 bytes) may come first.
        let near = window.bytes(at: position, count: 64)
        guard let start = (0..<max(0, near.count - 3)).first(where: { near[$0] == 0x50 && near[$0 + 1] == 0x4B
                                                                      && near[$0 + 2] == 0x03 && near[$0 + 3] == 0x04 }) else {
            return nil
        }
        let fixed = window.bytes(at: position + Int64(start), count: 30)
        guard fixed.count == 30 else { return nil }
        let nameLength = Int(fixed[26]) | Int(fixed[27]) << 8
        let extraLength = Int(fixed[28]) | Int(fixed[29]) << 8
        let header = window.bytes(at: position + Int64(start), count: 30 + nameLength + extraLength)
        guard header.count == 30 + nameLength + extraLength, Array(header[30..<(30 + nameLength)]) == name else { return nil }
        return hasUTCTime(Array(header[(30 + nameLength)...]))
    }

    /// Whether extra fields hold a modification time libarchive reads as UTC.
    static func hasUTCTime<C: Collection>(_ extra: C) -> Bool where C.Element == UInt8, C.Index == Int {
        fields(extra).contains { field in
            (field.id == 0x5455 && field.data.count >= 5 && extra[field.data.lowerBound] & 0x01 != 0)
                || (field.id == 0x5855 && field.data.count >= 8)
        }
    }

    /// The fields of an extra block (id, data), up to the first that runs past its end.
    private static func fields<C: Collection>(_ extra: C) -> [(id: UInt16, data: Range<Int>)]
    where C.Element == UInt8, C.Index == Int {
        var found: [(id: UInt16, data: Range<Int>)] = []
        var offset = extra.startIndex
        while offset + 4 <= extra.endIndex {
            let id = UInt16(extra[offset]) | UInt16(extra[offset + 1]) << 8
            let size = Int(extra[offset + 2]) | Int(extra[offset + 3]) << 8
            guard offset + 4 + size <= extra.endIndex else { break }
            found.append((id, (offset + 4)..<(offset + 4 + size)))
            offset += 4 + size
        }
        return found
    }

    /// The local header's extra field at `offset`, if a local header is there.
    private static func localHeaderExtra(_ bytes: Bytes, at offset: Int) -> Slice<Bytes>? {
        guard fits(30, at: offset, in: bytes), le32(bytes, offset) == 0x0403_4B50 else { return nil }
        let start = offset + 30 + Int(le16(bytes, offset + 26))
        let end = start + Int(le16(bytes, offset + 28))
        guard end <= bytes.count else { return nil }
        return bytes[start..<end]
    }

    /// The local header offset from a zip64 extra field (0x0001): it follows the 64-bit sizes
    /// that the central entry marks as too large for 32 bits.
    private static func zip64LocalOffset(_ extra: Slice<Bytes>, central bytes: Bytes, at position: Int) -> Int? {
        guard let field = fields(extra).first(where: { $0.id == 0x0001 }) else { return nil }
        var offset = field.data.lowerBound
        if le32(bytes, position + 24) == 0xFFFF_FFFF { offset += 8 }  // uncompressed size
        if le32(bytes, position + 20) == 0xFFFF_FFFF { offset += 8 }  // compressed size
        guard offset + 8 <= field.data.upperBound else { return nil }
        return Int(clamping: le64(bytes, offset))
    }

    /// Whether `count` bytes at `offset` lie inside `bytes`, for any offset a hostile field can
    /// give (no arithmetic that can overflow).
    private static func fits(_ count: Int, at offset: Int, in bytes: Bytes) -> Bool {
        offset >= 0 && bytes.count >= count && offset <= bytes.count - count
    }

    private static func le16(_ bytes: Bytes, _ offset: Int) -> UInt16 {
        guard fits(2, at: offset, in: bytes) else { return 0 }
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    private static func le32(_ bytes: Bytes, _ offset: Int) -> UInt32 {
        guard fits(4, at: offset, in: bytes) else { return 0 }
        return (0..<4).reduce(0) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    private static func le64(_ bytes: Bytes, _ offset: Int) -> UInt64 {
        guard fits(8, at: offset, in: bytes) else { return 0 }
        return (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
    }
}
