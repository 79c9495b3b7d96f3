import EvidenceKit
import Foundation
import GRDB

/// One case: a SQLite file (WAL) holding the evidence graph and the custody log.
///
/// Each original, with everything found in it, is written in one transaction: a kill at any
/// moment leaves a consistent case, and adding the same original again finds it complete.
///
/// ```swift
/// let file = try CaseFile.create(at: "dispute.exhibit", info: info)
/// let number = try file.write(batch)      // "EX-0001"
/// let rows = try file.findings(kind: "archive.anomaly")
/// ```
public final class CaseFile: Sendable {
    /// Where the case lives.
    public let path: String
    private let pool: DatabasePool

    /// The case file and the files kept beside it while it is written (SQLite's write-ahead log,
    /// shared memory and journal; the writers' lock), whether or not they exist now.
    public var companionPaths: [String] {
        // `.crashed`: the crash marker `exhibit add` keeps beside the case (ExhibitCore's CrashMarker).
        [path, path + "-wal", path + "-shm", path + "-journal", CaseLock.lockPath(for: path), path + ".crashed"]
    }

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Creates a new case; fails if one exists at `path`.
    public static func create(at path: String, info: CaseInfo) throws -> CaseFile {
        guard !FileManager.default.fileExists(atPath: path) else { throw CaseStoreError.caseExists(path: path) }
        let file = try connect(path)
        try file.guarded {
            try file.pool.write { db in
                let values: [(String, String)] = [
                    ("case_id", info.caseID), ("title", info.title), ("examiner", info.examiner),
                    ("organization", info.organization), ("created", info.created),
                    ("schema_version", String(info.schemaVersion)),
                ]
                for (key, value) in values {
                    try db.execute(sql: "INSERT INTO case_info (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
        }
        return file
    }

    /// Opens an existing case, migrating an older schema forward.
    public static func open(at path: String) throws -> CaseFile {
        guard FileManager.default.fileExists(atPath: path) else { throw CaseStoreError.caseMissing(path: path) }
        let file = try connect(path)
        _ = try file.info()
        return file
    }

    private static func connect(_ path: String) throws -> CaseFile {
        SQLiteTemporaryFolder.placeBeside(path)
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        configuration.prepareDatabase { db in
            // 16 KiB pages for a new case (no effect on an existing one): fewer pages and WAL
            // frames for the random-key index inserts of many members (a 50,000-member archive:
            // about 5% faster to add than with 4 KiB).
            try db.execute(sql: "PRAGMA page_size = 16384")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // The writer's page cache holds the index pages that random ids touch: past SQLite's
            // 2 MiB default, tens of thousands of members are written with pages read back
            // from the WAL (50,000 members: 4.2 s → 3.8 s with 8 MiB, no gain beyond).
            if !db.configuration.readonly {
                try db.execute(sql: "PRAGMA cache_size = -8192")
            }
        }
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = CaseSchema.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw CaseStoreError.newerSchema(path: path, found: "unknown migration")
            }
            try migrator.migrate(pool)
            return CaseFile(path: path, pool: pool)
        } catch let error as CaseStoreError {
            throw error
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw CaseStoreError.notACase(path: path, reason: "not a SQLite database")
        } catch {
            throw CaseStoreError.database(path: path, reason: "\(error)")
        }
    }

    func guarded<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as CaseStoreError {
            throw error
        } catch let failed as RowsFailed {
            throw failed.error
        } catch {
            throw CaseStoreError.database(path: path, reason: "\(error)")
        }
    }

    /// What made a batch's rows or a reader's work fail (the caller's side, not the database):
    /// thrown as it is, after the transaction ends.
    struct RowsFailed: Error {
        let error: any Error
    }

    // MARK: Writing

    /// Writes one original and everything found in it in one transaction, giving it the next
    /// exhibit number; returns that number.
    @discardableResult
    public func write(_ batch: OriginalBatch) throws -> String {
        try guarded { try pool.write { db in try Self.insert(batch, db) } }
    }

