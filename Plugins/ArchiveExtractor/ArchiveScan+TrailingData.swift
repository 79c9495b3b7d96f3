import CArchive
import EvidenceFormats
import EvidenceKit
import Foundation

/// What follows an archive's end: libarchive stops at a tar's end-of-archive blocks (and a
/// cpio's trailer) and never looks further; `tar -x` ignores what is there; a second gzip member
/// decompresses there. Zero bytes are padding (tar pads to its record size); from the first
/// 512-byte block that is not all zero, the rest is evidence: a member of its own
/// (``SyntheticMemberName``), hashed and recognized by the host, with an anomaly that states
/// its offset, size and SHA-256.
extension ArchiveScan {
    /// How much zero padding after an archive's end is read, looking for data behind it: tar
    /// pads to a few kilobytes; more is not read, and a limitation says so.
    static let paddingLimit: Int64 = 64 << 20

    /// Reads on from where libarchive stopped, once the archive is read to its end. For tar and
    /// cpio, data there is offered as a member; for other formats what follows is their own
    /// (a zip's central directory) and is only read through, so that a compression layer in
    /// front reaches its end and checks its CRC.
    mutating func readPastEnd(of filter: String?) throws {
        let end = reader.uncompressedOffset
        guard let remainder = reader.remainder(from: end) else { return }
        let stream = filter.map { " of the decompressed \($0) stream" } ?? ""
        do {
            if [ARCHIVE_FORMAT_TAR, ARCHIVE_FORMAT_CPIO].contains(reader.formatFamily), !reader.isRaw {
                try offer(remainder, at: end, name: "data after the archive", place: { "at byte \($0)\(stream)" },
                          after: "after the archive's end (byte \(end))")
            } else {
                try readThrough(remainder)
            }
        } catch let damage as ArchiveExtractorError where damage.isDamage {
            let kind = if case .truncatedStream = damage { "truncated" } else { "corrupt_stream" }
            let offset: Int64 = switch damage {
            case .truncatedStream(_, let offset, _), .corruptStream(_, let offset, _), .decoderMemory(_, _, _, let offset): offset
            }
            anomaly(kind, detail: damage.errorDescription ?? "\(damage)", at: Locator(byteOffset: offset))
        }
    }

    /// Bytes after the compressed stream itself (after the last gzip member, the last xz
    /// stream): `gzip -d` warns and ignores them.
    mutating func offerDataAfterStream(of layer: any LayerDecoder) throws {
        guard let offset = layer.trailingDataOffset, let data = layer.trailingData() else { return }
        try offer(data, at: offset, name: "data after the \(layer.filterName) stream", place: { "at compressed byte \($0)" },
                  after: "after the \(layer.filterName) stream's end")
    }

    /// Skips zero padding in `data` (which begins at `offset`); from the first block that is
    /// not all zero, hands the rest to the host as a member and reports it as `kind`.
    mutating func offer(_ data: any ByteSource, at offset: Int64, name what: String, kind: String = "trailing_data",
                        place: (Int64) -> String, after end: String) throws {
        guard let (skipped, rest) = try findData(data) else { return }
        let start = offset + skipped
        let name = SyntheticMemberName.make(what, at: start, isTaken: names.isTaken)
        let index = entryCount + syntheticCount
        syntheticCount += 1
        let counted = HashingSource(rest)
        try sink.member(Member(path: name, type: .file, entryIndex: index), content: counted)
        var attributes: [String: Value] = ["anomaly": .string(kind), "offset": .integer(start), "size": .integer(counted.count),
                                           "member": .string(name), "padding_bytes": .integer(skipped)]
        if let digest = counted.digest { attributes["sha256"] = .string(digest) }
        let size = counted.reachedEnd ? "\(counted.count) bytes" : "at least \(counted.count) bytes (not read to the end)"
        sink.emit(Finding("archive.anomaly", severity: .warning,
                          summary: "\(size) of data \(place(start)), \(end)"
                              + (skipped > 0 ? " and \(skipped) bytes of zero padding" : "") + ": handed on as the member \(name)",
                          attributes: attributes, at: Locator(entryIndex: index, memberPath: name, byteOffset: start,
                                                               byteLength: counted.count)))
    }

    /// Reads zero blocks; returns how many bytes were zero and a stream of everything from
    /// the first block that is not, or nil when only padding follows.
    private mutating func findData(_ data: any ByteSource) throws -> (Int64, any ByteSource)? {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { chunk.deallocate() }
        var skipped: Int64 = 0
        while true {
            let count = try Self.fill(chunk, from: data)
            if count == 0 { return nil }
            if let first = chunk[..<count].firstIndex(where: { $0 != 0 }) {
                let block = first / 512 * 512
                let held = Array(chunk[block..<count])
                return (skipped + Int64(block), PrefixedSource(prefix: .bytes(held), rest: data))
            }
            skipped += Int64(count)
            if skipped > Self.paddingLimit {
                tailLimitation(after: skipped)
                return nil
            }
        }
    }

    /// Reads through what follows a format's own end, up to the padding limit, data or not.
    private func readThrough(_ data: any ByteSource) throws {
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 10, alignment: 16)
        defer { chunk.deallocate() }
        var read: Int64 = 0
        while true {
            let count = try data.read(into: chunk)
            if count == 0 { return }
            read += Int64(count)
            if read > Self.paddingLimit {
                tailLimitation(after: read)
                return
            }
        }
    }

    private func tailLimitation(after read: Int64) {
        sink.limitation("more than \(Self.paddingLimit) bytes after the archive's end: not read further, "
                        + "so anything after them (and a compression layer's last checksum) was not examined",
                        limit: "archive_tail", at: Locator(byteOffset: reader.uncompressedOffset + read))
    }

    /// Fills `buffer` from `source` (whole 512-byte blocks but at the end); returns the count.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from source: any ByteSource) throws -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
            if count == 0 { break }
            filled += count
        }
        return filled
    }
}
