import Foundation

/// A zip's central directory (APPNOTE 4.3.12–4.3.16), read by hand from an archive held in
/// memory or on disk, because libarchive does not expose it: it lists entries by the local
/// header they point to, once per header, and names each after that header. `unzip -l`, 7-Zip
/// and every extraction tool list the directory. What differs is what an opposing party can
/// hide: several directory entries sharing one local header (the overlapping entries of a
/// non-recursive zip bomb), a directory name that is not the local one, a NUL inside a name,
/// an archive before this one (two zips concatenated: tools list the last), data after it.
///
/// Entries are grouped as libarchive lists them: by local header offset, ascending; a group's
/// first entry (in directory order) is the one libarchive reads.
struct ZipDirectory {
    struct Entry {
        /// The position in the central directory, from 0.
        let index: Int
        /// The name as the directory stores it.
        let name: [UInt8]
        let flags: UInt16
        let method: UInt16
        let compressedSize: Int64
        let uncompressedSize: Int64
        /// Where its local header is, corrected by ``prefixLength``.
        let localOffset: Int64
        let externalAttributes: UInt32
        let dosTime: UInt32
        /// Whether the directory's extra fields give a UTC time.
        let centralUTCTime: Bool

        /// The name as libarchive and `unzip` read it: up to a NUL.
        var readName: [UInt8] { Array(name.prefix { $0 != 0 }) }
    }

    let entries: [Entry]
    /// Indices into ``entries``, one group per local header, in libarchive's order.
    let groups: [[Int]]
    /// Each group's local header, when it is there.
    let localHeaders: [ZipLocalHeader?]
    /// Bytes before the archive's first byte as its offsets count them (a self-extractor's stub,
    /// or another archive): the directory ends where its end record begins, whatever the
    /// offsets say, as libarchive reads it.
    let prefixLength: Int64
    /// Where the directory begins in the bytes read.
    let directoryStart: Int64
    /// Where the end record (and its comment) ends: anything after it is no part of the zip.
    let end: Int64
    /// The archive comment, as stored.
    let comment: [UInt8]

    /// What reading a directory costs in memory, beyond its own bytes, per entry (this type's
    /// entries, and libarchive's, which reads the directory too).
    static let memoryPerEntry = 512

    /// Why a directory was not read.
    enum Unread: Error, Equatable {
        /// No end record, or one whose numbers do not lead to a directory.
        case notFound
        /// Reading it would take more than the memory budget.
        case tooLarge(entries: Int64, bytes: Int64)
    }

