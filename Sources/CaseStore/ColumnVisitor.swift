/// What walks the columns of one row, in the order its table declares them (``StoredRecord``):
/// the binder of an `INSERT`, the reader of a `SELECT`, the row digest, the packed form the
/// ingest spool carries, the list of column names. Each record type lists its columns once, so
/// adding a column is one line, and every writer and reader follows it.
///
/// A visitor reads a value (writers) or replaces it (readers); its methods are generic
/// requirements, so each visitor is specialized and the walk costs no more than code written
/// column by column.
package protocol ColumnVisitor {
    mutating func column(_ name: StaticString, _ value: inout String) throws
    mutating func column(_ name: StaticString, _ value: inout String?) throws
    mutating func column(_ name: StaticString, _ value: inout Int64) throws
    mutating func column(_ name: StaticString, _ value: inout Int64?) throws
    mutating func column(_ name: StaticString, _ value: inout Double?) throws
    mutating func column(_ name: StaticString, _ value: inout [UInt8]) throws
}

extension ColumnVisitor {
    package mutating func column(_ name: StaticString, _ value: inout Int) throws {
        var wide = Int64(value)
        try column(name, &wide)
        value = Int(wide)
    }

    package mutating func column(_ name: StaticString, _ value: inout Int?) throws {
        var wide = value.map(Int64.init)
        try column(name, &wide)
        value = wide.map(Int.init)
    }

    /// A flag, stored as 0 or 1.
    package mutating func column(_ name: StaticString, _ value: inout Bool) throws {
        var wide: Int64 = value ? 1 : 0
        try column(name, &wide)
        value = wide != 0
    }
}
