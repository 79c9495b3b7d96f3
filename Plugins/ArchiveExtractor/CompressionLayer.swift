import CArchive
import EvidenceKit
import Foundation

/// The compression an artifact starts with, told by its first bytes, and the decoder that peels
/// that one layer. A stream compressed twice (`x.gz.gz`, a hundred layers of gzip) is a layer
/// here and a member inside it, recognized and opened as the next artifact: each layer is an
/// artifact with its own hash, and the budget's `archive_depth` says how many are opened — not
/// libarchive's fixed limit of 25 stacked filters ("too many filters"), and never a recursion
/// this extractor makes itself.
///
/// Each decoder is held to ``ExtractionLimits/maxInMemoryBytes``: gzip (ISA-L), bzip2, lz4
/// and compress need a few MiB at most; xz, .lzma and lzip are decoded by liblzma with that
/// memory limit; zstd frames are checked one by one for their window size.
enum CompressionLayer: String, CaseIterable {
    case gzip, bzip2, xz, lzma, lzip, zstd, lz4
    case compress = "compress (.Z)"

    /// The layer `head` starts, if any.
    init?(head: Data) {
        let bytes = [UInt8](head.prefix(14))
        func starts(_ magic: [UInt8]) -> Bool { bytes.starts(with: magic) }
        if GzipInflateStream.starts(head) {
            self = .gzip
        } else if starts(Array("BZh".utf8)), bytes.count > 3, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(bytes[3]) {
            self = .bzip2
        } else if starts([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]) {
            self = .xz
        } else if starts(Array("LZIP".utf8)) {
            self = .lzip
        } else if starts([0x28, 0xB5, 0x2F, 0xFD]) {
            self = .zstd
        } else if starts([0x04, 0x22, 0x4D, 0x18]) || starts([0x02, 0x21, 0x4C, 0x18]) {
            self = .lz4
        } else if starts([0x1F, 0x9D]) {
            self = .compress
        } else if Self.looksLikeLZMA(bytes) {
            self = .lzma
        } else {
            return nil
        }
    }

    /// The legacy .lzma header has no magic: properties (at most 224), a dictionary size that
    /// the tools write as 2^n or 2^n + 2^(n-1), and an uncompressed size (-1 when unknown), as
    /// libarchive's own test reads it.
    private static func looksLikeLZMA(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 13, bytes[0] <= 224 else { return false }
        let dictionary = (1...4).reduce(UInt32(0)) { $0 | UInt32(bytes[$1]) << (8 * ($1 - 1)) }
        let size = (5...12).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * ($1 - 5)) }
        let roundDictionary = dictionary == UInt32.max || (12...31).contains { bit in
            dictionary == 1 << bit || dictionary == (1 << bit) + (1 << (bit - 1))
        }
        return roundDictionary && ((bytes[0] == 0x5D || bytes[0] == 0x5E) || size == UInt64.max)
    }

    /// A decoder of this layer over `source`, within `memoryLimit`.
    func decoder(_ source: any ByteSource, memoryLimit: Int) throws -> any LayerDecoder {
        switch self {
        case .gzip: return GzipInflateStream(source)
        case .xz: return LzmaDecodeStream(source, container: .xz, memoryLimit: memoryLimit)
        case .lzma: return LzmaDecodeStream(source, container: .lzma, memoryLimit: memoryLimit)
        case .lzip: return LzmaDecodeStream(source, container: .lzip, memoryLimit: memoryLimit)
        case .zstd:
            let frames = ZstdFrameCheck(source, memoryLimit: memoryLimit)
            return try LibArchiveFilterStream(frames, filter: ARCHIVE_FILTER_ZSTD, name: rawValue, frames: frames)
        case .bzip2: return try LibArchiveFilterStream(source, filter: ARCHIVE_FILTER_BZIP2, name: rawValue)
        case .lz4: return try LibArchiveFilterStream(source, filter: ARCHIVE_FILTER_LZ4, name: rawValue)
        case .compress: return try LibArchiveFilterStream(source, filter: ARCHIVE_FILTER_COMPRESS, name: rawValue)
        }
    }
}
