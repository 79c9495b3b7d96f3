import CArchive
import Crypto
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

/// Issue 21: decoders held to the memory budget, data after an archive's end, names libarchive
/// normalizes, links, and streams layered past libarchive's filter limit.
@Suite struct HostileStreamTests {
    /// A sink that keeps each member's content (as a test needs it) and why its read stopped.
    class CapturingSink: ContainerSink {
        var findings: [Finding] = []
        var members: [(member: Member, content: Data, failure: (any Error)?)] = []

        func emit(_ finding: Finding) { findings.append(finding) }

        func member(_ member: Member, content: (any ByteSource)?) throws {
            var data = Data()
            var failure: (any Error)?
            do {
                while let chunk = try content?.read(upTo: 1 << 16), !chunk.isEmpty { data.append(chunk) }
            } catch {
                failure = error
            }
            members.append((member, data, failure))
        }

        func anomalies(_ kind: String) -> [Finding] {
            findings.filter { $0.kind == "archive.anomaly" && $0.attributes["anomaly"] == .string(kind) }
        }

        var memoryLimitations: [Finding] {
            findings.filter { $0.kind == .limitation && $0.attributes["limit"] == "memory_bytes" }
        }
    }

    private func extract(_ data: Data, name: String, memory: Int = 16 << 20) throws -> CapturingSink {
        let sink = CapturingSink()
        try ArchiveExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data),
                                                limits: ExtractionLimits(maxInMemoryBytes: memory)), into: sink)
        return sink
    }

    private static func tar(_ members: [(String, Data)]) -> Data {
        var tar = Data()
        for (name, content) in members {
            tar += TarWriter.header(name: name, size: Int64(content.count)) + content + TarWriter.padding(after: Int64(content.count))
        }
        return tar + Data(count: 1024)
    }

    private static let release = tar([("release/config.json", Data(repeating: 0x7B, count: 40_000))])

    // MARK: Item 2: decoders within memory_bytes

    /// LZMA2 dictionary bytes: 40 is 4 GiB - 1, 30 is 128 MiB, 26 is 32 MiB; 22 (8 MiB) fits
    /// a 16 MiB budget and is read.
    @Test(arguments: [(UInt8(40), true), (30, true), (26, true), (22, false)])
    func anXzHeaderAskingForMoreThanTheBudgetIsRefusedBeforeDecoding(_ dictionary: UInt8, _ refused: Bool) throws {
        let sink = try extract(try XzWriter.xz(Self.release, claimedDictionary: dictionary), name: "release.tar.xz")
        #expect(sink.memoryLimitations.count == (refused ? 1 : 0))
        #expect(sink.members.count == (refused ? 0 : 1))
        if refused {
            let finding = try #require(sink.memoryLimitations.first)
            #expect(finding.attributes["filter"] == "xz")
            #expect(finding.attributes["limit_bytes"] == .integer(16 << 20))
            if case .integer(let needed) = finding.attributes["needed_bytes"] { #expect(needed > 16 << 20) }
        }
    }

    /// The first stream passes, the second asks for 4 GiB: what came before is kept, the member
    /// is cut there with a limitation, and the refusal is reported once for the archive.
    @Test func aLaterXzStreamAskingTooMuchIsRefusedWhereItStarts() throws {
        let first = Data(repeating: 0x41, count: 100_000)
        let data = try XzWriter.xz(first) + XzWriter.xz(Data(repeating: 0x42, count: 100_000), claimedDictionary: 40)
        let sink = try extract(data, name: "notes.txt.xz")
        let member = try #require(sink.members.first)
        #expect(member.content == first)
        #expect((member.failure as? EvidenceError).map { if case .limitReached("memory_bytes", _) = $0 { true } else { false } } == true)
        #expect(sink.memoryLimitations.count == 1)
    }

    /// zstd: the first frame's window is 1 MiB, the second's 2 GiB.
    @Test func aLaterZstdFrameAskingTooMuchIsRefusedWhereItStarts() throws {
        func frame(_ content: Data, windowLog: UInt8) -> Data {
            var frame = Data([0x28, 0xB5, 0x2F, 0xFD, 0x00, (windowLog - 10) << 3])
            let header = UInt32(content.count) << 3 | 1   // raw, last
            frame += Data([UInt8(header & 0xFF), UInt8(header >> 8 & 0xFF), UInt8(header >> 16)]) + content
            return frame
        }
        let first = Data(repeating: 0x61, count: 50_000)
        let sink = try extract(frame(first, windowLog: 20) + frame(Data(count: 50_000), windowLog: 31), name: "notes.txt.zst")
        #expect(sink.members.first?.content == first)
        let finding = try #require(sink.memoryLimitations.first)
        #expect(finding.attributes["needed_bytes"] == .integer(1 << 31))
        #expect(finding.attributes["offset"] == .integer(Int64(first.count) + 9 + 6))
    }

    @Test func frameHeaderWindowSizesFollowTheRFC() {
        // Window descriptor: exponent 10 + 0, mantissa 0 → 1 KiB; exponent 3, mantissa 4 → 8 KiB + 4 KiB.
        #expect(ZstdFrameCheck.windowSize([0x00, 0x00]) == 1024)
        #expect(ZstdFrameCheck.windowSize([0x00, 3 << 3 | 4]) == 12 * 1024)
        // Single segment: the window is the content size (a two-byte size counts from 256).
        #expect(ZstdFrameCheck.windowSize([0x20, 200]) == 200)
        #expect(ZstdFrameCheck.windowSize([0x60, 0x00, 0x01]) == 256 + 256)
        #expect(ZstdFrameCheck.headerLength(0xE3) == 1 + 4 + 8)
    }

    // MARK: Item 8: data after the end

    /// `cat a.tar b.tar`: the second archive, after the first one's end and padding, is handed on
    /// whole, with its offset, size and SHA-256.
    @Test func aSecondTarAfterTheFirstsEndIsHandedOnWhole() throws {
        let first = Self.tar([("a.txt", Data("one\n".utf8))]) + Data(count: 8192)
        let second = Self.tar([("b.txt", Data("two\n".utf8))])
        let sink = try extract(first + second, name: "joined.tar")
        let name = "<data after the archive at \(first.count)>"
        #expect(sink.members.map(\.member.path) == ["a.txt", name])
        #expect(sink.members.last?.content == second)
        let anomaly = try #require(sink.anomalies("trailing_data").first)
        #expect(anomaly.attributes["offset"] == .integer(Int64(first.count)))
        #expect(anomaly.attributes["size"] == .integer(Int64(second.count)))
        #expect(anomaly.attributes["sha256"] == .string(SHA256.hash(data: second).map { String(format: "%02x", $0) }.joined()))
        #expect(anomaly.locator.memberPath == name)
    }

    @Test func zeroPaddingAloneIsNoFinding() throws {
        let sink = try extract(Self.tar([("a.txt", Data("one\n".utf8))]) + Data(count: 20_000), name: "padded.tar")
        #expect(sink.members.count == 1)
        #expect(sink.anomalies("trailing_data").isEmpty)
    }

    /// A member may carry the very name a synthetic one would have: the synthetic one moves aside.
    @Test func aSyntheticNameNeverRepeatsAnEntrysName() throws {
        let taken = "<data after the archive at 2560>"
        let tar = Self.tar([(taken, Data("real\n".utf8))]) + Data(count: 512) + Data("hidden".utf8)
        let sink = try extract(tar, name: "taken.tar")
        #expect(sink.members.map(\.member.path) == [taken, taken + " (2)"])
    }

    /// After an xz stream: bytes that start no stream are the xz layer's trailing data.
    @Test func dataAfterTheCompressedStreamIsHandedOn() throws {
        let xz = try XzWriter.xz(Self.release)
        let sink = try extract(xz + Data("appended".utf8), name: "release.tar.xz")
        let name = "<data after the xz stream at \(xz.count)>"
        #expect(sink.members.last?.member.path == name)
        #expect(sink.members.last?.content == Data("appended".utf8))
    }

    /// A tar inside a second gzip member: gzip -d gives both, tar stops at the first's end.
    @Test func aSecondGzipMembersDataIsHandedOn() throws {
        let hidden = Self.tar([("hidden.txt", Data("hidden\n".utf8))])
        let data = try GzipInflateStreamTests.gzip(Self.release) + GzipInflateStreamTests.gzip(hidden)
        let sink = try extract(data, name: "release.tar.gz")
        #expect(sink.members.last?.member.path == "<data after the archive at \(Self.release.count)>")
        #expect(sink.members.last?.content == hidden)
    }

    // MARK: Item 7 and layers

    /// libarchive gives a pax name in NFC; the stored (NFD) bytes are restored.
    @Test func paxNamesKeepTheirStoredBytes() throws {
        let decomposed = "cafe\u{301}.txt"
        let data = TarWriter.paxMember(name: decomposed, content: Data("x".utf8)) + Data(count: 1024)
        let sink = try extract(data, name: "pax.tar")
        #expect(sink.members.first?.member.rawPath == Array(decomposed.utf8))
        #expect(sink.members.first?.member.path == decomposed)
    }

    @Test func linksInsideTheArchiveAndSymlinksAfterThePathAreNoAnomaly() {
        var detector = NameAnomalyDetector()
        #expect(detector.inspect(Member(path: "a/x", type: .file, entryIndex: 0)).isEmpty)
        #expect(detector.inspect(Member(path: "a", type: .symlink, linkTarget: "/", entryIndex: 1)).map(\.kind) == ["symlink_absolute"])
        #expect(detector.inspect(Member(path: "b/link", type: .hardlink, linkTarget: "a/x", entryIndex: 2)).isEmpty)
        #expect(detector.inspect(Member(path: "c", type: .hardlink, linkTarget: "b/../../x", entryIndex: 3)).map(\.kind)
            == ["hardlink_escapes"])
        #expect(detector.inspect(Member(path: "a/deeper/y", type: .file, entryIndex: 4)).map(\.kind) == ["path_through_symlink"])
        #expect(detector.inspect(Member(path: "ab/y", type: .file, entryIndex: 5)).isEmpty)
    }

    /// One extraction peels one layer: a hundred layers of gzip give a member that is gzip again
    /// (the host opens it as the next artifact, as deep as `archive_depth` allows).
    @Test func aHundredLayersOfGzipArePeeledOneAtATime() throws {
        var data = Data("deep\n".utf8)
        for _ in 0..<100 { data = try GzipInflateStreamTests.gzip(data) }
        let sink = try extract(data, name: "deep.gz")
        #expect(sink.anomalies("corrupt_header").isEmpty)
        #expect(sink.members.map(\.member.path) == ["deep"])
        #expect(sink.members.first?.content.starts(with: [0x1F, 0x8B, 0x08]) == true)
    }
}
