import Foundation

/// A row type of the case file: its table and its columns, listed once.
///
/// ``columns(of:_:)`` names each column and the property it holds, in the table's order; the
/// writers (``BulkInsert``, the packed form the ingest spool carries), the readers (queries, the
/// packed form) and the tamper check (``RowDigest``) all walk it. A new column is one line there
/// (and the migration that adds it).
package protocol StoredRecord {
    /// The table the rows live in.
    static var table: String { get }
    /// A record whose every column a reader will overwrite.
    static var blank: Self { get }
    /// Walks the columns of `record` in the table's order.
    static func columns<V: ColumnVisitor>(of record: inout Self, _ visitor: inout V) throws
}

extension StoredRecord {
    /// The record's columns, as the table declares them (walked once per type: every write of
    /// an original asks for them).
    static var columnNames: [String] {
        ColumnNames.cached(Self.self).names
    }

    /// The column list of a `SELECT` that ``RowReader`` reads, quoted.
    static var selection: String {
        ColumnNames.cached(Self.self).selection
    }

    /// Appends the record's columns to `bytes` in the packed form (``PackedRow``).
    package func pack(into bytes: inout [UInt8]) {
        var record = self
        var writer = PackedRow.Writer(bytes: bytes)
        bytes = []
        try? Self.columns(of: &record, &writer)
        bytes = writer.bytes
    }

    /// A record from its packed form.
    package init(packed bytes: ArraySlice<UInt8>) throws {
        var record = Self.blank
        var reader = PackedRow.Reader(bytes)
        try Self.columns(of: &record, &reader)
        self = record
    }
}

/// Collects column names (the walk of a blank record).
struct ColumnNames: ColumnVisitor {
    var names: [String] = []

    /// A type's names and `SELECT` list, walked the first time they are asked for.
    static func cached<R: StoredRecord>(_ type: R.Type) -> (names: [String], selection: String) {
        let key = ObjectIdentifier(type)
        if let known = lock.withLock({ known[key] }) { return known }
        var record = R.blank
        var walk = ColumnNames()
        try? R.columns(of: &record, &walk)
        let entry = (names: walk.names, selection: walk.names.map { "\"\($0)\"" }.joined(separator: ", "))
        lock.withLock { known[key] = entry }
        return entry
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var known: [ObjectIdentifier: (names: [String], selection: String)] = [:]

    mutating func column(_ name: StaticString, _ value: inout String) { names.append(name.description) }
    mutating func column(_ name: StaticString, _ value: inout String?) { names.append(name.description) }
    mutating func column(_ name: StaticString, _ value: inout Int64) { names.append(name.description) }
    mutating func column(_ name: StaticString, _ value: inout Int64?) { names.append(name.description) }
    mutating func column(_ name: StaticString, _ value: inout Double?) { names.append(name.description) }
    mutating func column(_ name: StaticString, _ value: inout [UInt8]) { names.append(name.description) }
}
