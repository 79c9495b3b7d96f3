import EvidenceKit

extension ArchiveExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "archive",
        version: "1.2.0",
        summary: "Archives and compressed streams through libarchive (gzip through ISA-L): members, format, anomalies, member times",
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
        findingKinds: ["archive.format", "archive.summary", "archive.comment", "archive.time_span",
                       "archive.member_time", "archive.anomaly", "archive.read_mode", "archive.gzip_header"],
        examples: examples)
}
