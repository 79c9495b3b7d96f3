import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

/// Issue 21, item 2: a 7z header's coders are checked for the memory they will ask for, before
/// libarchive decodes anything, whether the header is plain or itself compressed.
@Suite struct SevenZipCodersTests {
    private func check(_ sample: String, limit: Int = 16 << 20) throws -> SevenZipCoders.Verdict {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format(sample)))
        return SevenZipCoders.check(ZipDirectoryTests.held(data), limit: limit)
    }

    @Test(arguments: ["archive/hostile/big-dictionary.7z", "archive/hostile/big-dictionary-header.7z"])
    func aFolderAskingForFourGibibytesIsRefused(_ sample: String) throws {
        guard case .refused(.decoderMemory(let filter, let needed, let limit, _)) = try check(sample) else {
            Issue.record("not refused")
            return
        }
        #expect(filter == "7z LZMA2" && needed == Int64(UInt32.max) && limit == 16 << 20)
        // With the memory it asks for, it is read.
        #expect(try check(sample, limit: Int(UInt32.max)) == .withinBudget)
    }

    /// 7-Zip's own output: an LZMA-compressed header (a 4 KiB dictionary: 7-Zip fits it to the
    /// data) over an LZMA folder.
    @Test func sevenZipsOwnArchivesAreWithinTheBudget() throws {
        #expect(try check("archive/code.7z") == .withinBudget)
        #expect(try check("archive/hostile/encrypted.7z") == .withinBudget)
        if case .refused = try check("archive/code.7z", limit: 2048) {} else { Issue.record("a 4 KiB dictionary fits 2 KiB") }
    }

    @Test(arguments: [(UInt8(40), Int64(UInt32.max)), (0, 2 << 11), (1, 3 << 11), (16, 2 << 19), (39, 3 << 30)])
    func lzma2DictionaryBytesAreDecodedAsTheFormatSays(_ byte: UInt8, _ size: Int64) {
        #expect(SevenZipCoders.Coder(method: [0x21], properties: [byte]).memory == size)
    }

    /// Cut anywhere, or with any byte damaged, the check answers; it never traps.
    @Test(arguments: ["archive/hostile/big-dictionary-header.7z", "archive/code.7z"])
    func damagedHeadersNeverTrap(_ sample: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format(sample)))
        for length in 0..<data.count {
            _ = SevenZipCoders.check(ZipDirectoryTests.held(data.prefix(length)), limit: 16 << 20)
        }
        for index in 0..<data.count {
            for value: UInt8 in [0x00, 0xFF, 0x7F, 0x80] {
                var damaged = data
                damaged[index] = value
                _ = SevenZipCoders.check(ZipDirectoryTests.held(damaged), limit: 16 << 20)
            }
        }
    }

    /// Refused, nothing is opened: no member, no format, one limitation — in memory or from the file.
    @Test(arguments: [64 << 20, 64])
    func aRefusedArchiveIsNotOpened(_ memory: Int) throws {
        let path = Repository.format("archive/hostile/big-dictionary.7z")
        let sink = HostileStreamTests.CapturingSink()
        try ArchiveExtractor().extract(Artifact(name: "big-dictionary.7z", head: try FileByteSource(path: path).read(upTo: 65_536),
                                                content: try FileByteSource(path: path),
                                                limits: ExtractionLimits(maxInMemoryBytes: memory),
                                                randomAccess: try FileByteSource(path: path)), into: sink)
        #expect(sink.members.isEmpty)
        #expect(sink.memoryLimitations.count == 1)
        #expect(!sink.findings.contains { $0.kind == "archive.format" })
    }
}
