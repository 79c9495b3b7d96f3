import EvidenceFormats
import CLzma
import Foundation

/// The memory a 7z archive's coders will ask for, read from its header before libarchive
/// decodes anything (7-Zip's 7zFormat.txt): libarchive gives liblzma no memory limit, so a
/// folder whose LZMA2 properties ask for a 4 GiB dictionary got one, and PPMd allocates the
/// model size its properties state. A header that is itself compressed (`kEncodedHeader`, as
/// 7-Zip writes it) is decoded here with liblzma, after its own coder has been checked.
///
/// Only random access reads a 7z (libarchive cannot stream one), so the header is always at hand.
enum SevenZipCoders {
    /// What the check found.
    enum Verdict: Equatable {
        case withinBudget
        case refused(ArchiveExtractorError)
        /// The header could not be read here (libarchive may still read it, or fail).
        case unchecked(String)
    }

    struct Coder: Equatable {
        let method: [UInt8]
        let properties: [UInt8]

        var name: String {
            switch method {
            case [0x03, 0x01, 0x01]: return "7z LZMA"
            case [0x21]: return "7z LZMA2"
            case [0x03, 0x04, 0x01]: return "7z PPMd"
            default: return "7z coder " + LowerHex.text(method)
            }
        }

        /// The dictionary or model this coder allocates; 0 for coders that need little.
        var memory: Int64 {
            switch method {
            case [0x03, 0x01, 0x01], [0x03, 0x04, 0x01]:   // LZMA dictionary, PPMd model: 32 bits after one byte
                return properties.count >= 5 ? Int64(ZipBytes.le32(properties, 1)) : 0
            case [0x21]:
                guard let byte = properties.first else { return 0 }
                if byte >= 40 { return Int64(UInt32.max) }
                return Int64(2 | (byte & 1)) << (Int64(byte) / 2 + 11)
            default:
                return 0
            }
        }
    }

    private static let signature: [UInt8] = [0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]

    /// Checks every folder's coders of the 7z archive in `bytes` against `limit`.
    static func check(_ bytes: any PassedBytes, limit: Int) -> Verdict {
        let start = bytes.bytes(at: 0, count: 32)
        guard start.count == 32, Array(start[0..<6]) == signature else { return .unchecked("no 7z signature header") }
        let offset = Int64(clamping: ZipBytes.le64(start, 12)).addingReportingOverflow(32)
        let size = Int64(clamping: ZipBytes.le64(start, 20))
        guard !offset.overflow else { return .unchecked("the header's offset is out of range") }
        guard size <= Int64(limit) else {
            return .refused(.decoderMemory(filter: "7z header", needed: size, limit: Int64(limit), offset: offset.partialValue))
        }
        let header = bytes.bytes(at: offset.partialValue, count: Int(size))
        guard header.count == Int(size) else { return .unchecked("the header lies past the end") }
        do {
            var cursor = SevenZipCursor(header)
            var coders: [Coder] = []
            switch try cursor.number() {
            case 0x01:
                coders = try headerCoders(&cursor)
            case 0x17:
                let packed = try SevenZipStreams.read(&cursor)
                if let refusal = refusal(packed.coders.joined(), limit: limit, at: offset.partialValue) { return refusal }
                guard let unpacked = try decode(packed, from: bytes, limit: limit) else {
                    return .unchecked("the header is compressed with coders this check does not decode")
                }
                var inner = SevenZipCursor(unpacked)
                guard try inner.number() == 0x01 else { return .unchecked("the decoded header is not a header") }
                coders = packed.coders.joined() + (try headerCoders(&inner))
            default:
                return .unchecked("the header starts with an unknown property")
            }
            return refusal(coders, limit: limit, at: offset.partialValue) ?? .withinBudget
        } catch {
            return .unchecked("the header could not be parsed here")
        }
    }

    private static func refusal<Coders: Sequence>(_ coders: Coders, limit: Int, at offset: Int64) -> Verdict?
    where Coders.Element == Coder {
        guard let greedy = coders.max(by: { $0.memory < $1.memory }), greedy.memory > Int64(limit) else { return nil }
        return .refused(.decoderMemory(filter: greedy.name, needed: greedy.memory, limit: Int64(limit), offset: offset))
    }

    /// The coders of a (decoded) header's streams: additional streams and the main ones.
    private static func headerCoders(_ cursor: inout SevenZipCursor) throws -> [Coder] {
        var coders: [Coder] = []
        while true {
            switch try cursor.number() {
            case 0x00, 0x05:   // the end, or the files (which need no coder)
                return coders
            case 0x02:         // archive properties: records until a zero type
                while try cursor.number() != 0 { try cursor.skip(try cursor.number()) }
            case 0x03, 0x04:
                coders += try SevenZipStreams.read(&cursor).coders.joined()
            default:
                throw SevenZipCursor.Malformed()
            }
        }
    }

    /// Decodes a packed header of one LZMA or LZMA2 coder with liblzma, once its size and
    /// dictionary have been checked; nil for other coders (a header encrypted with AES, say).
    private static func decode(_ packed: SevenZipStreams, from bytes: any PassedBytes, limit: Int) throws -> [UInt8]? {
        guard packed.coders.count == 1, let coder = packed.coders[0].first, packed.coders[0].count == 1,
              let unpackSize = packed.unpackSizes.first, unpackSize <= Int64(limit),
              let packSize = packed.packSizes.first, packSize <= Int64(limit) else { return nil }
        let filterID: UInt64
        switch coder.method {
        case [0x03, 0x01, 0x01]: filterID = 0x4000_0000_0000_0001   // LZMA1
        case [0x21]: filterID = 0x21
        default: return nil
        }
        let input = bytes.bytes(at: 32 + packed.packPosition, count: Int(packSize))
        guard input.count == Int(packSize) else { return nil }
        var filters = [lzma_filter(id: filterID, options: nil), lzma_filter(id: UInt64.max, options: nil)]
        guard coder.properties.withUnsafeBufferPointer({
            lzma_properties_decode(&filters[0], nil, $0.baseAddress, $0.count)
        }) == LZMA_OK else { return nil }
        defer { free(filters[0].options) }
        var stream = lzma_stream()
        defer { lzma_end(&stream) }
        guard lzma_raw_decoder(&stream, &filters) == LZMA_OK else { return nil }
        var output = [UInt8](repeating: 0, count: Int(unpackSize))
        let status = input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                stream.next_in = inBuffer.baseAddress
                stream.avail_in = inBuffer.count
                stream.next_out = outBuffer.baseAddress
                stream.avail_out = outBuffer.count
                return lzma_code(&stream, LZMA_RUN)
            }
        }
        guard status == LZMA_OK || status == LZMA_STREAM_END, stream.avail_out == 0 else { return nil }
        return output
    }
}
