import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

/// Which zip times are UTC: read from the central directory and local headers, checked on the
/// sample and on every way the directory can be damaged.
@Suite struct ZipTimeSourcesTests {
    private let sample = try! Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/utc-times.zip")))

    private func readSources(_ data: Data) -> ZipTimeSources? {
        data.withUnsafeBytes { ZipTimeSources($0) }
    }

    @Test func anExtendedTimestampMarksItsEntryOnly() throws {
        let sources = try #require(readSources(sample))
        #expect(sources.entries.map(\.hasUTCTime) == [true, false])
        #expect(sources.hasUTCTime(entry: 0, path: "code/train.py") == true)
        #expect(sources.hasUTCTime(entry: 1, path: "code/notes.txt") == false)
    }

    @Test func anEntryWhoseNameDiffersIsNotMatched() throws {
        let sources = try #require(readSources(sample))
        #expect(sources.hasUTCTime(entry: 0, path: "code/other.py") == nil)
        #expect(sources.hasUTCTime(entry: 2, path: "code/train.py") == nil)
    }

    /// A self-extractor's stub before the archive shifts every offset; the directory is still found.
    @Test func aPrefixShiftsOffsetsButNotTheAnswer() throws {
        let sources = try #require(readSources(Data(repeating: 0x90, count: 4096) + sample))
        #expect(sources.entries.map(\.hasUTCTime) == [true, false])
    }

    /// Every zip64 marker set: the end record points to a zip64 end record, the local-header
    /// offset is in a zip64 extra field, and the UT time is in the local header only.
    @Test func zip64DirectoriesAreRead() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/zip64-directory.zip")))
        let sources = try #require(readSources(data))
        #expect(sources.entries.map { String(decoding: $0.name, as: UTF8.self) } == ["weights/shard.txt"])
        #expect(sources.entries.map(\.hasUTCTime) == [true])
    }

    @Test func zip64LocalHeadersWithoutExtendedTimesAreNotUTC() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/zip64.zip")))
        let sources = try #require(readSources(data))
        #expect(sources.entries.count == 2)
        #expect(sources.entries.allSatisfy { !$0.hasUTCTime })
    }

    /// Cut anywhere, or with any byte or run of eight bytes damaged (a 64-bit offset of all
    /// ones), it answers or declines; it never traps.
    @Test(arguments: ["archive/utc-times.zip", "archive/zip64-directory.zip"])
    func damagedDirectoriesNeverTrap(_ name: String) throws {
        let sample = try Data(contentsOf: URL(fileURLWithPath: Repository.format(name)))
        for length in 0..<sample.count {
            _ = readSources(sample.prefix(length))
        }
        for index in 0..<sample.count {
            for value: UInt8 in [0x00, 0xFF, 0x7F, 0x80] {
                for width in [1, 8] {
                    var damaged = sample
                    for offset in index..<min(index + width, sample.count) { damaged[offset] = value }
                    _ = readSources(damaged)
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
        #expect(ZipTimeSources.hasUTCTime(extra) == expected)
    }
}
