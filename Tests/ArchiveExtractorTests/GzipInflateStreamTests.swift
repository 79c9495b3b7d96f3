import CArchive
import CIsal
import EvidenceKit
import Foundation
import Testing
@testable import ArchiveExtractor

/// The gzip reader in front of libarchive: checked against what libarchive's gzip writer
/// (zlib's deflate) was given, on every way a stream can end or break.
@Suite struct GzipInflateStreamTests {
    /// One gzip member of `content`, deflated by libarchive's writer (zlib).
    static func gzip(_ content: Data) throws -> Data {
        let archive = try #require(archive_write_new())
        defer { archive_write_free(archive) }
        archive_write_add_filter_gzip(archive)
        archive_write_set_format_raw(archive)
        var output = [UInt8](repeating: 0, count: content.count + content.count / 8 + 4096)
        var used = 0
        try output.withUnsafeMutableBytes { buffer in
            try #require(archive_write_open_memory(archive, buffer.baseAddress, buffer.count, &used) == ARCHIVE_OK)
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, "content")
            archive_entry_set_filetype(entry, 0o100000)  // AE_IFREG
            archive_entry_set_size(entry, Int64(content.count))
            try #require(archive_write_header(archive, entry) == ARCHIVE_OK)
            _ = content.withUnsafeBytes { archive_write_data(archive, $0.baseAddress, content.count) }
            try #require(archive_write_close(archive) == ARCHIVE_OK)
        }
        return Data(output[0..<used])
    }

    /// A gzip member written by hand, every optional header field present, the data in one
    /// stored deflate block (RFC 1951 §3.2.4).
    static func storedMember(_ content: [UInt8]) -> Data {
        var bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0b0001_1110, 0x00, 0x5E, 0x65, 0x65, 0x00, 0x03]  // FEXTRA FNAME FCOMMENT FHCRC; MTIME; XFL; OS
        bytes += [4, 0, 0x41, 0x42, 0x00, 0x00]  // XLEN 4, one empty subfield "AB"
        bytes += Array("weights.bin".utf8) + [0]
        bytes += Array("exported by the claimant's tool".utf8) + [0]
        let headerCRC = bytes.withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        bytes += [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8 & 0xFF)]
        let length = UInt16(content.count)
        bytes += [0x01, UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)]
        bytes += content
        let crc = content.withUnsafeBufferPointer { crc32_gzip_refl(0, $0.baseAddress, UInt64($0.count)) }
        for value in [crc, UInt32(content.count)] {
            bytes += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        return Data(bytes)
    }

    /// Text with some repetition and some noise, like source files.
    static func sample(_ count: Int) -> Data {
        var state: UInt32 = 2_463_534_242
        return Data((0..<count).map { index in
            state ^= state << 13; state ^= state >> 17; state ^= state << 5
            return index % 7 == 0 ? UInt8(truncatingIfNeeded: state) : UInt8(ascii: "a") + UInt8(index % 23)
        })
    }

    /// Reads the stream to its end in reads of `readSize`, keeping what came before an error.
    static func drain(_ stream: GzipInflateStream, readSize: Int = 4093) -> (Data, (any Error)?) {
        var output = Data()
        var buffer = [UInt8](repeating: 0, count: readSize)
        do {
            while true {
                let count = try buffer.withUnsafeMutableBytes { try stream.read(into: $0) }
                if count == 0 { return (output, nil) }
                output.append(contentsOf: buffer[0..<count])
            }
        } catch {
            return (output, error)
        }
    }

    @Test(arguments: [0, 1, 100, 70_000, 3_000_000])
    func decompressesWhatZlibCompressed(_ size: Int) throws {
        let content = Self.sample(size)
        let stream = GzipInflateStream(DataByteSource(try Self.gzip(content)))
        let (output, error) = Self.drain(stream)
        #expect(error == nil)
        #expect(output == content)
        #expect(stream.completeMembers == 1)
        #expect(stream.trailingDataOffset == nil)
    }

    /// Input arriving a few bytes at a time: every boundary falls somewhere inside a header,
    /// a block or the trailer.
    @Test(arguments: [16, 17, 61])
    func smallInputBuffersGiveTheSameBytes(_ inputSize: Int) throws {
        let content = Self.sample(20_000)
        let stream = GzipInflateStream(DataByteSource(try Self.gzip(content)), inputBufferSize: inputSize)
        let (output, error) = Self.drain(stream, readSize: 1000)
        #expect(error == nil)
        #expect(output == content)
    }

    @Test func membersFollowOneAnother() throws {
        let first = Self.sample(5000), second = Data("second member".utf8)
        let stored: [UInt8] = Array("stored, with every header field".utf8)
        let bytes = try Self.gzip(first) + Self.gzip(second) + Self.storedMember(stored)
        let stream = GzipInflateStream(DataByteSource(bytes), inputBufferSize: 64)
        let (output, error) = Self.drain(stream)
        #expect(error == nil)
        #expect(output == first + second + Data(stored))
        #expect(stream.completeMembers == 3)
    }

    @Test func dataAfterTheLastMemberIsNotDecompressedAndItsOffsetIsKept() throws {
        let content = Self.sample(3000)
        let member = try Self.gzip(content)
        let stream = GzipInflateStream(DataByteSource(member + Data("hidden after the stream".utf8)))
        let (output, error) = Self.drain(stream)
        #expect(error == nil)
        #expect(output == content)
        #expect(stream.trailingDataOffset == Int64(member.count))
    }

    /// Cut anywhere, the stream reports truncation (never garbage, never a crash) and what it
    /// decompressed before the cut is the start of the content.
    @Test func everyCutIsTruncationAndKeepsWhatCameBefore() throws {
        let content = Self.sample(2000)
        let member = try Self.gzip(content)
        for length in 3..<member.count {
            let stream = GzipInflateStream(DataByteSource(member.prefix(length)), inputBufferSize: 32)
            let (output, error) = Self.drain(stream, readSize: 97)
            guard case ArchiveExtractorError.truncatedStream(let filter, let offset, _)? = error else {
                Issue.record("cut at \(length): \(String(describing: error))")
                continue
            }
            #expect(filter == "gzip")
            #expect(offset == Int64(length))
            #expect(content.starts(with: output))
        }
    }

    @Test func aWrongCRCIsDamage() throws {
        var member = try Self.gzip(Self.sample(1000))
        member[member.count - 8] ^= 0x01
        let (_, error) = Self.drain(GzipInflateStream(DataByteSource(member)))
        guard case ArchiveExtractorError.corruptStream(_, _, let detail)? = error else {
            Issue.record("expected damage, got \(String(describing: error))")
            return
        }
        #expect(detail.contains("CRC-32"))
    }

    @Test func anInvalidBlockIsDamageAtItsOffset() throws {
        // A valid ten-byte header, then a final block of the reserved type 3.
        let bytes = Data([0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0x03, 0b0000_0111]) + Data(repeating: 0xFF, count: 64)
        let stream = GzipInflateStream(DataByteSource(bytes))
        let (output, error) = Self.drain(stream)
        #expect(output.isEmpty)
        guard case ArchiveExtractorError.corruptStream(_, let offset, let detail)? = error else {
            Issue.record("expected damage, got \(String(describing: error))")
            return
        }
        #expect(detail == "invalid deflate block")
        #expect(offset >= 10 && offset <= bytes.count)
        // Reading again repeats the error rather than going on.
        #expect(throws: ArchiveExtractorError.self) { _ = try Self.drain(stream).1.map { throw $0 } }
    }

    @Test func aSourceErrorPassesThroughUnchanged() throws {
        struct Stop: Error {}
        final class Failing: ByteSource {
            let first: DataByteSource
            init(_ data: Data) { first = DataByteSource(data) }
            func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let count = try first.read(into: buffer)
                if count == 0 { throw Stop() }
                return count
            }
        }
        let member = try Self.gzip(Self.sample(100_000))
        let (_, error) = Self.drain(GzipInflateStream(Failing(member.prefix(1000))))
        #expect(error is Stop)
    }
}
extension GzipInflateStreamTests {
    /// ISA-L's own header reader checked FHCRC over the last chunk only; a header split at any
    /// byte must read the same.
    @Test(arguments: [16, 17, 23, 40, 64, 1 << 20])
    func aHeaderSplitAnywhereIsReadWhole(_ inputSize: Int) throws {
        let stored: [UInt8] = Array("stored, with every header field".utf8)
        let stream = GzipInflateStream(DataByteSource(Self.storedMember(stored)), inputBufferSize: inputSize)
        let (output, error) = Self.drain(stream)
        #expect(error == nil)
        #expect(output == Data(stored))
        let header = try #require(stream.firstHeader)
        #expect(GzipMemberHeader.text(try #require(header.name)) == "weights.bin")
        #expect(GzipMemberHeader.text(try #require(header.comment)) == "exported by the claimant's tool")
        #expect(header.modified == 0x6565_5E00)
        #expect(header.operatingSystem == 3)
        #expect(header.extraLength == 4)
        #expect(header.hasHeaderCRC)
        #expect(header.length == 62)
    }

