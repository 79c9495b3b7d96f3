import EvidenceFormats
import EvidenceKit
import Foundation

/// A zip's entries as its central directory lists them (``ZipDirectory``), not as libarchive
/// does: each of libarchive's entries is matched to its local header's directory group and takes
/// the directory's name; entries that share the header are recorded too; what the directory
/// and the headers disagree on is an anomaly with both values.
extension ArchiveScan {
    /// The directory's view of libarchive's current entry: its name (and, for a zip read as a
    /// stream, the local header's exact bytes). Returns the entry's local header, if matched,
    /// and whether its time is UTC.
    mutating func zipNames(_ member: inout Member) -> (local: ZipLocalHeader?, utc: Bool) {
        guard let zip else { return streamedZipNames(&member) }
        let group = headersRead - 1
        guard group < zip.groups.count else { return (nil, false) }
        let entry = zip.entries[zip.groups[group][0]]
        let local = zip.localHeaders[group]
        guard let local, local.names(member.rawPath) else {
            sink.warn("entry \(member.entryIndex) (\(member.path)) could not be matched to the central directory: "
                      + "recorded as libarchive names it", at: Locator(entryIndex: member.entryIndex, memberPath: member.path))
            return (nil, false)
        }
        let libarchiveName = member.path
        name(&member, entry.name)
        let locator = Locator(entryIndex: member.entryIndex, memberPath: member.path)
        if entry.name != local.name {
            let localName = String(decoding: local.name, as: UTF8.self)
            sink.emit(Finding("archive.anomaly", severity: .warning,
                              summary: "the central directory names it \(Self.shown(entry.name)), its local header "
                                  + "\(Self.shown(local.name)): recorded under the directory's name, as unzip lists it"
                                  + (libarchiveName != member.path ? " (libarchive named it \(libarchiveName))" : ""),
                              attributes: ["anomaly": "name_mismatch", "central_name": .string(member.path),
                                           "local_name": .string(localName), "local_header_offset": .integer(entry.localOffset)],
                              at: locator))
        }
        checkDataOverlap(group: group, at: locator)
        return (local, zip.hasUTCTime(group: group))
    }

    /// For a zip read as a stream: the local header's exact name bytes (libarchive normalizes a
    /// UTF-8 name and cuts one at a NUL), and whether its time is UTC.
    private mutating func streamedZipNames(_ member: inout Member) -> (local: ZipLocalHeader?, utc: Bool) {
        guard let local = ZipLocalHeader.streamed(in: reader.passed, from: reader.headerPosition),
              local.names(member.rawPath) else { return (nil, false) }
        name(&member, local.name)
        return (local, local.hasUTCTime)
    }

    /// Whether the entry's decoder would need more memory than the budget (its dictionary or
    /// model, from the first bytes of its data); if so, a limitation says it is not decoded.
    /// An entry whose header could not be read here is judged by the method libarchive names
    /// (`ZIP 6.3 (lzma)`): one that needs a dictionary it cannot be checked for is not decoded.
    func refusesDecoder(of member: Member, local: ZipLocalHeader?) -> Bool {
        let named: [(String, UInt16)] = [("(lzma)", 14), ("(xz)", 95), ("(ppmd", 98)]
        guard let method = local?.method ?? named.first(where: { reader.formatName.contains($0.0) })?.1 else { return false }
        let data = local.map { reader.passed.bytes(at: $0.dataOffset, count: 32) } ?? []
        let limit = Int64(artifact.limits.maxInMemoryBytes)
        guard let (name, needed) = ZipEntryCoder.memory(method: method, data: data), needed > limit else { return false }
        let offset = local?.dataOffset ?? reader.uncompressedOffset
        let refusal = ArchiveExtractorError.decoderMemory(filter: name, needed: needed, limit: limit, offset: offset)
        sink.emit(Finding(.limitation, severity: .warning, summary: "\(member.path): " + (refusal.errorDescription ?? ""),
                          attributes: ["limit": "memory_bytes", "filter": .string(name), "needed_bytes": .integer(needed),
                                       "limit_bytes": .integer(limit), "offset": .integer(offset)],
                          at: Locator(entryIndex: member.entryIndex, memberPath: member.path)))
        return true
    }

    /// Names `member` as stored (`stored`): its path is read up to a NUL, as unzip and libarchive
    /// read it; a NUL inside the name is an anomaly with both forms.
    private mutating func name(_ member: inout Member, _ stored: [UInt8]) {
        let read = Array(stored.prefix { $0 != 0 })
        member.rawPath = stored
        member.path = String(decoding: read, as: UTF8.self)
        guard read.count < stored.count else { return }
        sink.emit(Finding("archive.anomaly", severity: .warning,
                          summary: "the name \(Self.shown(stored)) holds a NUL: tools read it as \(member.path)",
                          attributes: ["anomaly": "nul_in_name", "stored_name": .string(Self.shown(stored)),
                                       "name": .string(member.path), "stored_name_hex": .string(Self.hex(stored))],
                          at: Locator(entryIndex: member.entryIndex, memberPath: member.path)))
    }

