import Foundation
import GRDB
import GRDBSQLite

/// Originals written one after another on the case's writing connection, several to a
/// transaction (``CaseFile/session(_:)``).
///
/// A transaction per original made a folder of small files cost its commits: SQLite writes every
/// page a transaction touched, and with ids as random keys each file touches its own leaf of
/// every index — 10,000 config files spent about 19 of their 30 seconds committing. In a group,
/// each original is still all or nothing: its rows go in a savepoint, its references must all be
/// resolved before the savepoint is released (SQLite's count of pending foreign keys is back to
/// zero), and an original that fails is rolled back alone. A crash loses the open group, never
/// part of an original; running `add` again adds what it lost. The caller decides when a group
/// ends (``commit()``) and reports an original only once its group is committed.
final class CaseWriteSession: CaseSessionWriting {
    private let db: Database
    private let path: String
    /// When the open group began (a monotonic clock), if one is open.
    private var groupStarted: DispatchTime?
    /// Originals and entries written in the open group.
    private(set) var groupSize = 0

    /// The session's writer of originals, made at its first original.
    private var originals: OriginalWrite?

    init(_ db: Database, path: String) {
        self.db = db
        self.path = path
    }

    private func writer() throws -> OriginalWrite {
        if let originals { return originals }
        let made = try OriginalWrite(db)
        originals = made
        return made
    }

    /// Seconds since the open group began (0 when none is open).
    var groupAge: TimeInterval {
        groupStarted.map { Double(DispatchTime.now().uptimeNanoseconds - $0.uptimeNanoseconds) / 1e9 } ?? 0
    }

    /// Writes the original whose SHA-256 is `sha256` — the batch `make` gives — with the next
    /// exhibit number, unless the case (the open group included) already holds one with that
    /// hash; then `make` is not called. The check runs on the writing connection, in the same
    /// savepoint as the write (a read transaction of its own per original was a quarter of the
    /// writing thread's time when adding a folder of small files).
    func write(original sha256: String, _ make: () throws -> OriginalBatch) throws -> WriteOutcome {
        var outcome: WriteOutcome?
        try guarded {
            try db.inSavepoint {
                if let existing = try CaseFile.original(sha256: sha256, db) {
                    outcome = .present(existing)
                    return .commit
                }
                let exhibit = try writer().insert(try make())
                try checkReferences()
                outcome = .written(exhibit: exhibit)
                return .commit
            }
        }
        return outcome!
    }

    /// Appends one entry to the custody log, in the open group.
    func appendCustody(_ entry: CustodyRecord) throws {
        try guarded { try CustodyChain.append(entry, db) }
    }

    /// Commits the open group, if any.
    func commit() throws {
        guard groupStarted != nil else { return }
        defer {
            groupStarted = nil
            groupSize = 0
        }
        do {
            try db.commit()
        } catch {
            try? db.rollback()
            throw CaseStoreError.groupRolledBack(path: path, reason: "\(error)")
        }
    }

    /// Runs one write in the open group (beginning one if needed), and names what went wrong:
    /// the caller's own error as it is, a database error as the case's, and a group SQLite
    /// ended by itself as lost.
    private func guarded(_ write: () throws -> Void) throws {
        if groupStarted == nil {
            do {
                try db.beginTransaction(.immediate)
            } catch {
                throw CaseStoreError.database(path: path, reason: "\(error)")
            }
            groupStarted = .now()
        }
        do {
            try write()
            groupSize += 1
        } catch {
            if !db.isInsideTransaction {
                groupStarted = nil
                groupSize = 0
                throw CaseStoreError.groupRolledBack(path: path, reason: "\(error)")
            }
            switch error {
            case let failed as CaseFile.RowsFailed: throw failed.error
            case let error as DatabaseError: throw CaseStoreError.database(path: path, reason: "\(error)")
            default: throw error
            }
        }
    }

    /// Rolls the open group back, if any.
    func rollBack() {
        guard groupStarted != nil else { return }
        try? db.rollback()
        groupStarted = nil
        groupSize = 0
    }

    /// Throws unless every reference written so far resolves: the group's earlier originals
    /// left none pending, so any now are this original's.
    private func checkReferences() throws {
        var pending: Int32 = 0
        var highest: Int32 = 0
        let code = sqlite3_db_status(db.sqliteConnection, SQLITE_DBSTATUS_DEFERRED_FKS, &pending, &highest, 0)
        guard code == SQLITE_OK, pending == 0 else {
            throw DatabaseError(resultCode: .SQLITE_CONSTRAINT_FOREIGNKEY,
                                message: "FOREIGN KEY constraint failed: a row names one that is not in the case")
        }
    }
}
