import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ArchiveExtractor

/// Issue 21, item 6: a zip's members as its central directory lists them, whether the archive
/// is held in memory or, larger than `memory_bytes`, read from the file; and what a zip streamed
/// inside another archive cannot check, said.
@Suite struct ZipEvidenceTests {
    typealias CapturingSink = HostileStreamTests.CapturingSink

    private enum Reading {
        /// In memory, as small archives are.
        case memory
        /// From the file: the sample and a stored member of 64 KiB, with 16 KiB of memory_bytes
        /// (enough for the directory, not for the archive).
        case file
        /// As a member of another archive, with 64 bytes of memory_bytes.
        case stream
    }

    private func extract(_ sample: String, _ reading: Reading, sink: CapturingSink = CapturingSink()) throws -> CapturingSink {
        var path = Repository.format(sample)
        let folder = try TemporaryFolder()
        if reading == .file {
            path = folder.path("large.zip")
            try ZipWriter.withStoredMember(named: Self.filler, size: 64 << 10, in: try Data(contentsOf: URL(fileURLWithPath: Repository.format(sample))))
                .write(to: URL(fileURLWithPath: path))
        }
        let head = try FileByteSource(path: path).read(upTo: 65_536)
        let memory = [Reading.memory: 64 << 20, .file: 16 << 10, .stream: 64][reading]!
        let artifact = Artifact(name: (sample as NSString).lastPathComponent, head: head, content: try FileByteSource(path: path),
                                limits: ExtractionLimits(maxInMemoryBytes: memory),
                                randomAccess: reading == .stream ? nil : try FileByteSource(path: path))
        try ArchiveExtractor().extract(artifact, into: sink)
        if reading == .file { sink.members.removeAll { $0.member.path == Self.filler } }
        return sink
    }

    private static let filler = "filler.bin"

    private static let samples: [(String, [String], [String])] = [
        ("archive/hostile/overlapping.zip", ["a.txt", "b.txt", "c.txt"], ["overlapping_entries", "overlapping_entries"]),
        ("archive/hostile/name-mismatch.zip", ["evil.exe"], ["name_mismatch"]),
        ("archive/hostile/nul-name.zip", ["safe.txt"], ["nul_in_name"]),
        ("archive/hostile/empty-name.zip", ["<entry 0 with an empty name>"], ["empty_name"]),
        ("archive/hostile/concatenated.zip", ["<data before the archive at 0>", "second.txt"], ["leading_data"]),
    ]