    /// Directory entries that point at the local header libarchive just read: members of their
    /// own (as unzip lists them), whose data are that entry's and are not read again.
    mutating func recordSharingEntries() throws {
        guard let zip, headersRead - 1 < zip.groups.count else { return }
        let group = zip.groups[headersRead - 1]
        let first = zip.entries[group[0]]
        for index in group.dropFirst() {
            let entry = zip.entries[index]
            var member = Member(path: "", type: entry.name.last == UInt8(ascii: "/") ? .directory : .file,
                                size: entry.uncompressedSize, entryIndex: entryCount)
            name(&member, entry.name)
            if member.rawPath.isEmpty {
                member.path = SyntheticMemberName.make("entry \(entryCount) with an empty name", isTaken: names.isTaken)
            }
            sink.emit(Finding("archive.anomaly", severity: .warning,
                              summary: "\(member.path) shares the local header at byte \(entry.localOffset) with "
                                  + "\(Self.shown(first.readName)): its data are that entry's, not read again "
                                  + "(overlapping entries, as in a zip bomb)",
                              attributes: ["anomaly": "overlapping_entries", "name": .string(member.path),
                                           "other_name": .string(String(decoding: first.readName, as: UTF8.self)),
                                           "local_header_offset": .integer(entry.localOffset),
                                           "declared_size": .integer(entry.uncompressedSize)],
                              at: Locator(entryIndex: member.entryIndex, memberPath: member.path)))
            try record(member, content: nil)
        }
    }

    /// Whether the group's data run over the next local header (entries that overlap without
    /// sharing a header).
    private func checkDataOverlap(group: Int, at locator: Locator) {
        guard let zip, group + 1 < zip.groups.count, let local = zip.localHeaders[group] else { return }
        let entry = zip.entries[zip.groups[group][0]]
        let next = zip.entries[zip.groups[group + 1][0]]
        let (dataEnd, overflow) = (entry.localOffset + Int64(local.length)).addingReportingOverflow(entry.compressedSize)
        guard overflow || dataEnd > next.localOffset else { return }
        sink.emit(Finding("archive.anomaly", severity: .warning,
                          summary: "the data of \(locator.memberPath ?? "") run to byte \(dataEnd), over the local header of "
                              + "\(Self.shown(next.readName)) at byte \(next.localOffset) (overlapping entries)",
                          attributes: ["anomaly": "overlapping_entries", "name": .string(locator.memberPath ?? ""),
                                       "other_name": .string(String(decoding: next.readName, as: UTF8.self)),
                                       "data_end": .integer(dataEnd), "local_header_offset": .integer(next.localOffset)],
                          at: locator))
    }

    /// Bytes before the zip's first byte (another archive: two zips concatenated, whose first
    /// tools do not list; a self-extractor's program): a member of their own.
    mutating func offerLeadingData() throws {
        guard let zip, zip.prefixLength > 0 else { return }
        let startsArchive = reader.passed.bytes(at: 0, count: 4) == [0x50, 0x4B, 0x03, 0x04]
        try offer(RangeSource(reader.passed, from: 0, to: zip.prefixLength), at: 0, name: "data before the archive",
                  kind: "leading_data", place: { "at byte \($0)" },
                  after: "before the zip's first entry (byte \(zip.prefixLength))"
                      + (startsArchive ? ", starting as a zip archive does (two archives joined: tools list only the last)" : ""))
    }

    /// Bytes after the end record and its comment.
    mutating func offerDataAfterDirectory() throws {
        guard let zip, let size = artifactSize, zip.end < size else { return }
        try offer(RangeSource(reader.passed, from: zip.end, to: size), at: zip.end, name: "data after the archive",
                  place: { "at byte \($0)" }, after: "after the zip's end record")
    }

    /// The archive's size, when it is read with random access.
    private var artifactSize: Int64? {
        if let file = artifact.randomAccess, readMode == "random_access", let size = try? file.size { return size }
        return (reader.passed as? MemoryImage).map { Int64($0.count) }
    }

    /// When a limit stops the reading, the entries not reached are still named: the directory
    /// lists them, and the examiner learns what was not read.
    func listUnread(from group: Int, limit: String) {
        guard let zip, group < zip.groups.count else { return }
        var index = entryCount
        for entry in zip.groups[group...].joined().map({ zip.entries[$0] }) {
            let name = String(decoding: entry.readName, as: UTF8.self)
            sink.emit(Finding(.limitation, severity: .warning,
                              summary: "not read (\(limit) stopped this archive): \(name), \(entry.uncompressedSize) bytes declared",
                              attributes: ["limit": .string(limit), "member": .string(name),
                                           "declared_size": .integer(entry.uncompressedSize)],
                              at: Locator(entryIndex: index, memberPath: name)))
            index += 1
        }
    }

    /// A stored name as a person can read it: invalid UTF-8 and NUL made visible.
    static func shown(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\u{0}", with: "\\0")
    }

    static func hex(_ bytes: [UInt8]) -> String {
        LowerHex.text(bytes)
    }
}
