import ArchiveExtractor
import BuiltInExtractors
import CaseStore
import EvidenceKit
import ExhibitTestSupport
import ExhibitFoundation
import Foundation
import Testing
@testable import ExhibitCore

@Suite struct IngestPipelineTests {
    private func process(_ path: String, registry: [any Extractor.Type] = BuiltInExtractors.types,
                         budget: [String] = []) throws -> OriginalBatch {
        var resources = ResourceBudget()
        for assignment in budget { try resources.apply(assignment) }
        return try IngestPipeline.process(path, registry: try ExtractorRegistry(registry.map { ExtractorEntry.builtIn($0) }),
                                          options: IngestOptions(budget: resources, jobs: 1),
                                          normalizer: try Normalizer(timeZone: nil), custody: nil, progress: nil).0
    }

    /// A new case, and a pipeline adding to it.
    private func newCase(_ path: String) throws -> (CaseFile, IngestPipeline) {
        let file = try CaseFile.create(at: path, info: CaseInfo(
            caseID: URL(fileURLWithPath: path).lastPathComponent, title: "t", examiner: "e", organization: "", created: ""))
        return (file, IngestPipeline(registry: try ExtractorRegistry(BuiltInExtractors.all), caseFile: file,
                                     custody: CustodyContext(examiner: "e")))
    }

    /// A ustar archive of `members` (name, text), in order.
    private func writeTar(_ members: [(String, String)], to path: String) throws {
        var bytes = Data()
        for (name, text) in members {
            let content = Data(text.utf8)
            bytes += TarWriter.header(name: name, size: Int64(content.count))
            bytes += content + TarWriter.padding(after: Int64(content.count))
        }
        bytes += Data(count: 1024)
        try bytes.write(to: URL(fileURLWithPath: path))
    }

