import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

@Suite struct ArchiveExtractorTests {
    private func extract(_ sample: String, limits: ExtractionLimits = .init()) throws -> CollectingSink {
        let path = Repository.format(sample)
        let head = try FileByteSource(path: path).read(upTo: 65_536)
        let sink = CollectingSink()
        try ArchiveExtractor().extract(Artifact(name: (sample as NSString).lastPathComponent, head: head,
                                                content: try FileByteSource(path: path), limits: limits), into: sink)
        return sink
    }

    @Test(arguments: [("model.bin.gz", "model.bin"), ("data.TGZ", "data.tar"), ("x.zst", "x"), ("blob", "blob.decompressed")])
    func singleStreamsAreNamedAfterTheirContent(_ name: String, _ expected: String) {
        #expect(ArchiveScan.decompressedName(of: name) == expected)
    }

    @Test func membersCarryTheirMetadata() throws {
        let sink = try extract("archive/hostile/symlinks.tar")
        let byPath = Dictionary(uniqueKeysWithValues: sink.members.map { ($0.member.path, $0.member) })
        #expect(byPath["loop/a"]?.type == .symlink)
        #expect(byPath["loop/a"]?.linkTarget == "b")
        #expect(byPath["loop/"]?.type == .directory)
        #expect(byPath["loop/a"]?.owner == "examiner")
        #expect(byPath["loop/a"]?.uid == 1000)
        #expect(byPath["loop/a"]?.modified?.secondsSinceEpoch == 1_709_294_400)
        #expect(byPath["loop/a"]?.modified?.zone == .utc)
    }

    @Test func zipTimesHaveNoZoneAndSaySo() throws {
        let sink = try extract("archive/code.zip")
        let time = try #require(sink.members.first?.member.modified)
        #expect(time.zone == .unspecified)
        #expect(time.original == "2024-03-01 12:00:00")
    }

    /// RAR 5 stores Unix (UTC) times; RAR 1.5–4 stores DOS wall-clock times, like zip.
    @Test(arguments: [("archive/code.rar", TimeZoneSource.utc), ("archive/code-v4.rar", .unspecified)])
    func rarTimesCarryTheirFormatsZone(_ sample: String, _ zone: TimeZoneSource) throws {
        let sink = try extract(sample)
        #expect(sink.members.count == 2)
        #expect(sink.members.allSatisfy { $0.member.modified?.zone == zone && $0.member.type == .file })
        #expect(sink.members.first?.member.modified?.secondsSinceEpoch == 1_709_294_400)
    }

    /// Info-ZIP in Paris: DOS 13:00 wall-clock everywhere, and 12:00 UTC in an extended timestamp.
    /// The same whether the zip is read in memory (central directory) or, too large for
    /// `memory_bytes`, as a stream (local headers read again from the stream's last bytes).
    @Test(arguments: [64 << 20, 100])
    func zipExtendedTimestampsAreUTCAndDOSTimesStayZoneless(_ memory: Int) throws {
        let sink = try extract("archive/utc-times.zip", limits: ExtractionLimits(maxInMemoryBytes: memory))
        #expect(sink.findings.contains { $0.kind == "archive.read_mode" } == (memory == 100))
        let times = Dictionary(uniqueKeysWithValues: sink.members.map { ($0.member.path, $0.member.modified) })
        #expect(times["code/train.py"]??.zone == .utc)
        #expect(times["code/train.py"]??.secondsSinceEpoch == 1_709_294_400)
        #expect(times["code/notes.txt"]??.zone == .unspecified)
        #expect(times["code/notes.txt"]??.original == "2024-03-01 13:00:00")
    }

    /// libarchive stops at the tar's end blocks; the gzip stream after them is inflated to
    /// check its CRC-32, but no further than ``ArchiveExtractor/paddingLimit``.
    @Test func gzipDataFarPastTheTarsEndIsALimitationNotARead() throws {
        let content = Data("x = 1\n".utf8)
        var tar = TarWriter.header(name: "a.py", size: Int64(content.count)) + content
            + TarWriter.padding(after: Int64(content.count)) + Data(count: 1024)
        tar.append(Data(count: Int(ArchiveScan.paddingLimit) + (1 << 20)))
        let gzip = try GzipInflateStreamTests.gzip(tar)
        let sink = CollectingSink()
        try ArchiveExtractor().extract(Artifact(name: "padded.tar.gz", head: gzip.prefix(65_536),
                                                content: DataByteSource(gzip)), into: sink)
        #expect(sink.members.map(\.member.path) == ["a.py"])
        #expect(sink.findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "archive_tail" })
        #expect(!sink.findings.contains { $0.kind == "archive.anomaly" })
    }