    /// In memory or from the file: the same members, in the same order, and the same anomalies.
    @Test(arguments: samples)
    func theDirectoryIsConsultedInMemoryAndFromTheFile(_ sample: String, _ members: [String], _ anomalies: [String]) throws {
        for reading in [Reading.memory, .file] {
            let sink = try extract(sample, reading)
            #expect(sink.members.map(\.member.path) == members, "\(reading)")
            #expect(sink.findings.filter { $0.kind == "archive.anomaly" }.compactMap { $0.attributes["anomaly"]?.description }
                    == anomalies, "\(reading)")
            #expect(sink.findings.first { $0.kind == "archive.format" }?.attributes["read_mode"] == "random_access")
            #expect(!sink.findings.contains { $0.kind == "archive.read_mode" })
        }
    }

    /// From the file, the members come from the stream (which the host hashes), in order; only
    /// the directory and the blocks libarchive looks at near the end are read positionally.
    @Test func aLargeZipIsReadOncePlusItsDirectory() throws {
        final class CountingFile: RandomAccessByteSource {
            let file: FileByteSource
            var read: Int64 = 0
            init(_ file: FileByteSource) { self.file = file }
            var size: Int64 { get throws { try file.size } }
            func read(at offset: Int64, into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
                let count = try file.read(at: offset, into: buffer)
                read += Int64(count)
                return count
            }
        }
        let folder = try TemporaryFolder()
        let path = folder.path("large.zip")
        let sample = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/code.zip")))
        try ZipWriter.withStoredMember(named: Self.filler, size: 8 << 20, in: sample).write(to: URL(fileURLWithPath: path))
        let file = CountingFile(try FileByteSource(path: path))
        let stream = try FileByteSource(path: path)
        let sink = CapturingSink()
        try ArchiveExtractor().extract(Artifact(name: "large.zip", head: try FileByteSource(path: path).read(upTo: 65_536),
                                                content: stream, limits: ExtractionLimits(maxInMemoryBytes: 16 << 10),
                                                randomAccess: file), into: sink)
        #expect(sink.members.map(\.member.path) == ["code/train.py", "code/rl/ppo.py", Self.filler])
        #expect(sink.members.last?.content.count == 8 << 20)
        #expect(file.read < 1 << 20, "\(file.read) bytes read positionally")
        #expect(try stream.drain() < 1 << 20)   // what the host drains after the extractor: the directory
    }

    /// The directory's name, the local header's, and the data that both name.
    @Test func aNameMismatchKeepsBothNames() throws {
        let sink = try extract("archive/hostile/name-mismatch.zip", .file)
        let anomaly = try #require(sink.anomalies("name_mismatch").first)
        #expect(anomaly.attributes["central_name"] == "evil.exe" && anomaly.attributes["local_name"] == "readme.txt")
        #expect(anomaly.locator.memberPath == "evil.exe")
        #expect(sink.members.first?.content == Data("MZ not really\n".utf8))
    }

    /// The NUL is kept in the raw name (`raw_path_hex` in the case); the path is what tools read.
    @Test func aNulInsideANameIsKeptInTheRawName() throws {
        let sink = try extract("archive/hostile/nul-name.zip", .file)
        #expect(sink.members.first?.member.rawPath == Array("safe.txt\u{0}.exe".utf8))
        #expect(sink.anomalies("nul_in_name").first?.attributes["stored_name"] == "safe.txt\\0.exe")
    }

    /// The first of two joined archives is handed on whole: it is a zip of its own.
    @Test func theFirstOfTwoJoinedZipsIsHandedOnWhole() throws {
        let sink = try extract("archive/hostile/concatenated.zip", .file)
        let leading = try #require(sink.members.first)
        #expect(leading.content.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        let inner = CapturingSink()
        try ArchiveExtractor().extract(Artifact(name: "leading", head: leading.content, content: DataByteSource(leading.content)),
                                       into: inner)
        #expect(inner.members.map(\.member.path) == ["first.txt"])
    }

    /// Entries sharing a header are listed, not read again: the bomb does not expand.
    @Test func entriesSharingALocalHeaderAreListedNotReadAgain() throws {
        let sink = try extract("archive/hostile/overlapping.zip", .file)
        #expect(sink.members.map(\.content.count) == [35, 0, 0])
        let shared = sink.anomalies("overlapping_entries")
        #expect(shared.map { $0.attributes["name"] } == ["b.txt", "c.txt"])
        #expect(shared.allSatisfy { $0.attributes["other_name"] == "a.txt" })
    }

    /// Inside another archive and larger than memory: the local headers, and a finding that
    /// names the checks that could not run.
    @Test func aStreamedZipSaysWhichChecksCouldNotRun() throws {
        let sink = try extract("archive/hostile/name-mismatch.zip", .stream)
        let mode = try #require(sink.findings.first { $0.kind == "archive.read_mode" })
        #expect(mode.attributes["checks_not_run"]?.description.contains("name_mismatch") == true)
        #expect(sink.members.map(\.member.path) == ["readme.txt"])
    }

    /// A stream keeps the exact bytes of a local name that libarchive normalizes.
    @Test func aStreamedZipKeepsDecomposedNames() throws {
        let sink = try extract("archive/hostile/case-collision.zip", .stream)
        #expect(sink.members.map(\.member.path) == ["README.md", "readme.md"])
    }

    /// An LZMA or xz entry whose header asks for 4 GiB is listed, not decoded: in memory, from
    /// the file, or streamed (its local header read again from the bytes libarchive was given).
    @Test(arguments: [("archive/hostile/big-dictionary-lzma.zip", "zip LZMA"), ("archive/hostile/big-dictionary-xz.zip", "zip xz")])
    func anEntryWhoseDictionaryIsOverTheBudgetIsNotDecoded(_ sample: String, _ filter: String) throws {
        for reading in [Reading.memory, .file, .stream] {
            let sink = try extract(sample, reading)
            #expect(sink.members.map(\.member.path) == ["config.json"], "\(reading)")
            #expect(sink.members.first?.content.isEmpty == true)
            let refusal = try #require(sink.memoryLimitations.first, "\(reading)")
            #expect(refusal.attributes["filter"] == .string(filter) && refusal.attributes["needed_bytes"] == .integer(Int64(UInt32.max)))
        }
    }

    @Test func xzBlockHeadersGiveTheirDictionary() throws {
        let xz = [UInt8](try XzWriter.xz(Data("x".utf8), claimedDictionary: 26))
        #expect(ZipEntryCoder.xzDictionary(xz) == 32 << 20)
        #expect(ZipEntryCoder.xzDictionary(Array(xz.prefix(14))) == nil)
        #expect(ZipEntryCoder.memory(method: 98, data: [0x75, 0x00])?.bytes == 8 << 20)   // PPMd: order 6, 8 MiB
        #expect(ZipEntryCoder.memory(method: 8, data: []) == nil)                          // deflate needs little
    }

    /// When a limit stops the archive after its first member, the others are still named.
    @Test func entriesALimitLeftUnreadAreNamed() throws {
        final class StoppingSink: HostileStreamTests.CapturingSink {
            override func member(_ member: Member, content: (any ByteSource)?) throws {
                if !members.isEmpty { throw EvidenceError.limitReached(limit: "expansion_ratio", detail: "stop") }
                try super.member(member, content: content)
            }
        }
        for reading in [Reading.memory, .file] {
            let sink = StoppingSink()
            #expect(throws: EvidenceError.self) { try extract("archive/code.zip", reading, sink: sink) }
            let unread = sink.findings.filter { $0.kind == .limitation && $0.attributes["member"] != .string(Self.filler) }
            #expect(unread.map { $0.attributes["member"] } == ["code/rl/ppo.py"], "\(reading)")
            #expect(unread.first?.attributes["limit"] == "expansion_ratio")
        }
    }
}