    /// Inserts one original's rows with the next exhibit number, inside the caller's transaction.
    static func insert(_ batch: OriginalBatch, _ db: Database) throws -> String {
        let last = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(exhibit_sequence) FROM artifact")) ?? 0
        let sequence = last + 1
        let exhibit = Self.exhibitNumber(sequence)
        // Rows arrive in any order (a member may come before its container, a mention
        // before its entity): the schema's foreign keys are checked when the transaction
        // commits (DEFERRABLE INITIALLY DEFERRED, schema v4).
        let artifacts = try BulkInsert(db, table: "artifact", columns: [
            "id", "original_id", "parent_id", "exhibit", "exhibit_sequence", "ordinal", "depth", "name",
            "member_path", "evidence_path", "source_path", "party", "entry_type", "link_target", "size",
            "declared_size", "sha256", "hash_complete", "media_type", "extractor_id", "mode", "owner", "group",
            "modified", "details",
        ])
        let findings = try BulkInsert(db, table: "finding", columns: [
            "id", "artifact_id", "original_id", "exhibit", "exhibit_sequence", "ordinal", "kind", "severity",
            "summary", "attributes", "locator", "evidence_path", "time_utc", "time_original", "time_zone_source",
            "extractor_id", "extractor_version",
        ])
        let mentions = try BulkInsert(db, table: "mention", columns: ["finding_id", "entity_id", "role"],
                                      orIgnore: true)
        let entities = try BulkInsert(db, table: "entity", columns: ["id", "kind", "value"], orIgnore: true)
        let custody = try BulkInsert(db, table: "custody", columns: [
            "time", "action", "examiner", "host", "tool", "tool_version", "command", "exhibit", "details",
        ])
        func insert(_ row: BatchRow) throws {
            switch row {
            case .artifact(let a):
                artifacts.bind(a.id); artifacts.bind(a.originalID); artifacts.bind(a.parentID)
                artifacts.bind(exhibit); artifacts.bind(sequence); artifacts.bind(a.ordinal)
                artifacts.bind(a.depth); artifacts.bind(a.name); artifacts.bind(a.memberPath)
                artifacts.bind(a.evidencePath); artifacts.bind(a.sourcePath); artifacts.bind(a.party)
                artifacts.bind(a.entryType); artifacts.bind(a.linkTarget); artifacts.bind(a.size)
                artifacts.bind(a.declaredSize); artifacts.bind(a.sha256); artifacts.bind(a.hashComplete)
                artifacts.bind(a.mediaType); artifacts.bind(a.extractorID); artifacts.bind(a.mode)
                artifacts.bind(a.owner); artifacts.bind(a.group); artifacts.bind(a.modified)
                artifacts.bind(a.details)
                try artifacts.endRow()
            case .finding(let f, let made):
                findings.bind(f.id); findings.bind(f.artifactID); findings.bind(f.originalID)
                findings.bind(exhibit); findings.bind(sequence); findings.bind(f.ordinal)
                findings.bind(f.kind); findings.bind(f.severity); findings.bind(f.summary)
                findings.bind(f.attributes); findings.bind(f.locator); findings.bind(f.evidencePath)
                findings.bind(f.timeUTC); findings.bind(f.timeOriginal); findings.bind(f.timeZoneSource)
                findings.bind(f.extractorID); findings.bind(f.extractorVersion)
                try findings.endRow()
                for mention in made {
                    mentions.bind(mention.findingID); mentions.bind(mention.entityID); mentions.bind(mention.role)
                    try mentions.endRow()
                }
            case .entity(let entity):
                entities.bind(entity.id); entities.bind(entity.kind); entities.bind(entity.value)
                try entities.endRow()
            case .custody(let entry):
                custody.bind(entry.time); custody.bind(entry.action); custody.bind(entry.examiner)
                custody.bind(entry.host); custody.bind(entry.tool); custody.bind(entry.toolVersion)
                custody.bind(entry.command); custody.bind(exhibit); custody.bind(entry.details)
                try custody.endRow()
            }
        }
        do {
            try batch.rows.forEach { row in try insert(row) }
        } catch let error as DatabaseError {
            throw error
        } catch {
            throw RowsFailed(error: error)
        }
        return exhibit
    }

