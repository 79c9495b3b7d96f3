import Crypto
import ExhibitTestSupport
import Foundation
import Testing

/// Issue 21 through the binary: what an opposing party's archives did to Exhibit, added to a case.
@Suite(.serialized) struct HostileArchiveTests {
    private func newCase(_ folder: TemporaryFolder) throws -> String {
        let path = folder.path("dispute.exhibit")
        #expect(try Command.exhibit(["init", path, "--title", "t", "--examiner", "e"]).status == 0)
        return path
    }

    private func list(_ command: String, _ dispute: String) throws -> [[String: Any]] {
        let result = try Command.exhibit([command, dispute, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try decodeJSON(result.stdout) as? [[String: Any]])
    }

    private func anomalies(_ findings: [[String: Any]]) -> [String] {
        findings.compactMap { ($0["attributes"] as? [String: Any])?["anomaly"] as? String }
    }

    /// A .tar.xz of 100 KB holding 512 MiB of zeros, whose block header asks for a 4 GiB
    /// dictionary: granted (as libarchive granted it), decoding fills 512 MiB of dictionary
    /// (560 MB peak RSS, measured). Under memory_bytes=16MiB it is refused before decoding,
    /// hashed whole, and the process stays small (40 MB), though the expansion limits allow it all.
    @Test func anXzDictionaryOverTheBudgetIsRefusedInFlatMemory() throws {
        let folder = try TemporaryFolder()
        let bomb = folder.path("weights.tar.xz")
        try XzWriter.zeros(size: 512 << 20, between: TarWriter.header(name: "weights.bin", size: 512 << 20),
                           and: Data(count: 1024), claimedDictionary: 40, to: bomb)
        let dispute = try newCase(folder)
        let added = try Command.exhibitMeasuringMemory(["add", dispute, bomb, "--budget", "memory_bytes=16MiB",
                                                        "--budget", "expansion_ratio=1000000"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.maxResidentBytes < 100 << 20, "peak RSS \(added.maxResidentBytes) bytes")
        let findings = try list("findings", dispute)
        let limitation = try #require(findings.first { ($0["attributes"] as? [String: Any])?["limit"] as? String == "memory_bytes" })
        #expect((limitation["attributes"] as? [String: Any])?["filter"] as? String == "xz")
        let artifacts = try list("artifacts", dispute)
        #expect(artifacts.count == 1)
        #expect(artifacts.first?["hash_complete"] as? Bool == true)
    }

    /// A zip larger than memory_bytes, on disk: read from the file with its central directory,
    /// so the entries sharing one local header are members, as unzip lists them.
    @Test func aLargeZipOriginalIsListedAsItsDirectoryListsIt() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("large-overlapping.zip")
        let sample = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/hostile/overlapping.zip")))
        try ZipWriter.withStoredMember(named: "weights.bin", size: 4 << 20, in: sample).write(to: URL(fileURLWithPath: path))
        let dispute = try newCase(folder)
        #expect(try Command.exhibit(["add", dispute, path, "--budget", "memory_bytes=1MiB"]).status == 0)
        let members = try list("artifacts", dispute).compactMap { $0["member_path"] as? String }
        #expect(members == ["a.txt", "b.txt", "c.txt", "weights.bin"])
        #expect(anomalies(try list("findings", dispute)) == ["overlapping_entries", "overlapping_entries"])
    }

    /// Thirty layers of gzip, each a member of the one around it, read to the bottom when the
    /// depth allows; the deepest holds the text.
    @Test func thirtyLayersOfGzipAreReadToTheBottom() throws {
        let extracted = try Command.exhibit(["extract", Repository.format("archive/hostile/thirty-layers.gz"),
                                             "--budget", "archive_depth=40", "--json"])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        let output = try #require(try decodeJSON(extracted.stdout) as? [String: Any])
        let artifacts = try #require(output["artifacts"] as? [[String: Any]])
        #expect(artifacts.count == 31)
        let text = Data("thirty layers down\n".utf8)
        #expect(artifacts.last?["sha256"] as? String == SHA256.hash(data: text).map { String(format: "%02x", $0) }.joined())
    }

    /// Data after a tar.gz's end-of-archive blocks: a member, hashed, with an anomaly that names it.
    @Test func dataAfterTheEndIsAMemberOfTheCase() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        #expect(try Command.exhibit(["add", dispute, Repository.format("archive/hostile/after-end.tar.gz")]).status == 0)
        let hidden = try #require(try list("artifacts", dispute).first {
            $0["member_path"] as? String == "<data after the archive at 10240>"
        })
        let expected = Data(String(repeating: "hidden after the end-of-archive blocks\n", count: 4).utf8)
        #expect(hidden["sha256"] as? String == SHA256.hash(data: expected).map { String(format: "%02x", $0) }.joined())
        let anomaly = try #require(try list("findings", dispute).first { ($0["attributes"] as? [String: Any])?["anomaly"] as? String == "trailing_data" })
        #expect((anomaly["attributes"] as? [String: Any])?["sha256"] as? String == hidden["sha256"] as? String)
    }
}
