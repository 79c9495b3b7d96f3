import GRDB
import GRDBSQLite

/// A table whose rows are sealed (every table but custody), read raw: each row's values as
/// SQLite stores them (storage class and bytes, text unrepaired), its digest recomputed
/// (``RowDigest``), its stored digest and record. The check and the v5 migration read rows
/// this way, so that what one seals the other recomputes.
struct SealedTable {
    let name: String
    /// The record type's columns, then `record`.
    let columns: [String]
    /// The columns that name a row in a report.
    let key: [String]

    init<R: StoredRecord>(_ type: R.Type, key: [String]) {
        name = R.table
        columns = R.columnNames + ["record"]
        self.key = key
    }

    /// Every sealed table, in the order the check reads them.
    static let all = [
        SealedTable(CaseInfoEntry.self, key: ["key"]), SealedTable(ArtifactRecord.self, key: ["id"]),
        SealedTable(FindingRecord.self, key: ["id"]), SealedTable(MentionRecord.self, key: ["finding_id", "entity_id", "role"]),
        SealedTable(EntityRecord.self, key: ["id"]), SealedTable(SeriesRecord.self, key: ["id"]),
        SealedTable(AnalysisRecord.self, key: ["id"]),
        SealedTable(AnalysisInputRecord.self, key: ["analysis_id", "node_id", "role"]),
    ]

    /// One row as read.
    struct Scanned {
        var rowid: Int64
        /// The record it names (nil: none, or not an integer).
        var record: Int64?
        /// The row's SHA-256, recomputed.
        var recomputed: [UInt8]
        /// What the row holds of it (``Seal/storedDigestLength`` bytes).
        var stored: [UInt8]

        /// Whether the stored digest is the recomputed one's.
        var matches: Bool { stored.count == Seal.storedDigestLength && recomputed.starts(with: stored) }
        var key: String
    }

    /// Calls `body` with the rows whose rowid is past `after`, in rowid order, at most `limit`
    /// (all when nil); with `sealing`, each digest is computed as if `record` held that value.
    func scan(_ db: Database, after: Int64 = .min, limit: Int? = nil, sealing: Int64? = nil,
              _ body: (Scanned) throws -> Void) throws {
        let nameBytes = columns.map { Array($0.utf8) }
        let keyIndexes = key.compactMap { columns.firstIndex(of: $0) }.map(Int32.init)
        let recordIndex = Int32(columns.count - 1), storedIndex = Int32(columns.count), rowidIndex = Int32(columns.count + 1)
        let statement = try db.makeStatement(sql: """
            SELECT \((columns + ["row_digest"]).map { "\"\($0)\"" }.joined(separator: ", ")), rowid FROM \(name)
            WHERE rowid > ? ORDER BY rowid\(limit.map { " LIMIT \($0)" } ?? "")
            """)
        let handle = statement.sqliteStatement
        sqlite3_bind_int64(handle, 1, after)
        defer { sqlite3_reset(handle) }
        var digest = RowDigest(table: name)
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            digest.start(table: name)
            for index in 0..<Int32(columns.count - 1) { digest.value(nameBytes[Int(index)], Self.value(handle, index)) }
            let record: Int64? = sealing ?? (sqlite3_column_type(handle, recordIndex) == SQLITE_INTEGER
                ? sqlite3_column_int64(handle, recordIndex) : nil)
            digest.value(nameBytes[columns.count - 1], record.map { .integer($0) } ?? Self.value(handle, recordIndex))
            try body(Scanned(rowid: sqlite3_column_int64(handle, rowidIndex), record: record, recomputed: digest.sha256,
                             stored: Self.bytes(handle, storedIndex),
                             key: keyIndexes.map { Self.text(handle, $0) }.joined(separator: " ")))
        }
    }

    private static func value(_ handle: OpaquePointer?, _ index: Int32) -> RowDigest.StoredValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            let base = sqlite3_column_text(handle, index)
            return .text(UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, index))))
        case SQLITE_BLOB:
            let base = sqlite3_column_blob(handle, index)?.assumingMemoryBound(to: UInt8.self)
            return .blob(UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, index))))
        default: return .null
        }
    }

    private static func bytes(_ handle: OpaquePointer?, _ index: Int32) -> [UInt8] {
        guard let base = sqlite3_column_blob(handle, index)?.assumingMemoryBound(to: UInt8.self) else { return [] }
        return Array(UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, index))))
    }

    private static func text(_ handle: OpaquePointer?, _ index: Int32) -> String {
        guard let base = sqlite3_column_text(handle, index) else { return "NULL" }
        return String(decoding: UnsafeBufferPointer(start: base, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }
}
