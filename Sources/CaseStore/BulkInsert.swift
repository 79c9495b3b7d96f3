import GRDB
import GRDBSQLite

/// Rows inserted into one table by one prepared `INSERT`, with values bound straight through
/// SQLite's C API. Used only inside a write transaction.
///
/// An archive brings tens of thousands of rows per transaction; GRDB's `StatementArguments`
/// (an array of existential values per row) cost more than SQLite's own work, so the batch
/// writer binds text and integers itself, in place from one reused buffer.
///
/// The statement is the connection's cached one, prepared once per process: a folder of 10,000
/// small files is 10,000 transactions, and preparing (with GRDB's authorizer) cost more than
/// their rows.
///
/// Measured and not kept: 32 rows per multi-row `INSERT` (no faster: the time is in SQLite's
/// index updates, not in starting statements).
final class BulkInsert {

    private let db: Database
    private let table: String
    private let columns: [String]
    private let statement: Statement
    /// The row being bound through ``bind(_:)`` and ``endRow()``.
    private var pending = Row()

    /// One row's values, bound in column order; their text and blobs live in one buffer that
    /// SQLite reads in place (`SQLITE_STATIC`) instead of copying each value into memory of its
    /// own. A value type: a writer that keeps one in its own (inout) state binds a column
    /// without the run-time exclusivity check a class's stored property costs.
    struct Row {
        fileprivate var values: [Value] = []
        fileprivate var arena: [UInt8] = []

        init() {
            values.reserveCapacity(32)
            arena.reserveCapacity(4096)
        }

        mutating func bind(_ text: String?) {
            guard var text else { return values.append(.null) }
            let offset = arena.count
            text.withUTF8 { arena.append(contentsOf: $0) }
            values.append(.text(offset: offset, count: arena.count - offset))
        }

        mutating func bind(_ number: Int64?) {
            values.append(number.map(Value.integer) ?? .null)
        }

        mutating func bind(real number: Double?) {
            values.append(number.map(Value.real) ?? .null)
        }

        mutating func bind(blob bytes: some Collection<UInt8>) {
            let offset = arena.count
            arena.append(contentsOf: bytes)
            values.append(.blob(offset: offset, count: bytes.count))
        }

        mutating func clear() {
            values.removeAll(keepingCapacity: true)
            arena.removeAll(keepingCapacity: true)
        }
    }

    fileprivate enum Value {
        case null
        case integer(Int64)
        case real(Double)
        case text(offset: Int, count: Int)
        case blob(offset: Int, count: Int)
    }

    /// Prepares inserts into `table` of rows with `columns`, in this order; with `orIgnore`,
    /// a row already there (same key) is left as it is.
    init(_ db: Database, table: String, columns: [String], orIgnore: Bool = false) throws {
        self.db = db
        self.table = table
        self.columns = columns
        let names = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let parameters = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        statement = try db.cachedStatement(
            sql: "INSERT \(orIgnore ? "OR IGNORE " : "")INTO \(table) (\(names)) VALUES (\(parameters))")
    }

    /// Binds the next column.
    func bind(_ text: String?) { pending.bind(text) }

    /// Binds the next column.
    func bind(_ number: Int64?) { pending.bind(number) }

    /// Binds the next column.
    func bind(_ number: Int?) { pending.bind(number.map(Int64.init)) }

    /// Binds the next column as 0 or 1.
    func bind(_ flag: Bool) { pending.bind(Int64(flag ? 1 : 0)) }

    /// Binds the next column.
    func bind(real number: Double?) { pending.bind(real: number) }

    /// Binds the next column.
    func bind(blob bytes: some Collection<UInt8>) { pending.bind(blob: bytes) }

    /// Inserts the row whose columns were bound since the last one; returns whether it was
    /// inserted (`false`: left out as already there, with `orIgnore`).
    @discardableResult
    func endRow() throws -> Bool {
        try insert(&pending)
    }

    /// Inserts `row` and clears it; returns whether it was inserted (`false`: left out as
    /// already there, with `orIgnore`).
    @discardableResult
    func insert(_ row: inout Row) throws -> Bool {
        defer { row.clear() }
        guard row.values.count == columns.count else {
            throw DatabaseError(resultCode: .SQLITE_RANGE,
                                message: "a row of \(table) had \(row.values.count) values for \(columns.count) columns")
        }
        let handle = statement.sqliteStatement
        let connection = db.sqliteConnection
        let values = row.values
        let (code, message): (Int32, String?) = row.arena.withUnsafeBufferPointer { text in
            // SQLite must not look at the text once this closure returns.
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            // Any address will do for empty text, but SQLite needs one.
            let base = UnsafeRawPointer(text.baseAddress ?? UnsafePointer(bitPattern: 1)!)
            for (index, value) in values.enumerated() {
                let parameter = Int32(index + 1)
                let bound: Int32
                switch value {
                case .null:
                    bound = sqlite3_bind_null(handle, parameter)
                case .integer(let number):
                    bound = sqlite3_bind_int64(handle, parameter, number)
                case .real(let number):
                    bound = sqlite3_bind_double(handle, parameter, number)
                case .text(let offset, let count):
                    bound = sqlite3_bind_text64(handle, parameter, (base + offset).assumingMemoryBound(to: CChar.self),
                                                sqlite3_uint64(count), Self.static, UInt8(SQLITE_UTF8))
                case .blob(let offset, let count):
                    bound = sqlite3_bind_blob64(handle, parameter, base + offset, sqlite3_uint64(count), Self.static)
                }
                guard bound == SQLITE_OK else {
                    return (bound, "a value could not be bound (parameter \(parameter))")
                }
            }
            let code = sqlite3_step(handle)
            return (code, code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(connection)))
        }
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
        return sqlite3_changes(connection) > 0
    }

    /// `SQLITE_STATIC`: SQLite uses bound text where it is, until the statement is reset.
    private static let `static` = unsafeBitCast(0, to: sqlite3_destructor_type.self)
}

extension BulkInsert {
    /// Binds every column of `record`, in its table's order, and inserts it.
    @discardableResult
    func insert<Record: StoredRecord>(_ record: Record) throws -> Bool {
        var record = record
        var binder = Binder(insert: self)
        try Record.columns(of: &record, &binder)
        return try endRow()
    }

    private struct Binder: ColumnVisitor {
        let insert: BulkInsert
        func column(_ name: StaticString, _ value: inout String) { insert.bind(value) }
        func column(_ name: StaticString, _ value: inout String?) { insert.bind(value) }
        func column(_ name: StaticString, _ value: inout Int64) { insert.bind(value) }
        func column(_ name: StaticString, _ value: inout Int64?) { insert.bind(value) }
        func column(_ name: StaticString, _ value: inout Double?) { insert.bind(real: value) }
        func column(_ name: StaticString, _ value: inout [UInt8]) { insert.bind(blob: value) }
    }
}
