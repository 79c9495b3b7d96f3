import ExhibitTestSupport
import Foundation
import GRDB
import Testing
@testable import CaseStore

@Suite struct CaseFileTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000001", title: "Aurora v. Borealis",
                                examiner: "J. Doe", organization: "Example Forensics", created: "2026-01-01T00:00:00Z")

    private func artifact(_ id: String, original: String, parent: String?, ordinal: Int, sha: String) -> ArtifactRecord {
        ArtifactRecord(id: id, originalID: original, parentID: parent, exhibit: "", exhibitSequence: 0, ordinal: ordinal,
                       depth: parent == nil ? 0 : 1, name: id, memberPath: parent == nil ? nil : id, evidencePath: id,
                       sourcePath: nil, party: "respondent", entryType: "file", linkTarget: nil, size: 1,
                       declaredSize: nil, sha256: sha, hashComplete: true, mediaType: nil, extractorID: nil, mode: nil,
                       owner: nil, group: nil, modified: nil, details: "{}")
    }

    private func finding(_ id: String, artifact: String, original: String, kind: String) -> FindingRecord {
        FindingRecord(id: id, artifactID: artifact, originalID: original, exhibit: "", exhibitSequence: 0, ordinal: 0,
                      kind: kind, severity: "info", summary: kind, attributes: "{}", locator: "{}", evidencePath: artifact,
                      timeUTC: nil, timeOriginal: nil, timeZoneSource: nil, extractorID: "x", extractorVersion: "1")
    }

    private func batch(_ name: String, sha: String, findings extra: [FindingRecord] = []) -> OriginalBatch {
        OriginalBatch(artifacts: [artifact(name, original: name, parent: nil, ordinal: 0, sha: sha),
                                  artifact(name + "/m", original: name, parent: name, ordinal: 1, sha: "m" + sha)],
                      findings: [finding(name + "-f", artifact: name + "/m", original: name, kind: "archive.anomaly")] + extra,
                      entities: [EntityRecord(id: "e1", kind: "url", value: "https://example.org")],
                      mentions: [MentionRecord(findingID: name + "-f", entityID: "e1", role: "")], custody: [])
    }

    private func mentionCount(_ file: CaseFile) throws -> Int {
        try file.read { reader in
            var count = 0
            try reader.forEachMention { _ in count += 1 }
            return count
        }
    }

    @Test func originalsAreNumberedInWriteOrder() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        #expect(try file.write(batch("one", sha: "aa")) == "EX-0001")
        #expect(try file.write(batch("two", sha: "bb")) == "EX-0002")
        let artifacts = try file.artifacts()
        #expect(artifacts.map(\.id) == ["one", "one/m", "two", "two/m"])
        #expect(artifacts.map(\.exhibit) == ["EX-0001", "EX-0001", "EX-0002", "EX-0002"])
        #expect(try file.original(sha256: "bb")?.exhibit == "EX-0002")
        #expect(try file.original(sha256: "mbb") == nil)
        #expect(try file.findings(kind: "archive.*").count == 2)
        #expect(try file.findings(kind: "archive_anomaly").isEmpty)
        #expect(try mentionCount(file) == 2)
        #expect(try CaseFile.open(at: folder.path("a.exhibit")).info() == info)
    }

    /// What the exports read: content and entities shared across exhibits, a timeline, the
    /// queries' filters, and one view of the case however it changes meanwhile.
    @Test func aReaderSeesOneConsistentCase() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        func timed(_ id: String, _ artifact: String, _ original: String, _ time: String, ordinal: Int) -> FindingRecord {
            var record = finding(id, artifact: artifact, original: original, kind: "archive.member_time")
            record.timeUTC = time
            record.ordinal = ordinal
            return record
        }
        func sharing(_ name: String, sha: String, _ times: [FindingRecord]) -> OriginalBatch {
            OriginalBatch(artifacts: [artifact(name, original: name, parent: nil, ordinal: 0, sha: sha),
                                      artifact(name + "/m", original: name, parent: name, ordinal: 1, sha: "shared")],
                          findings: [finding(name + "-f", artifact: name + "/m", original: name, kind: "archive.anomaly")] + times,
                          entities: [EntityRecord(id: "e1", kind: "url", value: "https://example.org")],
                          mentions: [MentionRecord(findingID: name + "-f", entityID: "e1", role: "")], custody: [])
        }
        try file.write(sharing("one", sha: "aa", [timed("t1", "one/m", "one", "2024-03-01T12:00:00Z", ordinal: 2)]))
        try file.write(sharing("two", sha: "bb", [timed("t2", "two/m", "two", "2024-01-01T00:00:00Z", ordinal: 1),
                                                  timed("t3", "two/m", "two", "2024-03-01T12:00:00Z", ordinal: 2)]))
        try file.read { reader in
            var shared: [(String, [String])] = []
            try reader.forEachSharedContent { shared.append(($0, $1.map(\.id))) }
            #expect(shared.map(\.0) == ["shared"])
            #expect(shared.first?.1 == ["one/m", "two/m"])
            var entities: [(String, Set<String>)] = []
            try reader.forEachSharedEntity { entities.append(($0.value, Set($1.map(\.exhibit)))) }
            #expect(entities.map(\.0) == ["https://example.org"])
            #expect(entities.first?.1 == ["EX-0001", "EX-0002"])
            var timeline: [String] = []
            try reader.forEachFinding(FindingQuery(eventsOnly: true, order: .time)) { timeline.append($0.id) }
            #expect(timeline == ["t2", "t1", "t3"])
            #expect(try reader.countFindings(FindingQuery(kinds: ["archive.*"], excludedKinds: ["archive.anomaly"])) == 3)
            #expect(try reader.countFindings(FindingQuery(kinds: ["archive.anomaly"], exhibit: "EX-0002")) == 1)
            #expect(try reader.extractors().isEmpty)
            // A write while the reader reads is not seen by it.
            try file.write(batch("three", sha: "cc"))
            #expect(try reader.originals().count == 2)
        }
        #expect(try file.read { try $0.originals().count } == 3)
    }

    /// A second writer waits for the first, told who holds the case; the lock goes with its
    /// holder (here a thread's scope; for a process, its end, `kill -9` included).
    @Test func writersTakeTurnsAndTheWaitingOneIsTold() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("a.exhibit")
        let held = DispatchSemaphore(value: 0)
        let released = ManagedAtomicFlag()
        Thread.detachNewThread {
            let first = try? CaseLock.acquire(for: path, command: "exhibit add first.tar")
            held.signal()
            usleep(300_000)
            released.set()
            withExtendedLifetime(first) {}
        }
        held.wait()
        var holder: CaseLock.Holder?
        let second = try CaseLock.acquire(for: path, command: "exhibit bundle") { holder = $0 }
        #expect(released.isSet, "the second writer got the lock while the first held it")
        #expect(holder?.pid == getpid())
        #expect(holder?.command == "exhibit add first.tar")
        // Uncontended, no wait is reported.
        withExtendedLifetime(second) {}
        var waited = false
        _ = try CaseLock.acquire(for: folder.path("b.exhibit"), command: "x") { _ in waited = true }
        #expect(!waited)
    }

    @Test func aBatchIsWrittenWholeOrNotAtAll() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        try file.write(batch("one", sha: "aa"))
        // The second batch's last finding collides with an existing id: the whole batch must roll back.
        let bad = batch("two", sha: "bb", findings: [finding("one-f", artifact: "two/m", original: "two", kind: "x")])
        #expect(throws: CaseStoreError.self) { try file.write(bad) }
        #expect(try file.artifacts().map(\.id) == ["one", "one/m"])
        #expect(try file.summary().findingCount == 1)
    }

    /// Rows may come in any order (a member before its container); a reference that never
    /// resolves still stops the commit, and nothing of the batch stays.
    @Test func referencesAreCheckedWhenTheBatchCommits() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        let inOrder = batch("one", sha: "aa")
        let members = OriginalBatch(artifacts: try inOrder.artifacts.reversed(), findings: try inOrder.findings,
                                    entities: try inOrder.entities, mentions: try inOrder.mentions,
                                    custody: try inOrder.custody)
        #expect(try file.write(members) == "EX-0001")
        let orphan = batch("two", sha: "bb", findings: [finding("two-g", artifact: "nowhere", original: "two", kind: "x")])
        #expect(throws: CaseStoreError.self) { try file.write(orphan) }
        #expect(try file.artifacts().map(\.id) == ["one", "one/m"])
    }

    /// Rows still arriving when the walk behind them fails: the write stops with the walk's own
    /// error (not a database error), and nothing of the batch stays.
    @Test func rowsThatFailMidwayLeaveNothingAndKeepTheirError() throws {
        struct WalkFailed: Error {}
        struct FailingRows: BatchRows {
            let rows: [BatchRow]
            func forEach(_ body: (BatchRow) throws -> Void) throws {
                for row in rows { try body(row) }
                throw WalkFailed()
            }
        }
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        var rows: [BatchRow] = []
        try batch("one", sha: "aa").rows.forEach { rows.append($0) }
        #expect(throws: WalkFailed.self) { try file.write(OriginalBatch(rows: FailingRows(rows: rows))) }
        #expect(try file.artifacts().isEmpty)
        #expect(try file.write(batch("one", sha: "aa")) == "EX-0001")
    }

    /// The same mention twice in a batch is one row; a row with too few values is refused,
    /// and the transaction with it.
    @Test func bulkRowsAreCheckedAndMentionsAreKeptOnce() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        let once = batch("one", sha: "aa")
        let twice = OriginalBatch(artifacts: try once.artifacts, findings: try once.findings,
                                  entities: try once.entities, mentions: try once.mentions + once.mentions,
                                  custody: try once.custody)
        try file.write(twice)
        #expect(try mentionCount(file) == 1)
        let pool = try DatabasePool(path: folder.path("a.exhibit"))
        #expect(throws: DatabaseError.self) {
            try pool.write { db in
                let insert = try BulkInsert(db, table: "entity", columns: ["id", "kind", "value"])
                insert.bind("e2"); insert.bind("url"); insert.bind("https://example.com"); try insert.endRow()
                insert.bind("e3"); insert.bind("url"); try insert.endRow()
            }
        }
        #expect(try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM entity") } == 1)
        try pool.write { db in
            let insert = try BulkInsert(db, table: "entity", columns: ["id", "kind", "value"])
            insert.bind("e4"); insert.bind("name"); insert.bind(""); try insert.endRow()
            insert.bind("e5"); insert.bind("naïve ✓"); insert.bind(nil as String?)
            #expect(throws: DatabaseError.self) { try insert.endRow() }  // value is NOT NULL
        }
        #expect(try pool.read { try String.fetchAll($0, sql: "SELECT value FROM entity ORDER BY id") }
                == ["https://example.org", ""])
    }

    @Test func refusesToOverwriteOrInventACase() throws {
        let folder = try TemporaryFolder()
        _ = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        #expect(throws: CaseStoreError.self) { try CaseFile.create(at: folder.path("a.exhibit"), info: info) }
        #expect(throws: CaseStoreError.self) { try CaseFile.open(at: folder.path("missing.exhibit")) }
        try Data("not a database, just text".utf8).write(to: folder.url.appendingPathComponent("text.exhibit"))
        #expect(throws: CaseStoreError.self) { try CaseFile.open(at: folder.path("text.exhibit")) }
        #expect(!FileManager.default.fileExists(atPath: folder.path("missing.exhibit")))
    }

    @Test func aCaseFromANewerExhibitIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("a.exhibit")
        _ = try CaseFile.create(at: path, info: info)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')") }
        try queue.close()
        #expect {
            try CaseFile.open(at: path)
        } throws: { error in
            if case CaseStoreError.newerSchema = error { return true } else { return false }
        }
    }

    /// A version-2 case opens migrated: the index on every member's hash gives way to one on
    /// originals only, which the duplicate check uses.
    @Test func aVersionTwoCaseIsMigratedForward() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("old.exhibit")
        let queue = try DatabaseQueue(path: path)
        try CaseSchema.migrator.migrate(queue, upTo: "v2")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO case_info (key, value) VALUES ('case_id', 'old'), ('schema_version', '2')")
        }
        try queue.close()
        let file = try CaseFile.open(at: path)
        #expect(try file.info().schemaVersion == CaseSchema.currentVersion)
        try file.write(batch("one", sha: "aa"))
        #expect(try file.original(sha256: "aa")?.exhibit == "EX-0001")
        let pool = try DatabasePool(path: path)
        let indexes = try pool.read { try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        #expect(indexes.contains("original_sha256") && !indexes.contains("artifact_sha256"))
        let plan = try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM artifact WHERE parent_id IS NULL AND sha256 = 'aa'")
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("original_sha256"), "\(plan)")
    }

    /// Rows come in any order — a mention before its entity, a member before its container —
    /// and references are checked when the original's transaction commits: a dangling one
    /// refuses the whole original, and the case is as it was.
    @Test func referencesAreCheckedWhenTheOriginalCommits() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        var rows: [BatchRow] = []
        try batch("one", sha: "aa").rows.forEach { rows.append($0) }
        #expect(try file.write(OriginalBatch(rows: ArrayBatchRows(rows.reversed()))) == "EX-0001")
        #expect(try mentionCount(file) == 1)
        let dangling = batch("two", sha: "bb", findings: [finding("lost", artifact: "nowhere", original: "two", kind: "k")])
        #expect(throws: CaseStoreError.self) { try file.write(dangling) }
        #expect(try file.artifacts().map(\.id) == ["one", "one/m"])
        #expect(try file.write(batch("two", sha: "bb")) == "EX-0002")
    }

    /// Schema v4 rebuilds the tables with foreign keys: a version-3 case keeps every row and
    /// index, and its references become deferred by declaration.
    @Test func aVersionThreeCaseKeepsItsRowsThroughTheRebuild() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("v3.exhibit")
        let queue = try DatabaseQueue(path: path)
        try CaseSchema.migrator.migrate(queue, upTo: "v3")
        let indexesBefore = try queue.read { try String.fetchSet($0, sql: "SELECT name FROM sqlite_master WHERE type = 'index'") }
        try queue.write { db in
            try db.execute(sql: "INSERT INTO case_info (key, value) VALUES ('case_id', 'old'), ('schema_version', '3')")
            try db.execute(sql: """
                INSERT INTO artifact (id, original_id, parent_id, exhibit, exhibit_sequence, ordinal, depth, name, evidence_path,
                                      entry_type, size, sha256, hash_complete, details)
                VALUES ('o', 'o', NULL, 'EX-0001', 1, 0, 0, 'o.tar', 'o.tar', 'file', 3, 'aa', 1, '{}'),
                       ('m', 'o', 'o', 'EX-0001', 1, 1, 1, 'm', 'o.tar ▸ m', 'file', 1, 'bb', 1, '{}');
                INSERT INTO finding (id, artifact_id, original_id, exhibit, exhibit_sequence, ordinal, kind, severity, summary,
                                     attributes, locator, evidence_path, extractor_id, extractor_version)
                VALUES ('f', 'm', 'o', 'EX-0001', 1, 0, 'archive.anomaly', 'warning', 's', '{}', '{}', 'o.tar ▸ m', 'x', '1');
                INSERT INTO entity (id, kind, value) VALUES ('e', 'url', 'https://example.org');
                INSERT INTO mention (finding_id, entity_id, role) VALUES ('f', 'e', '');
                """)
        }
        try queue.close()

        let file = try CaseFile.open(at: path)
        #expect(try file.info().schemaVersion == CaseSchema.currentVersion)
        #expect(try file.artifacts().map(\.id) == ["o", "m"])
        #expect(try file.findings(kind: "archive.anomaly").map(\.id) == ["f"])
        #expect(try mentionCount(file) == 1)
        #expect(try file.original(sha256: "aa")?.exhibit == "EX-0001")
        let pool = try DatabasePool(path: path)
        try pool.read { db in
            #expect(try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index'")
                .isSuperset(of: indexesBefore.union(["mention_entity", "finding_time", "series_finding"])))
            // Every referring column is indexed: pending references are resolved by lookups, not scans.
            for (table, column) in [("artifact", "parent_id"), ("finding", "artifact_id"), ("mention", "finding_id"),
                                    ("mention", "entity_id"), ("series", "finding_id"), ("analysis_input", "analysis_id")] {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT 1 FROM \(table) WHERE \(column) = 'x'")
                    .map { $0["detail"] as String }.joined(separator: "; ")
                #expect(plan.contains("USING") && plan.contains("INDEX"), "\(table).\(column): \(plan)")
            }
            for table in ["artifact", "finding", "mention", "series", "analysis_input"] {
                let definition = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [table]) ?? ""
                #expect(definition.hasPrefix("CREATE TABLE \"\(table)\"") || definition.hasPrefix("CREATE TABLE \(table)"), "\(definition)")
                #expect(definition.components(separatedBy: "REFERENCES").count
                    == definition.components(separatedBy: "DEFERRABLE INITIALLY DEFERRED").count, "\(definition)")
            }
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
        }
        #expect(try file.write(batch("two", sha: "cc")) == "EX-0002")
    }

    /// In a session, originals share a transaction but each is whole or absent: one whose rows
    /// fail, or that names a row that is not there, is rolled back alone; a duplicate is found
    /// among the uncommitted ones too.
    @Test func aSessionWritesEachOriginalWholeOrNotAtAll() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        struct WalkFailed: Error {}
        let outcomes = try file.session { session -> [String] in
            var outcomes: [String] = []
            outcomes.append("\(try session.write(original: "aa") { batch("one", sha: "aa") })")
            #expect(throws: WalkFailed.self) {
                try session.write(original: "bb") { OriginalBatch(rows: FailingRows(then: WalkFailed())) }
            }
            #expect(throws: CaseStoreError.self) {
                try session.write(original: "cc") {
                    batch("three", sha: "cc", findings: [finding("lost", artifact: "nowhere", original: "three", kind: "k")])
                }
            }
            outcomes.append("\(try session.write(original: "dd") { batch("four", sha: "dd") })")
            var made = false
            if case .present(let existing) = try session.write(original: "aa", {
                made = true
                return batch("copy", sha: "aa")
            }) {
                outcomes.append("present \(existing.exhibit)")
            }
            #expect(!made, "the batch of an original already present is never made")
            #expect(session.groupSize == 3)
            return outcomes
        }
        #expect(outcomes == ["written(exhibit: \"EX-0001\")", "written(exhibit: \"EX-0002\")", "present EX-0001"])
        #expect(try file.artifacts().map(\.id) == ["one", "one/m", "four", "four/m"])
    }

    /// What a session had not committed when its work failed is not in the case.
    @Test func aFailedSessionLeavesItsOpenGroupOut() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        struct Stopped: Error {}
        #expect(throws: Stopped.self) {
            try file.session { session in
                _ = try session.write(original: "aa") { batch("one", sha: "aa") }
                try session.commit()
                _ = try session.write(original: "bb") { batch("two", sha: "bb") }
                throw Stopped()
            }
        }
        #expect(try file.artifacts().map(\.exhibit) == ["EX-0001", "EX-0001"])
    }

    @Test func summaryCountsByKindAndParty() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        try file.write(batch("one", sha: "aa"))
        let summary = try file.summary()
        #expect(summary.exhibits.map(\.members) == [1])
        #expect(summary.parties == ["respondent": 1])
        #expect(summary.findingsByKind == ["archive.anomaly": 1])
        #expect(summary.entityCount == 1)
    }
}

/// A flag set on one thread and read on another.
private final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

/// Rows that end with an error before any is given, as a failed walk's do.
private struct FailingRows: BatchRows {
    let then: any Error
    func forEach(_ body: (BatchRow) throws -> Void) throws { throw then }
}
