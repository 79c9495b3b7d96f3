import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

/// The central directory read by hand: which entries' times are UTC, the zip64 markers, and
/// every way the directory can be damaged.
@Suite struct ZipDirectoryTests {
    private let sample = try! Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/utc-times.zip")))

    /// The bytes of `data` as an archive held in memory.
    static func held(_ data: Data) -> MemoryImage {
        let image = MemoryImage(limit: data.count)!
        _ = try? image.read(DataByteSource(data))
        return image
    }

    private func read(_ data: Data, memory: Int = 64 << 20) -> ZipDirectory? {
        try? ZipDirectory.read(Self.held(data), size: Int64(data.count), memoryLimit: memory).get()
    }

    @Test func anExtendedTimestampMarksItsEntryOnly() throws {
        let directory = try #require(read(sample))
        #expect(directory.groups.indices.map(directory.hasUTCTime) == [true, false])
        #expect(directory.entries.map { String(decoding: $0.name, as: UTF8.self) } == ["code/train.py", "code/notes.txt"])
    }

    /// A self-extractor's stub before the archive shifts every offset; the directory is still found.
    @Test func aPrefixShiftsOffsetsButNotTheAnswer() throws {
        let directory = try #require(read(Data(repeating: 0x90, count: 4096) + sample))
        #expect(directory.groups.indices.map(directory.hasUTCTime) == [true, false])
        #expect(directory.prefixLength == 4096)
        #expect(directory.localHeaders.allSatisfy { $0 != nil })
    }

    /// Every zip64 marker set: the end record points to a zip64 end record, the local-header
    /// offset is in a zip64 extra field, and the UT time is in the local header only.
    @Test func zip64DirectoriesAreRead() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/zip64-directory.zip")))
        let directory = try #require(read(data))
        #expect(directory.entries.map { String(decoding: $0.name, as: UTF8.self) } == ["weights/shard.txt"])
        #expect(directory.hasUTCTime(group: 0))
    }

    @Test func zip64LocalHeadersWithoutExtendedTimesAreNotUTC() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/zip64.zip")))
        let directory = try #require(read(data))
        #expect(directory.entries.count == 2)
        #expect(!directory.groups.indices.contains(where: directory.hasUTCTime))
    }

    /// A directory too large for the budget is not read (libarchive would read it too).
    @Test func aDirectoryLargerThanTheBudgetIsNotRead() {
        let result = ZipDirectory.read(Self.held(sample), size: Int64(sample.count), memoryLimit: 200)
        #expect(throws: ZipDirectory.Unread.self) { try result.get() }
    }

    /// Cut anywhere, or with any byte or run of eight bytes damaged (a 64-bit offset of all
    /// ones), it answers or declines; it never traps.
    @Test(arguments: ["archive/utc-times.zip", "archive/zip64-directory.zip"])
    func damagedDirectoriesNeverTrap(_ name: String) throws {
        let sample = try Data(contentsOf: URL(fileURLWithPath: Repository.format(name)))
        for length in 0..<sample.count {
            _ = read(sample.prefix(length))
        }
        for index in 0..<sample.count {
            for value: UInt8 in [0x00, 0xFF, 0x7F, 0x80] {
                for width in [1, 8] {
                    var damaged = sample
                    for offset in index..<min(index + width, sample.count) { damaged[offset] = value }
                    _ = read(damaged)
                }
            }
        }
    }

    @Test(arguments: [
        ([0x55, 0x54, 5, 0, 1, 0, 0, 0, 0], true),          // UT with a modification time
        ([0x55, 0x54, 1, 0, 1], false),                      // UT flags without the time (as central directories often hold)
        ([0x55, 0x54, 5, 0, 2, 0, 0, 0, 0], false),          // UT with an access time only
        ([0x55, 0x58, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], true),  // UX (old Info-ZIP Unix)
        ([0x0A, 0x00, 4, 0, 0, 0, 0, 0], false),             // NTFS: libarchive 3.6 does not read it
        ([0x55, 0x54, 200, 0, 1, 0], false),                 // a size past the end
        ([0x01, 0x00, 0, 0, 0x55, 0x54, 5, 0, 1, 0, 0, 0, 0], true),  // after another field
    ] as [([UInt8], Bool)])
    func extraFieldsThatGiveAUTCTime(_ extra: [UInt8], _ expected: Bool) {
        #expect(ZipExtraFields.hasUTCTime(extra) == expected)
    }

    /// A local header found again behind libarchive's position, after a data descriptor;
    /// another entry's name there is not taken for this one; an NFC name matches its NFD bytes.
    @Test func aStreamedLocalHeaderIsFoundAndMatchedByName() throws {
        let name = Array("code/cafe\u{301}.py".utf8)
        let ut: [UInt8] = [0x55, 0x54, 5, 0, 1, 0x80, 0x91, 0xE1, 0x65]
        var header: [UInt8] = [0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 0, count: 22)
        header += [UInt8(name.count), 0, UInt8(ut.count), 0] + name + ut
        let descriptor: [UInt8] = [0x50, 0x4B, 0x07, 0x08] + [UInt8](repeating: 0xAA, count: 12)
        let bytes = Self.held(Data([UInt8](repeating: 1, count: 500) + descriptor + header + [9, 9, 9]))
        let local = try #require(ZipLocalHeader.streamed(in: bytes, from: 500))
        #expect(local.hasUTCTime && local.name == name)
        #expect(local.names(Array("code/caf\u{E9}.py".utf8)))
        #expect(!local.names(Array("other.py".utf8)))
        #expect(ZipLocalHeader.streamed(in: bytes, from: 100) == nil)
    }
}
