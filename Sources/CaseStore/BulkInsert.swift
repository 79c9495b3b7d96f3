import GRDB
import GRDBSQLite

/// One `INSERT` statement executed many times with values bound straight through SQLite's C API.
///
/// An archive brings tens of thousands of rows per transaction; GRDB's `StatementArguments`
/// (an array of existential values per row) cost more than SQLite's own work, so the batch
/// writer binds text and integers itself. Used only inside ``CaseFile/write(_:)``'s transaction.
struct BulkInsert {
    private let statement: Statement
    private let connection: SQLiteConnection
    private var column: Int32 = 0
    /// The first binding SQLite refused in the current row.
    private var bindFailure: Int32 = SQLITE_OK

    /// `SQLITE_TRANSIENT`: SQLite copies bound text before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    init(_ db: Database, sql: String) throws {
        statement = try db.makeStatement(sql: sql)
        connection = db.sqliteConnection!
    }

    /// Binds the next column.
    mutating func bind(_ text: String?) {
        column += 1
        guard var text else {
            check(sqlite3_bind_null(statement.sqliteStatement, column))
            return
        }
        let code = text.withUTF8 { bytes in
            guard let start = bytes.baseAddress, bytes.count > 0 else {
                // An empty buffer may have no address; SQLite needs one even for zero bytes.
                return sqlite3_bind_text(statement.sqliteStatement, column, "", 0, Self.transient)
            }
            return sqlite3_bind_text64(statement.sqliteStatement, column,
                                       UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self),
                                       sqlite3_uint64(bytes.count), Self.transient, UInt8(SQLITE_UTF8))
        }
        check(code)
    }

    /// Binds the next column.
    mutating func bind(_ number: Int64?) {
        column += 1
        if let number {
            check(sqlite3_bind_int64(statement.sqliteStatement, column, number))
        } else {
            check(sqlite3_bind_null(statement.sqliteStatement, column))
        }
    }

    /// Binds the next column.
    mutating func bind(_ number: Int?) {
        bind(number.map(Int64.init))
    }

    /// Binds the next column as 0 or 1.
    mutating func bind(_ flag: Bool) {
        bind(Int64(flag ? 1 : 0))
    }

    private mutating func check(_ code: Int32) {
        if code != SQLITE_OK, bindFailure == SQLITE_OK { bindFailure = code }
    }

    /// Runs the statement with the values bound since the last row, then starts the next row.
    mutating func insertRow() throws {
        defer {
            column = 0
            bindFailure = SQLITE_OK
        }
        guard bindFailure == SQLITE_OK else {
            sqlite3_reset(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: bindFailure),
                                message: "a value could not be bound (column \(column))", sql: statement.sql)
        }
        let code = sqlite3_step(statement.sqliteStatement)
        sqlite3_reset(statement.sqliteStatement)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
        }
    }
}
