import EvidenceKit

extension ArchiveExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "archive",
        version: "1.3.0",
        summary: "Archives and compressed streams through libarchive (gzip through ISA-L): members, format, anomalies, member times",
        rationale: """
            Reads every member of tar, zip, 7z, rar, cpio, ar and ISO 9660 archives, and gzip, bzip2, xz, zstd, \
            lz4 and lzip streams, as libarchive (and ISA-L for gzip) decodes them: each member's bytes, path, \
            type, size, owner, mode and times, the archive's format, filters and comment, and anomalies in names, \
            links and structure. It does not see what the decoder skips: bytes between members or in slack space \
            that no header describes, deleted or overwritten entries, alternate data streams, or the content of \
            encrypted members (they are listed, not decrypted). Zip and 7z archives larger than the memory budget \
            are read as a stream, from their local headers. Times: tar, cpio, 7z, ar and ISO 9660 store UTC; zip \
            and rar DOS times are wall-clock readings, read in the zone the investigator gives.
            """,
        accepts: Acceptance(
            signatures: [
                MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8)),
                MagicSignature("gzip", bytes: [0x1F, 0x8B]),
                MagicSignature("bzip2", bytes: Array("BZh".utf8)),
                MagicSignature("xz", bytes: [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]),
                MagicSignature("zstd", bytes: [0x28, 0xB5, 0x2F, 0xFD]),
                MagicSignature("lz4", bytes: [0x04, 0x22, 0x4D, 0x18]),
                MagicSignature("lzip", bytes: Array("LZIP".utf8)),
                MagicSignature("zip", bytes: [0x50, 0x4B, 0x03, 0x04]),
                MagicSignature("zip (empty)", bytes: [0x50, 0x4B, 0x05, 0x06]),
                MagicSignature("zip (spanned)", bytes: [0x50, 0x4B, 0x07, 0x08]),
                MagicSignature("7z", bytes: [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]),
                MagicSignature("rar", bytes: Array("Rar!\u{1A}\u{07}".utf8)),
                MagicSignature("cpio (newc)", bytes: Array("070701".utf8)),
                MagicSignature("cpio (crc)", bytes: Array("070702".utf8)),
                MagicSignature("cpio (odc)", bytes: Array("070707".utf8)),
                MagicSignature("cpio (binary)", bytes: [0xC7, 0x71]),
                MagicSignature("cpio (binary, big-endian)", bytes: [0x71, 0xC7]),
                MagicSignature("ar", bytes: Array("!<arch>\n".utf8)),
                MagicSignature("iso9660", at: 32769, bytes: Array("CD001".utf8)),
            ],
            namePatterns: ["*.tar", "*.tgz", "*.tbz2", "*.txz", "*.tzst", "*.cpio", "*.lzma", "*.z"],
            mediaTypes: ["application/x-tar", "application/gzip", "application/x-bzip2", "application/x-xz",
                         "application/zstd", "application/x-lz4", "application/zip", "application/x-7z-compressed",
                         "application/vnd.rar", "application/x-cpio", "application/x-archive",
                         "application/vnd.debian.binary-package", "application/x-iso9660-image"]),
        findingKinds: [
            FindingKindDescription("archive.format", "the container format and the filters around it",
                                   caseUCO: CaseUCOMapping(facet: "uco-observable:ArchiveFileFacet",
                                                           property: "uco-observable:archiveType", from: .summary,
                                                           observableClass: "uco-observable:ArchiveFile")),
            .detail("archive.summary", "how many members of each type, and whether the archive was read to its end"),
            FindingKindDescription("archive.comment", "the archive's comment",
                                   caseUCO: CaseUCOMapping(facet: "uco-observable:ArchiveFileFacet",
                                                           property: "uco-observable:comment", from: .attribute("comment"),
                                                           observableClass: "uco-observable:ArchiveFile")),
            .events("archive.time_span", "the earliest and latest member times",
                    timestampDescription: "Earliest archive member time"),
            .events("archive.member_time", "one member's modification time",
                    timestampDescription: "Archive member modification time", presentation: .bulk),
            .detail("archive.anomaly", "something in the archive's names, links or structure that tools read differently"),
            .detail("archive.read_mode", "whether the archive was read with random access or as a stream"),
            .events("archive.gzip_header", "the gzip header: original name, time, system, comment",
                    timestampDescription: "gzip header modification time"),
        ],
        examples: examples)
}