    /// SHA-256 of each member, computed by Python's tarfile/zipfile and hashlib: not libarchive, not Exhibit.
    private func independentHashes(_ path: String) throws -> [String: String] {
        let script = """
            import hashlib, sys, tarfile, zipfile
            p = sys.argv[1]
            if zipfile.is_zipfile(p):
                z = zipfile.ZipFile(p)
                for n in z.namelist():
                    if not n.endswith('/'): print(hashlib.sha256(z.read(n)).hexdigest(), n)
            else:
                t = tarfile.open(p)
                for m in t.getmembers():
                    if m.isfile(): print(hashlib.sha256(t.extractfile(m).read()).hexdigest(), m.name)
            """
        let result = try Command.run("python3", ["-c", script, path])
        #expect(result.status == 0, "\(result.stderr)")
        var hashes: [String: String] = [:]
        for line in result.stdout.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            hashes[parts[1]] = parts[0]
        }
        return hashes
    }

    @Test(arguments: ["archive/release.tar.gz", "archive/release.tar.xz", "archive/code.zip",
                      "archive/zip64.zip", "archive/data-descriptor.zip", "archive/pax.tar"])
    func memberHashesMatchAnIndependentComputation(_ sample: String) throws {
        let path = Repository.format(sample)
        let expected = try independentHashes(path)
        let batch = try process(path)
        let members = try batch.artifacts.filter { $0.depth == 1 && $0.entryType == "file" }
        #expect(!expected.isEmpty)
        #expect(Dictionary(uniqueKeysWithValues: members.map { ($0.memberPath!, $0.sha256!) }) == expected)
        #expect(members.allSatisfy { $0.hashComplete })
    }

    @Test func theOriginalsHashIsTheFilesHash() throws {
        let path = Repository.format("archive/release.tar.gz")
        let expected = try Command.run("sha256sum", [path]).stdout.prefix(64)
        #expect(try process(path).original.sha256 == String(expected))
    }

    @Test func aDeclineAfterPeekingRewindsForTheNextExtractor() throws {
        let batch = try process(Repository.format("archive/release.tar"),
                                registry: [PeekThenDecline.self, ArchiveExtractor.self])
        #expect(try batch.original.extractorID == "archive")
        #expect(try batch.artifacts.count == 5)
        #expect(try !batch.findings.contains { $0.kind == FindingKind.extractionError.rawValue })
    }

    /// Declared sizes decide only how much is read for recognition and who hashes: every member's
    /// hash is of the bytes it really has.
    @Test func membersThatLieAboutTheirSizeAreHashedWhole() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("members.lies")
        try Data("a container".utf8).write(to: URL(fileURLWithPath: path))
        let batch = try process(path, registry: [LyingSizes.self])
        let members = try batch.artifacts.filter { $0.parentID != nil }.sorted { $0.name < $1.name }
        let expected = try sha256sum(LyingSizes.content, in: folder)
        #expect(members.count == LyingSizes.declared.count)
        for member in members {
            #expect(member.size == Int64(LyingSizes.content.count), "\(member.name)")
            #expect(member.sha256 == expected, "\(member.name)")
            #expect(member.hashComplete)
        }
    }

    private func sha256sum(_ data: Data, in folder: TemporaryFolder) throws -> String {
        try data.write(to: folder.url.appendingPathComponent("content"))
        return String(try Command.run("/usr/bin/sha256sum", [folder.path("content")]).stdout.prefix(64))
    }

    @Test func aFailingExtractorKeepsWhatItFoundAndTheRestGoesOn() throws {
        let batch = try process(Repository.format("archive/release.tar"),
                                registry: [ArchiveExtractor.self, HalfWayFailure.self])
        let train = try #require(try batch.artifacts.first { $0.memberPath == "release/train.py" })
        let onTrain = try batch.findings.filter { $0.artifactID == train.id }.map(\.kind)
        #expect(onTrain == ["test.before_failure", "extraction.error"])
        #expect(train.hashComplete && train.sha256 != nil)
        #expect(try batch.findings.contains { $0.kind == "archive.summary" })
        let error = try #require(try batch.findings.first { $0.kind == "extraction.error" })
        #expect(error.summary.contains("broken on purpose"))
        #expect(error.extractorID == "half_way" && error.extractorVersion == "2.0.0")
    }

    @Test func theSameBytesGiveTheSameGraph() throws {
        let path = Repository.format("archive/nested.tar.gz")
        let first = try process(path)
        let second = try process(path)
        #expect(try first.artifacts == second.artifacts)
        #expect(try first.findings == second.findings)
        #expect(try Set(first.artifacts.map(\.id)).count == first.artifacts.count)
        #expect(try Set(first.findings.map(\.id)).count == first.findings.count)
        #expect(try first.artifacts.map(\.depth).max() == 3)
    }

    @Test func duplicateMemberNamesGetDistinctIds() throws {
        let batch = try process(Repository.format("archive/hostile/duplicates.tar"))
        let members = try batch.artifacts.filter { $0.memberPath == "config.json" }
        #expect(members.count == 2)
        #expect(members[0].id != members[1].id)
        #expect(members[0].sha256 != members[1].sha256)
    }

    /// A repeated name is keyed `name#2`; a member whose own name is `name#2` must not take the
    /// same id (it once did, and the whole original then failed to be written).
    @Test func aNameThatLooksLikeARepeatKeepsItsOwnId() throws {
        let folder = try TemporaryFolder()
        let tar = folder.path("repeats.tar")
        try writeTar([("a", "one"), ("a", "two"), ("a#2", "three"), ("a", "four"), ("a#3", "five")], to: tar)
        let (file, pipeline) = try newCase(folder.path("r.exhibit"))
        let outcomes = try pipeline.add([tar], options: IngestOptions(jobs: 1))
        guard case .added(let exhibit, _) = outcomes[0] else {
            Issue.record("not added: \(outcomes[0])")
            return
        }
        let artifacts = try file.artifacts(exhibit: exhibit)
        #expect(artifacts.dropFirst().map(\.memberPath) == ["a", "a", "a#2", "a", "a#3"])
        // A plain repeat keeps the key it always had (`a#2`); the names that look like repeats
        // move aside.
        let keys = ["a", "a#2", "a#2#2", "a#3", "a#3#2"]
        #expect(artifacts.dropFirst().map(\.id) == keys.map { DeterministicID.make("artifact", artifacts[0].id, $0) })
    }

    @Test func parallelAddGivesTheSameCaseAsSerialAdd() throws {
        let folder = try TemporaryFolder()
        let paths = ["archive/release.tar.gz", "archive/code.zip", "archive/nested.tar.gz", "archive/release.cpio",
                     "archive/hostile/traversal.tar"].map(Repository.format)
        var dumps: [String] = []
        for jobs in [1, 2] {
            let (file, pipeline) = try newCase(folder.path("jobs\(jobs).exhibit"))
            let outcomes = try pipeline.add(paths, options: IngestOptions(party: "respondent", jobs: jobs))
            #expect(outcomes.count == paths.count)
            dumps.append(CanonicalJSON.encode(try file.artifacts()) + CanonicalJSON.encode(try file.findings()))
        }
        #expect(dumps[0] == dumps[1])
    }

    /// The walk hashes what it reads; if that is not what was hashed at intake (the file was
    /// changed while it was read), the original fails with both hashes named, and its rows —
    /// already being written — end with that error, so the write is rolled back.
    @Test func anOriginalThatChangesWhileReadIsRefused() throws {
        let folder = try TemporaryFolder()
        let acquired = try AcquiredFile(path: Repository.format("archive/release.tar.gz"))
        let stager = RecordStager(normalizer: try Normalizer(timeZone: nil), acquired: acquired, party: nil,
                                  spillDirectory: folder.url.path)
        let ingest = OriginalIngest(path: acquired.path)
        let atIntake = String(repeating: "0", count: 64)
        ingest.recordIntake(atIntake)
        #expect(try ingest.sha256() == atIntake, "named by its intake hash before the walk ends")
        #expect {
            try IngestPipeline.walk(acquired, stager: stager, registry: try ExtractorRegistry(BuiltInExtractors.all),
                                    options: IngestOptions(jobs: 1), custody: CustodyContext(examiner: "e"),
                                    progress: nil, settle: { try ingest.settle(extracted: $0) }, onOriginalRead: nil)
        } throws: { error in
            guard case ExhibitCoreError.changedWhileRead(_, let intake, let extracted) = error else { return false }
            return intake == atIntake && extracted.count == 64 && extracted != atIntake
        }
        var artifacts = 0
        #expect(throws: ExhibitCoreError.self) {
            try stager.rows(originalSHA256: atIntake).forEach { if case .artifact = $0 { artifacts += 1 } }
        }
        #expect(artifacts > 1, "the rows staged before the end still arrive, then the error")
    }

    /// An original appended to, or rewritten in place, while it is read is not what was hashed:
    /// it fails as changed during intake, and nothing of it is written.
    @Test(arguments: ["evidence.growing", "evidence.rewritten"])
    func anOriginalChangedDuringIntakeIsNotAdded(_ name: String) throws {
        let folder = try TemporaryFolder()
        let path = folder.path(name)
        try Data((path + "\n" + String(repeating: "content\n", count: 20_000)).utf8).write(to: URL(fileURLWithPath: path))
        let file = try CaseFile.create(at: folder.path("case.exhibit"), info: CaseInfo(
            caseID: "changing", title: "t", examiner: "e", organization: "", created: ""))
        let pipeline = IngestPipeline(registry: try ExtractorRegistry([.builtIn(ChangesItsOriginal.self)]), caseFile: file,
                                      custody: CustodyContext(examiner: "e"))
        let outcomes = try pipeline.add([path], options: IngestOptions(jobs: 1))
        guard case .failed(_, let message)? = outcomes.first else { Issue.record("\(outcomes)"); return }
        #expect(message.hasPrefix("changed during intake: "), "\(message)")
        #expect(message.contains(name.hasSuffix(".growing") ? "bytes were read of a file of" : "modified at"), "\(message)")
        #expect(try file.artifacts().isEmpty && file.findings().isEmpty)
    }

    /// When the walk ends before the intake hash (both cores were busy), the walk's hash names
    /// the original and a late intake hash is ignored; when both exist and agree, it is named
    /// by either.
    @Test func theFirstHashToFinishNamesTheOriginal() throws {
        let late = OriginalIngest(path: "a")
        #expect(try late.settle(extracted: "walk") == nil)
        late.recordIntake("intake")
        #expect(try late.sha256() == "walk")
        let early = OriginalIngest(path: "b")
        early.recordIntake("same")
        #expect(try early.settle(extracted: "same") == "same")
        #expect(try early.sha256() == "same")
    }

    /// Paces of a walk, in MiB and seconds, and whether an intake hash pays for each.
    static let paces: [(size: Int64, read: Int64, seconds: Double, pays: Bool)] = [
        (700, 9, 0.1, true),     // a tar.gz inflating at 90 MiB/s: 7.7 s to go, under 1 s to hash
        (200, 5, 0.1, true),     // a code drop at 50 MiB/s
        (1024, 60, 0.1, false),  // a tar read at hashing speed
        (700, 690, 7.6, false),  // a walk nearly done
        (700, 1, 0.05, false),   // too early to tell
        (700, 0, 1.0, false),    // nothing read yet
    ]

    @Test(arguments: paces)
    func theIntakeHashIsTakenWhenItPays(pace: (size: Int64, read: Int64, seconds: Double, pays: Bool)) {
        #expect(OriginalIngest.paysToHashAtIntake(size: pace.size << 20, read: pace.read << 20,
                                                  seconds: pace.seconds) == pace.pays)
    }

    /// A walk whose results are no longer wanted (a duplicate) stops at its next read.
    @Test func aCancelledWalkStopsAtOnce() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("big.bin")
        try Data(count: 8 << 20).write(to: URL(fileURLWithPath: path))
        let acquired = try AcquiredFile(path: path)
        let stager = RecordStager(normalizer: try Normalizer(timeZone: nil), acquired: acquired, party: nil,
                                  spillDirectory: folder.url.path)
        let reads = Counter()
        #expect(throws: ExhibitCoreError.self) {
            try IngestPipeline.walk(acquired, stager: stager, registry: try ExtractorRegistry(BuiltInExtractors.all),
                                    options: IngestOptions(jobs: 1), custody: nil, progress: nil,
                                    settle: nil, onOriginalRead: { _ in
                                        if reads.increment() > 2 { throw CancellationError() }
                                    })
        }
        #expect(reads.value <= 4)
    }

    /// When the caller cannot take an outcome, `add` stops: the walk still going is cancelled
    /// and waited for, and nothing more is written.
    @Test func aFailingReportStopsTheWalksStillGoing() throws {
        let folder = try TemporaryFolder("pipeline")
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        try Data("first".utf8).write(to: URL(fileURLWithPath: production + "/a.txt"))
        // A walk long enough to be still going when the first file's group is committed (sparse: no disk).
        #expect(FileManager.default.createFile(atPath: production + "/b.bin", contents: nil))
        #expect(truncate(production + "/b.bin", 1 << 30) == 0)
        let (file, pipeline) = try newCase(folder.path("case.exhibit"))
        struct Refused: Error {}
        #expect(throws: Refused.self) {
            try pipeline.add(AcquisitionList([production]), options: IngestOptions(jobs: 2)) { _ in throw Refused() }
        }
        #expect(try file.artifacts().map(\.exhibit) == ["EX-0001"])
    }

    /// The file read must be the file looked at: a path made to name another file in between is
    /// refused, and the intake hash does not read the newcomer either.
    @Test func aFileReplacedAfterItWasLookedAtIsNotRead() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("evidence.bin")
        try Data("looked at".utf8).write(to: URL(fileURLWithPath: path))
        let acquired = try AcquiredFile(path: path)
        try Data("swapped in".utf8).write(to: URL(fileURLWithPath: folder.path("other.bin")))
        #expect(rename(folder.path("other.bin"), path) == 0)
        let stager = RecordStager(normalizer: try Normalizer(timeZone: nil), acquired: acquired, party: nil,
                                  spillDirectory: folder.url.path)
        let isReplaced = { (error: any Error) -> Bool in
            if case ExhibitCoreError.replaced(path) = error { return true } else { return false }
        }
        #expect {
            try IngestPipeline.walk(acquired, stager: stager, registry: try ExtractorRegistry(BuiltInExtractors.all),
                                    options: IngestOptions(jobs: 1), custody: nil, progress: nil, settle: nil, onOriginalRead: nil)
        } throws: { isReplaced($0) }
        #expect {
            try IntakeHash.sha256(path: path, identity: acquired.identity, until: { false })
        } throws: { isReplaced($0) }
    }

    /// Adding what the case already holds is refused by its intake hash, before any extraction
    /// is written; under another name too.
    @Test func aDuplicateIsRefusedAndNothingIsWrittenTwice() throws {
        let folder = try TemporaryFolder()
        let original = Repository.format("archive/release.tar.gz")
        let copy = folder.path("renamed.tgz")
        try FileManager.default.copyItem(atPath: original, toPath: copy)
        let (file, pipeline) = try newCase(folder.path("d.exhibit"))
        var options = IngestOptions(jobs: 2)
        options.intakeHash = .always
        let outcomes = try pipeline.add([original, copy, original], options: options)
        guard case .added(let exhibit, _) = outcomes[0] else {
            Issue.record("not added: \(outcomes)")
            return
        }
        for outcome in outcomes.dropFirst() {
            guard case .duplicate(_, _, let existing) = outcome else {
                Issue.record("not refused: \(outcome)")
                continue
            }
            #expect(existing == exhibit)
        }
        #expect(try file.artifacts().allSatisfy { $0.exhibit == exhibit })
        #expect(try file.custody().filter { $0.action == "acquire.duplicate" }.count == 2)
    }

    /// Rows written while the walk goes on (named by the intake hash) or after it (named by the
    /// walk's hash) make the same case; the duplicate is refused either way.
    @Test func theCaseIsTheSameWhetherWrittenDuringOrAfterTheWalk() throws {
        let folder = try TemporaryFolder()
        let paths = ["archive/release.tar.gz", "archive/code.zip", "archive/nested.tar.gz", "archive/release.tar.gz"]
            .map(Repository.format)
        var dumps: [String] = []
        for intake in [IntakeHashPolicy.always, .never] {
            let (file, pipeline) = try newCase(folder.path("\(intake).exhibit"))
            var options = IngestOptions(party: "respondent", jobs: 2)
            options.intakeHash = intake
            let outcomes = try pipeline.add(paths, options: options)
            guard case .duplicate = outcomes[3] else {
                Issue.record("not refused: \(outcomes[3])")
                continue
            }
            dumps.append(CanonicalJSON.encode(try file.artifacts()) + CanonicalJSON.encode(try file.findings()))
        }
        #expect(dumps.count == 2 && dumps[0] == dumps[1])
    }

    /// Thousands of members: the rows spill to disk while the walk goes on, come back with their
    /// ids once the original's hash is known, and reach the case in an order where members
    /// precede their container — every reference still resolves, every hash is right.
    @Test func anArchiveOfManyMembersSpillsAndComesBackWhole() throws {
        let folder = try TemporaryFolder()
        let tar = folder.path("many.tar")
        try writeTar((0..<6_000).map { ("src/part\($0 % 7)/file_\($0).txt", "member \($0)\n") }, to: tar)
        let (file, pipeline) = try newCase(folder.path("many.exhibit"))
        let outcomes = try pipeline.add([tar], options: IngestOptions(jobs: 1))
        guard case .added(let exhibit, let summary) = outcomes.first else {
            Issue.record("not added: \(outcomes)")
            return
        }
        #expect(summary.members == 6_000)
        let artifacts = try file.artifacts(exhibit: exhibit)
        #expect(artifacts.count == 6_001)
        #expect(artifacts.map(\.ordinal) == Array(0...6_000))
        let ids = Set(artifacts.map(\.id))
        #expect(ids.count == artifacts.count)
        #expect(artifacts.dropFirst().allSatisfy { $0.parentID == artifacts[0].id && $0.originalID == artifacts[0].id })
        let expected = try independentHashes(tar)
        #expect(Dictionary(uniqueKeysWithValues: artifacts.dropFirst().map { ($0.memberPath!, $0.sha256!) }) == expected)
        let findings = try file.findings(exhibit: exhibit)
        #expect(findings.filter { $0.kind == "archive.member_time" }.count == 6_000)
        #expect(findings.allSatisfy { ids.contains($0.artifactID) })
        // Nothing is left beside the case: the spill file was unlinked when it was made.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
            .filter { !$0.hasPrefix("many.exhibit") } == ["many.tar"])
    }

    /// Outcomes come in the order of the items, whatever they wait for: files being read are
    /// reported as each commits, and skipped entries behind them — more than the pipeline lets
    /// wait — in their place.
    @Test func outcomesKeepTheOrderOfAFolder() throws {
        let folder = try TemporaryFolder("pipeline")
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Repository.format("archive/release.tar.gz"), toPath: production + "/a.tar.gz")
        let links = IngestPipeline.waitingLimit + 200
        for index in 0..<links {
            try FileManager.default.createSymbolicLink(atPath: production + String(format: "/b-%05d", index),
                                                       withDestinationPath: "a.tar.gz")
        }
        try Data("last".utf8).write(to: URL(fileURLWithPath: production + "/c.txt"))
        let (file, pipeline) = try newCase(folder.path("case.exhibit"))
        var outcomes: [IngestOutcome] = []
        try pipeline.add(AcquisitionList([production]), options: IngestOptions(jobs: 2)) { outcomes.append($0) }
        #expect(outcomes.count == links + 2)
        guard case .added(let first, let summary) = outcomes.first, case .added(let last, _) = outcomes.last else {
            Issue.record("files not added: \(outcomes.prefix(2)) … \(outcomes.suffix(1))")
            return
        }
        #expect((first, summary.name) == ("EX-0001", "production/a.tar.gz"))
        #expect(last == "EX-0002")
        let skipped = outcomes.dropFirst().dropLast().compactMap { outcome -> String? in
            if case .skipped(let path, _) = outcome { return URL(fileURLWithPath: path).lastPathComponent } else { return nil }
        }
        #expect(skipped == (0..<links).map { String(format: "b-%05d", $0) })
        #expect(try file.custody().filter { $0.action == "acquire.skipped" }.count == links)
    }
}

/// A count shared with a closure the walk calls.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int { lock.withLock { count } }

    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