    @Test func encryptedMembersAreRecordedNotRead() throws {
        let sink = try extract("archive/hostile/encrypted.zip")
        #expect(sink.members.count == 2)
        #expect(sink.members.allSatisfy { $0.bytesRead == 0 && $0.member.attributes["encrypted"] == true })
    }

    @Test func corruptHeadersAreWarningsAndLaterEntriesAreStillTried() throws {
        let sink = try extract("archive/hostile/corrupt-header.tar")
        let anomalies = sink.findings.filter { $0.kind == "archive.anomaly" }
        #expect(!anomalies.isEmpty)
        #expect(anomalies.allSatisfy { $0.locator.entryIndex != nil && $0.locator.byteOffset != nil })
        #expect(sink.members.first?.member.path == "first.txt")
    }

    @Test func randomGarbageWithAnArchiveNameIsDeclined() throws {
        #expect(throws: EvidenceError.self) {
            let content = Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
            try ArchiveExtractor().extract(Artifact(name: "x.tar", head: content, content: DataByteSource(content)),
                                           into: CollectingSink())
        }
    }

    @Test func nameAnomaliesAreFoundOncePerEntry() {
        var detector = NameAnomalyDetector()
        let first = detector.inspect(Member(path: "Model/Config.json", type: .file, entryIndex: 0))
        let second = detector.inspect(Member(path: "model/config.json", type: .file, entryIndex: 1))
        let third = detector.inspect(Member(path: "C:\\evil.dll", type: .file, entryIndex: 2))
        #expect(first.isEmpty)
        #expect(second.map(\.kind) == ["case_collision"])
        #expect(third.map(\.kind) == ["absolute_path"])
    }

    /// Names outside ASCII take the Unicode path (case folding, NFC); ASCII names the byte path.
    @Test func nonASCIINamesCollideByCaseAndByNormalization() {
        var detector = NameAnomalyDetector()
        #expect(detector.inspect(Member(path: "Ärger/café.txt", type: .file, entryIndex: 0)).isEmpty)
        let decomposed = "Ärger/cafe\u{301}.txt"
        #expect(detector.inspect(Member(path: decomposed, type: .file, entryIndex: 1)).map(\.kind)
            == ["unicode_normalization_collision"])
        #expect(detector.inspect(Member(path: "ärger/CAFÉ.txt", type: .file, entryIndex: 2)).map(\.kind)
            == ["case_collision"])
        let invalid = Member(path: "bad\u{FFFD}.txt", rawPath: Array("bad".utf8) + [0xFF] + Array(".txt".utf8),
                             type: .file, entryIndex: 3)
        #expect(detector.inspect(invalid).map(\.kind) == ["non_utf8_name"])
    }

    /// Either name may come first: a name that folding or NFC leaves alone is only in the
    /// exact table, and must still be found from the other side.
    @Test(arguments: [
        (["model/config.json", "Model/Config.json"], ["case_collision"]),
        (["A.TXT", "a.txt"], ["case_collision"]),
        (["A.txt", "a.TXT"], ["case_collision"]),
        (["cafe\u{301}.txt", "café.txt"], ["unicode_normalization_collision"]),
        (["café.txt", "cafe\u{301}.txt"], ["unicode_normalization_collision"]),
        // KELVIN SIGN is K after NFC, and lowers to k: both, from either side.
        (["\u{212A}elvin.txt", "Kelvin.txt"], ["case_collision", "unicode_normalization_collision"]),
        (["Kelvin.txt", "\u{212A}elvin.txt"], ["case_collision", "unicode_normalization_collision"]),
    ] as [([String], [String])])
    func collisionsAreFoundInEitherOrder(_ names: [String], _ kinds: [String]) {
        var detector = NameAnomalyDetector()
        #expect(detector.inspect(Member(path: names[0], type: .file, entryIndex: 0)).isEmpty)
        let second = detector.inspect(Member(path: names[1], type: .file, entryIndex: 1))
        #expect(second.map(\.kind) == kinds)
        #expect(second.first?.detail.contains("entry 0") == true)
    }

    @Test(arguments: [("../x", true), ("a/../b", true), ("a\\..\\b", true), ("a/..\\b", true), ("..", true),
                      ("a/..b/c", false), ("...", false), ("a/b..", false)])
    func parentComponentsAreFoundBetweenEitherSeparator(_ path: String, _ climbs: Bool) {
        var detector = NameAnomalyDetector()
        let kinds = detector.inspect(Member(path: path, type: .file, entryIndex: 0)).map(\.kind)
        #expect(kinds.contains("path_traversal") == climbs)
    }
}
