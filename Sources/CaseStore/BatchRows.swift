/// The rows of one original, handed to ``CaseFile/write(_:)`` one at a time, so that an
/// archive of a million members is written without holding a million records in memory.
///
/// The ingest pipeline's rows come from a spool, get their ids as they are read, and may still
/// be arriving while the original is walked: ``forEach(_:)`` then waits for them, and throws if
/// the walk fails, so the write is rolled back. ``ArrayBatchRows`` serves rows already in memory.
public protocol BatchRows: Sendable {
    /// Every row, in an order where a row may come before one it refers to (references are
    /// checked when the transaction commits).
    func forEach(_ body: (BatchRow) throws -> Void) throws
}

/// Rows already in memory.
public struct ArrayBatchRows: BatchRows {
    public var rows: [BatchRow]

    public init(_ rows: [BatchRow]) {
        self.rows = rows
    }

    public func forEach(_ body: (BatchRow) throws -> Void) throws {
        for row in rows { try body(row) }
    }
}