    /// Byte offsets into `storedMember`: flags, the header CRC, the length at the end.
    @Test(arguments: [(3, 0x20, "reserved header flags"), (2, 0x07, "is not deflate"), (60, 0x01, "header CRC-16"),
                      (-1, 0x01, "CRC-32 or length")] as [(Int, UInt8, String)])
    func damageInAnyFieldIsNamed(_ offset: Int, _ flip: UInt8, _ expected: String) throws {
        var member = Self.storedMember(Array("some content".utf8))
        member[offset < 0 ? member.count + offset : offset] ^= flip
        let (_, error) = Self.drain(GzipInflateStream(DataByteSource(member)))
        guard case ArchiveExtractorError.corruptStream(_, _, let detail)? = error else {
            Issue.record("expected damage, got \(String(describing: error))")
            return
        }
        #expect(detail.contains(expected))
    }

    @Test func aLongNameIsReadButKeptInPart() throws {
        var bytes: [UInt8] = [0x1F, 0x8B, 0x08, 0x08, 0, 0, 0, 0, 0, 0xFF]
        bytes += [UInt8](repeating: UInt8(ascii: "n"), count: 100_000) + [0]
        let header = try GzipMemberHeader.read(IteratorReader(bytes).next)
        #expect(header.name?.count == GzipMemberHeader.keptLength)
        #expect(header.length == bytes.count)
    }

    /// Gives bytes one at a time, as the stream does, and throws at the end.
    final class IteratorReader {
        private var iterator: IndexingIterator<[UInt8]>
        init(_ bytes: [UInt8]) { iterator = bytes.makeIterator() }
        func next() throws -> UInt8 {
            guard let byte = iterator.next() else { throw GzipMemberHeader.Problem.notGzip }
            return byte
        }
    }
}
