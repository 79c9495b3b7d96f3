import BuiltInExtractors
import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// Every limit of the budget stops work with a `limitation` finding, and nothing else breaks.
@Suite struct BudgetEnforcementTests {
    private func process(_ path: String, budget: [String] = []) throws -> OriginalBatch {
        var resources = ResourceBudget()
        for assignment in budget { try resources.apply(assignment) }
        return try IngestPipeline.process(path, registry: try ExtractorRegistry(BuiltInExtractors.all),
                                          options: IngestOptions(budget: resources, jobs: 1),
                                          normalizer: try Normalizer(timeZone: nil), custody: nil, progress: nil).0
    }

    private func limitations(_ batch: OriginalBatch) throws -> [String] {
        try batch.findings.filter { $0.kind == "limitation" }.compactMap {
            (try? JSONDecoder().decode([String: Value].self, from: Data($0.attributes.utf8)))?["limit"]?.description
        }
    }

    /// A gzip stream of `megabytes` MiB of one repeated byte, written by Python's zlib (about 1000:1).
    private func gzipBomb(megabytes: Int, in folder: TemporaryFolder) throws -> String {
        let path = folder.path("bomb.bin.gz")
        let script = """
            import sys, zlib
            c = zlib.compressobj(9, zlib.DEFLATED, 31)
            block = b'A' * (1 << 20)
            with open(sys.argv[1], 'wb') as f:
                for _ in range(int(sys.argv[2])): f.write(c.compress(block))
                f.write(c.flush())
            """
        #expect(try Command.run("python3", ["-c", script, path, String(megabytes)]).status == 0)
        return path
    }

    @Test func tenThousandLevelsOfNestingStopAtTheDepthLimit() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("nested.tar")
        try TarWriter.nested(depth: 10_000, payload: Data("the bottom\n".utf8), to: path)
        let batch = try process(path)
        #expect(try batch.artifacts.count == 17)
        #expect(try batch.artifacts.map(\.depth).max() == 16)
        #expect(try limitations(batch) == ["archive_depth"])
        // The member that was not opened is still hashed whole.
        #expect(try batch.artifacts.allSatisfy { $0.hashComplete })
    }

    /// An archive depth set in code past what the stack holds is held to it by the walk.
    @Test func anArchiveDepthSetInCodeIsHeldToTheStack() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("nested.tar")
        try TarWriter.nested(depth: 150, payload: Data("the bottom\n".utf8), to: path)
        var budget = ResourceBudget()
        budget.archiveDepth = 100_000
        let batch = try IngestPipeline.process(path, registry: try ExtractorRegistry(BuiltInExtractors.all),
                                               options: IngestOptions(budget: budget, jobs: 1),
                                               normalizer: try Normalizer(timeZone: nil), custody: nil, progress: nil).0
        #expect(try batch.artifacts.map(\.depth).max() == Int(ResourceBudget.maxArchiveDepth))
        #expect(try limitations(batch) == ["archive_depth"])
    }

    @Test func memberCountLimit() throws {
        let batch = try process(Repository.format("archive/release.tar"), budget: ["members_per_archive=2"])
        #expect(try batch.artifacts.count == 3)
        #expect(try limitations(batch) == ["members_per_archive"])
    }

    @Test func memberByteLimitLeavesAPartialHashThatSaysSo() throws {
        let batch = try process(Repository.format("archive/release.tar"), budget: ["member_bytes=100"])
        let config = try #require(try batch.artifacts.first { $0.memberPath == "release/config.json" })
        #expect(!config.hashComplete)
        #expect(config.size == 100)
        #expect(try limitations(batch) == ["member_bytes"])  // only config.json is over 100 bytes
        #expect(try batch.original.hashComplete)
    }

    @Test func zipLargerThanMemoryIsStreamedAndSaysSo() throws {
        let batch = try process(Repository.format("archive/code.zip"), budget: ["memory_bytes=64"])
        #expect(try batch.findings.contains { $0.kind == "archive.read_mode" && $0.severity == "warning" })
        #expect(Set(try batch.artifacts.compactMap(\.memberPath)) == ["code/train.py", "code/rl/ppo.py"])
        // The bytes read into memory before the fallback are replayed: the same members, the same hashes.
        let inMemory = try process(Repository.format("archive/code.zip"))
        #expect(try batch.artifacts.map(\.sha256) == inMemory.artifacts.map(\.sha256))
    }

    /// A memory_bytes beyond what the system will reserve: an original is read from its file.
    @Test func aZipWhoseMemoryCannotBeReservedIsReadFromItsFile() throws {
        let batch = try process(Repository.format("archive/code.zip"), budget: ["memory_bytes=4611686018427387904"])
        #expect(try !batch.findings.contains { $0.kind == "archive.read_mode" })
        #expect(try batch.findings.contains { $0.kind == "archive.format" && $0.attributes.contains("\"random_access\"") })
        #expect(Set(try batch.artifacts.compactMap(\.memberPath)) == ["code/train.py", "code/rl/ppo.py"])
    }

    /// Issue 21: an original zip larger than memory_bytes is read from its file, central
    /// directory and all: the entries that share one local header are each a member, with
    /// an anomaly, as unzip lists them.
    @Test func aZipOriginalLargerThanMemoryIsCheckedAgainstItsDirectory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("large-overlapping.zip")
        let sample = try Data(contentsOf: URL(fileURLWithPath: Repository.format("archive/hostile/overlapping.zip")))
        try ZipWriter.withStoredMember(named: "filler.bin", size: 1 << 20, in: sample).write(to: URL(fileURLWithPath: path))
        let batch = try process(path, budget: ["memory_bytes=65536"])
        #expect(Set(try batch.artifacts.compactMap(\.memberPath)) == ["a.txt", "b.txt", "c.txt", "filler.bin"])
        #expect(try batch.findings.filter { $0.kind == "archive.anomaly" && $0.attributes.contains("overlapping_entries") }.count == 2)
        #expect(try !batch.findings.contains { $0.kind == "archive.read_mode" })
        #expect(try batch.original.hashComplete)
    }

    @Test func anExpansionBombStopsAtTheRatio() throws {
        let folder = try TemporaryFolder()
        let bomb = try gzipBomb(megabytes: 200, in: folder)
        let batch = try process(bomb, budget: ["expansion_ratio=100"])
        #expect(try limitations(batch).contains("expansion_ratio"))
        let member = try #require(try batch.artifacts.last)
        #expect(!member.hashComplete)
        #expect(member.size < 200 << 20)
    }

    @Test func expandedBytesLimit() throws {
        let folder = try TemporaryFolder()
        let bomb = try gzipBomb(megabytes: 8, in: folder)
        let batch = try process(bomb, budget: ["expanded_bytes=1MiB"])
        #expect(try limitations(batch).contains("expanded_bytes"))
        #expect(try batch.original.hashComplete)
    }
}
