import Foundation
import GRDB

/// Reads a record from a row of a query that selected its ``StoredRecord/selection``, by column
/// position (GRDB's `Codable` row decoder, and lookups by column name, were most of an export's
/// time). A value of the wrong type (a damaged case) throws instead of trapping.
struct RowReader: ColumnVisitor {
    private let row: Row
    private var index = 0

    init(_ row: Row, startingAt index: Int = 0) {
        self.row = row
        self.index = index
    }

    /// The record in `row`, whose columns start at `index`.
    static func read<R: StoredRecord>(_ type: R.Type, from row: Row, from index: Int = 0) throws -> R {
        var record = R.blank
        var reader = RowReader(row, startingAt: index)
        try R.columns(of: &record, &reader)
        return record
    }

    private mutating func next() -> Int {
        defer { index += 1 }
        return index
    }

    mutating func column(_ name: StaticString, _ value: inout String) throws { value = try row.decode(atIndex: next()) }
    mutating func column(_ name: StaticString, _ value: inout String?) throws { value = try row.decode(atIndex: next()) }
    mutating func column(_ name: StaticString, _ value: inout Int64) throws { value = try row.decode(atIndex: next()) }
    mutating func column(_ name: StaticString, _ value: inout Int64?) throws { value = try row.decode(atIndex: next()) }
    mutating func column(_ name: StaticString, _ value: inout Double?) throws { value = try row.decode(atIndex: next()) }

    mutating func column(_ name: StaticString, _ value: inout [UInt8]) throws {
        let data: Data = try row.decode(atIndex: next())
        value = Array(data)
    }
}