    /// Reads the directory of the archive whose `size` bytes `bytes` gives, if it and its
    /// entries fit in `memoryLimit` bytes.
    static func read(_ bytes: any PassedBytes, size: Int64, memoryLimit: Int) -> Result<ZipDirectory, Unread> {
        let tailStart = max(0, size - 22 - 65_535)
        let tail = bytes.bytes(at: tailStart, count: Int(size - tailStart))
        guard let endAt = tail.withUnsafeBufferPointer(ZipTrailer.endRecordOffset) else { return .failure(.notFound) }
        let record = Array(tail[endAt...])
        var count = Int64(ZipBytes.le16(record, 10))
        var directorySize = Int64(ZipBytes.le32(record, 12))
        var declaredStart = Int64(ZipBytes.le32(record, 16))
        let comment = Array(record.dropFirst(22).prefix(Int(ZipBytes.le16(record, 20))))
        var directoryEnd = tailStart + Int64(endAt)
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || declaredStart == 0xFFFF_FFFF {
            // zip64: the locator sits just before the end record and points at the zip64 record.
            let locator = bytes.bytes(at: directoryEnd - 20, count: 20)
            guard ZipBytes.le32(locator, 0) == 0x0706_4B50 else { return .failure(.notFound) }
            let recordAt = Int64(clamping: ZipBytes.le64(locator, 8))
            let zip64 = bytes.bytes(at: recordAt, count: 56)
            guard zip64.count == 56, ZipBytes.le32(zip64, 0) == 0x0606_4B50 else { return .failure(.notFound) }
            count = Int64(clamping: ZipBytes.le64(zip64, 32))
            directorySize = Int64(clamping: ZipBytes.le64(zip64, 40))
            declaredStart = Int64(clamping: ZipBytes.le64(zip64, 48))
            // The zip64 record counts as the directory's end only where it follows it directly.
            directoryEnd = min(directoryEnd, recordAt)
        }
        let start = directoryEnd - directorySize
        guard directorySize >= 0, start >= 0, count >= 0 else { return .failure(.notFound) }
        let entryMemory = min(count, directorySize / 46 + 1) * Int64(memoryPerEntry)
        guard directorySize <= Int64(memoryLimit), entryMemory <= Int64(memoryLimit) - directorySize else {
            return .failure(.tooLarge(entries: count, bytes: directorySize))
        }
        let prefix = start - declaredStart
        guard let entries = bytes.withBytes(at: start, count: Int(directorySize), { directory in
            directory.count == Int(directorySize) ? parse(directory, count: count, shift: prefix) : nil
        }) else { return .failure(.notFound) }
        var groups: [[Int]] = []
        for index in entries.indices.sorted(by: { (entries[$0].localOffset, $0) < (entries[$1].localOffset, $1) }) {
            if let last = groups.last?.first, entries[last].localOffset == entries[index].localOffset {
                groups[groups.count - 1].append(index)
            } else {
                groups.append([index])
            }
        }
        let headers = groups.map { ZipLocalHeader.read(bytes, at: entries[$0[0]].localOffset) }
        let end = tailStart + Int64(endAt) + 22 + Int64(comment.count)
        return .success(ZipDirectory(entries: entries, groups: groups, localHeaders: headers, prefixLength: max(0, prefix),
                                     directoryStart: start, end: end, comment: comment))
    }

    private static func parse(_ directory: UnsafeBufferPointer<UInt8>, count: Int64, shift: Int64) -> [Entry] {
        var entries: [Entry] = []
        var position = 0
        while Int64(entries.count) < count, position + 46 <= directory.count,
              ZipBytes.le32(directory, position) == 0x0201_4B50 {
            let nameLength = Int(ZipBytes.le16(directory, position + 28))
            let extraLength = Int(ZipBytes.le16(directory, position + 30))
            let commentLength = Int(ZipBytes.le16(directory, position + 32))
            let nameStart = position + 46
            let extraStart = nameStart + nameLength
            guard extraStart + extraLength <= directory.count else { break }
            let extra = directory[extraStart..<(extraStart + extraLength)]
            var compressed = Int64(ZipBytes.le32(directory, position + 20))
            var uncompressed = Int64(ZipBytes.le32(directory, position + 24))
            var offset = Int64(ZipBytes.le32(directory, position + 42))
            let wide = ZipExtraFields.zip64(Array(extra), uncompressed: uncompressed == 0xFFFF_FFFF,
                                            compressed: compressed == 0xFFFF_FFFF, offset: offset == 0xFFFF_FFFF)
            uncompressed = wide.uncompressed.map { Int64(clamping: $0) } ?? uncompressed
            compressed = wide.compressed.map { Int64(clamping: $0) } ?? compressed
            offset = wide.offset.map { Int64(clamping: $0) } ?? offset
            entries.append(Entry(index: entries.count, name: Array(directory[nameStart..<extraStart]),
                                 flags: ZipBytes.le16(directory, position + 8), method: ZipBytes.le16(directory, position + 10),
                                 compressedSize: compressed, uncompressedSize: uncompressed,
                                 localOffset: offset.addingReportingOverflow(shift).partialValue,
                                 externalAttributes: ZipBytes.le32(directory, position + 38),
                                 dosTime: ZipBytes.le32(directory, position + 12),
                                 centralUTCTime: ZipExtraFields.hasUTCTime(extra)))
            position = extraStart + extraLength + commentLength
        }
        return entries
    }

    /// Whether group `group`'s entry has a UTC time (its directory or local extra fields).
    func hasUTCTime(group: Int) -> Bool {
        entries[groups[group][0]].centralUTCTime || localHeaders[group]?.hasUTCTime == true
    }
}
