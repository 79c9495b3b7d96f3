import GRDB

/// Inserts rows of one sealed table (every table but custody): each row's columns, as its
/// record type lists them, then the custody record that seals it (`record`) and its own
/// SHA-256 (`row_sha256`, ``RowDigest``) — bound and hashed in one walk of the record. Every
/// row inserted is added to the write's ``RowSetDigest``.
final class SealedInsert<Record: StoredRecord> {
    private let insert: BulkInsert
    private var walk: Walk

    /// Binds each column and adds it to the row's canonical form.
    private struct Walk: ColumnVisitor {
        let insert: BulkInsert
        var digest = RowDigest(table: Record.table)

        mutating func column(_ name: StaticString, _ value: inout String) {
            insert.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout String?) {
            insert.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Int64) {
            insert.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Int64?) {
            insert.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Double?) {
            insert.bind(real: value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout [UInt8]) {
            insert.bind(blob: value)
            digest.column(name, &value)
        }
    }

    /// With `orIgnore`, a row whose key is already in the case is left out (and not counted).
    init(_ db: Database, orIgnore: Bool = false) throws {
        insert = try BulkInsert(db, table: Record.table, columns: Record.columnNames + Seal.columns, orIgnore: orIgnore)
        walk = Walk(insert: insert)
    }

    /// Inserts `record`, sealed by the custody record `seal`, and adds it to `rows`.
    func insert(_ record: inout Record, seal: Int64, into rows: inout RowSetDigest) throws {
        walk.digest.start(table: Record.table)
        try Record.columns(of: &record, &walk)
        var seal = seal
        try walk.column(Seal.record, &seal)
        let digest = walk.digest.sha256
        insert.bind(blob: digest)
        if try insert.endRow() { rows.add(digest) }
    }

    /// Inserts `record` as it is.
    func insert(_ record: Record, seal: Int64, into rows: inout RowSetDigest) throws {
        var record = record
        try insert(&record, seal: seal, into: &rows)
    }
}

/// The two columns every sealed table adds to its record's: which custody record sealed the
/// row, and the row's own digest (over every other column, `record` included).
enum Seal {
    static let record: StaticString = "record"
    static let digest: StaticString = "row_sha256"
    static let columns = ["record", "row_sha256"]
}
