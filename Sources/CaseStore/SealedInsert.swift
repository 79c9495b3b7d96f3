import GRDB

/// Inserts rows of one sealed table (every table but custody): each row's columns, as its
/// record type lists them, then the custody record that seals it (`record`) and its own digest
/// (`row_digest`: the first bytes of its SHA-256, ``RowDigest``) — bound and hashed in one walk
/// of the record. Every row inserted is added, whole digest, to the write's ``RowSetDigest``.
final class SealedInsert<Record: StoredRecord> {
    private let insert: BulkInsert
    private var walk: Walk

    /// Binds each column and adds it to the row's canonical form: value types all through, so a
    /// column costs no run-time exclusivity check.
    private struct Walk: ColumnVisitor {
        var row = BulkInsert.Row()
        var digest = RowDigest(table: Record.table)

        mutating func column(_ name: StaticString, _ value: inout String) {
            row.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout String?) {
            row.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Int64) {
            row.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Int64?) {
            row.bind(value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout Double?) {
            row.bind(real: value)
            digest.column(name, &value)
        }

        mutating func column(_ name: StaticString, _ value: inout [UInt8]) {
            row.bind(blob: value)
            digest.column(name, &value)
        }
    }

    /// With `orIgnore`, a row whose key is already in the case is left out (and not counted).
    init(_ db: Database, orIgnore: Bool = false) throws {
        insert = try BulkInsert(db, table: Record.table, columns: Record.columnNames + Seal.columns, orIgnore: orIgnore)
        walk = Walk()
    }

    /// Inserts `record`, sealed by the custody record `seal`, and adds it to `rows`.
    func insert(_ record: inout Record, seal: Int64, into rows: inout RowSetDigest) throws {
        try Self.insert(&record, seal: seal, walk: &walk, insert: insert, into: &rows)
    }

    /// The walk of one row, on the walk's own storage (one access to it per row).
    private static func insert(_ record: inout Record, seal: Int64, walk: inout Walk, insert: BulkInsert,
                               into rows: inout RowSetDigest) throws {
        walk.digest.start(table: Record.table)
        try Record.columns(of: &record, &walk)
        var seal = seal
        walk.column(Seal.record, &seal)
        let digest = walk.digest.withSHA256 { Array($0) }
        walk.row.bind(blob: digest.prefix(Seal.storedDigestLength))
        if try insert.insert(&walk.row) { rows.add(digest) }
    }

    /// Inserts `record` as it is.
    func insert(_ record: Record, seal: Int64, into rows: inout RowSetDigest) throws {
        var record = record
        try insert(&record, seal: seal, into: &rows)
    }
}

/// The two columns every sealed table adds to its record's: which custody record sealed the
/// row, and the row's own digest (over every other column, `record` included), of which the
/// first 16 bytes are stored: enough to name a row that was changed (a forger could recompute
/// any length), at half the bytes of a row's seal. Its entry's sum adds the whole SHA-256.
enum Seal {
    static let storedDigestLength = 16
    static let record: StaticString = "record"
    static let columns = ["record", "row_digest"]
}
