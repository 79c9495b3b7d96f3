import EvidenceKit
import ExhibitFoundation
import Foundation
import GRDB

/// One case: a SQLite file (WAL) holding the evidence graph, its analyses and series, and the
/// custody log as a hash chain (``CustodyChain``).
///
/// Each original, with everything found in it, is written whole or not at all: a kill at any
/// moment leaves a consistent case, and adding the same original again finds it complete.
///
/// ```swift
/// let file = try CaseFile.create(at: "dispute.exhibit", info: info)
/// let number = try file.write(batch)      // "EX-0001"
/// let rows = try file.findings(kind: "archive.anomaly")
/// ```
public final class CaseFile: CaseStoring {
    public let path: String
    private let pool: DatabasePool

    public var companionPaths: [String] {
        // `.crashed`: the crash marker `exhibit add` keeps beside the case (ExhibitCore's CrashMarker).
        [path, path + "-wal", path + "-shm", path + "-journal", CaseLock.lockPath(for: path), path + ".crashed"]
    }

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Creates a new case; fails if one exists at `path`. Its header is sealed by `creation`
    /// (a `case.create` entry), the first entry of its custody chain.
    public static func create(at path: String, info: CaseInfo, creation: CustodyRecord? = nil) throws -> CaseFile {
        guard !FileManager.default.fileExists(atPath: path) else { throw CaseStoreError.caseExists(path: path) }
        let file = try connect(path)
        try file.guarded {
            try file.pool.write { db in
                let head = try CustodyChain.head(db)
                let header = try SealedInsert<CaseInfoEntry>(db)
                var rows = RowSetDigest()
                let values: [(String, String)] = [
                    ("case_id", info.caseID), ("title", info.title), ("examiner", info.examiner),
                    ("organization", info.organization), ("created", info.created),
                    ("schema_version", String(info.schemaVersion)),
                ]
                for (key, value) in values {
                    try header.insert(CaseInfoEntry(key: key, value: value), seal: head.next, into: &rows)
                }
                let entry = creation ?? CustodyRecord(
                    time: info.created, action: "case.create", examiner: info.examiner,
                    host: ProcessInfo.processInfo.hostName, tool: ToolInfo.name, toolVersion: ToolInfo.version,
                    command: ToolInfo.currentCommandLine(), exhibit: nil,
                    details: CanonicalJSON.encode(["case_id": info.caseID, "title": info.title,
                                                   "organization": info.organization]))
                try CustodyChain.append([entry], sealing: rows, after: head, db)
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
        SQLiteTemporaryFiles.placeBeside(path)
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
        try guarded { try pool.write { db in try OriginalWrite.insert(batch, db) } }
    }

    public func session<T>(_ body: (any CaseSessionWriting) throws -> T) throws -> T {
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

    @discardableResult
    public func appendCustody(_ entry: CustodyRecord) throws -> CustodyRecord {
        try guarded {
            try pool.write { db in
                let head = try CustodyChain.head(db)
                if let planned = entry.entrySHA256 {
                    let now = CustodyChain.planned(entry, after: head)
                    guard now.entrySHA256 == planned else {
                        throw CaseStoreError.custodyMoved(path: path, planned: entry.sequence ?? 0, now: head.next)
                    }
                }
                return try CustodyChain.append([entry], sealing: RowSetDigest(), after: head, db)[0]
            }
        }
    }

    public func planCustody(_ entry: CustodyRecord) throws -> CustodyRecord {
        try guarded { try pool.read { db in CustodyChain.planned(entry, after: try CustodyChain.head(db)) } }
    }

    public func replaceAnalyses(
        of methods: [String], subject: String?, entry: CustodyRecord,
        _ produce: (_ view: any CaseView, _ emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws -> Void
    ) throws -> AnalysisWrite {
        try guarded {
            try pool.write { db in
                do {
                    return try AnalysisReplacement(db, path: path, methods: methods, subject: subject).run(entry: entry, produce)
                } catch let error as DatabaseError {
                    throw error
                } catch let error as CaseStoreError {
                    throw error
                } catch {
                    throw RowsFailed(error: error)
                }
            }
        }
    }

    public func check() throws -> CaseCheckReport {
        try guarded {
            try pool.read { db in
                var check = CaseCheck(db, path: path)
                return try check.run()
            }
        }
    }

    /// `EX-0001` for 1.
    public static func exhibitNumber(_ sequence: Int) -> String {
        "EX-" + String(repeating: "0", count: max(0, 4 - String(sequence).count)) + String(sequence)
    }

    // MARK: Reading

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
        try Row.fetchOne(db.cachedStatement(
            sql: "SELECT \(ArtifactRecord.selection) FROM artifact WHERE parent_id IS NULL AND sha256 = ?"), arguments: [sha256])
            .map { try RowReader.read(ArtifactRecord.self, from: $0) }
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

    public func read<T>(_ body: (any CaseView) throws -> T) throws -> T {
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