    /// Runs `body` with a ``CaseWriteSession``: originals written one after another on the
    /// writing connection, several to a transaction. What is open when `body` ends is committed;
    /// if it throws, the open group is rolled back.
    public func session<T>(_ body: (CaseWriteSession) throws -> T) throws -> T {
        try guarded {
            try pool.writeWithoutTransaction { db in
                let session = CaseWriteSession(db, path: path)
                do {
                    let result = try body(session)
                    try session.commit()
                    return result
                } catch let error as DatabaseError {
                    session.rollBack()
                    throw error
                } catch {
                    // The caller's own error (or one the session already named) passes through as it is.
                    session.rollBack()
                    throw RowsFailed(error: error)
                }
            }
        }
    }

    /// Appends one entry to the custody log.
    public func appendCustody(_ entry: CustodyRecord) throws {
        try guarded {
            try pool.write { db in
                var entry = entry
                try entry.insert(db)
            }
        }
    }

    /// `EX-0001` for 1.
    public static func exhibitNumber(_ sequence: Int) -> String {
        "EX-" + String(repeating: "0", count: max(0, 4 - String(sequence).count)) + String(sequence)
    }

    // MARK: Reading

    /// The case header.
    public func info() throws -> CaseInfo {
        try read { try $0.info() }
    }

    /// The complete original with this SHA-256, if the case has one.
    public func original(sha256: String) throws -> ArtifactRecord? {
        try guarded {
            try pool.read { db in try Self.original(sha256: sha256, db) }
        }
    }

    static func original(sha256: String, _ db: Database) throws -> ArtifactRecord? {
        try ArtifactRecord.fetchOne(db.cachedStatement(
            sql: "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL AND sha256 = ?"), arguments: [sha256])
    }

    /// Every artifact, originals in exhibit order, each followed by its members in read order.
    public func artifacts(exhibit: String? = nil) throws -> [ArtifactRecord] {
        var all: [ArtifactRecord] = []
        try forEachArtifact(exhibit: exhibit) { all.append($0) }
        return all
    }

    /// Every artifact in the order of ``artifacts(exhibit:)``, one at a time from the database
    /// (memory stays flat however large the case).
    public func forEachArtifact(exhibit: String? = nil, _ body: (ArtifactRecord) throws -> Void) throws {
        try read { try $0.forEachArtifact(exhibit: exhibit, body) }
    }

    /// Findings in exhibit and read order; `kind` is exact, or a family such as `archive.*`.
    public func findings(kind: String? = nil, exhibit: String? = nil) throws -> [FindingRecord] {
        var all: [FindingRecord] = []
        try forEachFinding(kind: kind, exhibit: exhibit) { all.append($0) }
        return all
    }

    /// The findings of ``findings(kind:exhibit:)``, one at a time from the database.
    public func forEachFinding(kind: String? = nil, exhibit: String? = nil,
                               _ body: (FindingRecord) throws -> Void) throws {
        try read { try $0.forEachFinding(FindingQuery(kinds: kind.map { [$0] } ?? [], exhibit: exhibit), body) }
    }

    /// Runs `body` with one consistent view of the case (a read transaction): what it reads
    /// does not change under it, even while another process adds to the case. Errors that
    /// `body` throws come out as they are.
    public func read<T>(_ body: (CaseReader) throws -> T) throws -> T {
        try guarded {
            try pool.read { db in
                do {
                    return try body(CaseReader(db: db, path: path))
                } catch let error as CaseStoreError {
                    throw error
                } catch {
                    throw RowsFailed(error: error)
                }
            }
        }
    }

    /// The custody log in order.
    public func custody() throws -> [CustodyRecord] {
        try read { try $0.custody() }
    }

    /// The case at a glance, from one consistent view of it.
    public func summary() throws -> CaseSummary {
        try read { try $0.summary() }
    }
}
