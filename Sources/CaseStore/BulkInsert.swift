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
            sqlite3_bind_null(statement.sqliteStatement, column)
            return
        }
        text.withUTF8 { bytes in
            guard let start = bytes.baseAddress, bytes.count > 0 else {
                // An empty buffer may have no address; SQLite needs one even for zero bytes.
                sqlite3_bind_text(statement.sqliteStatement, column, "", 0, Self.transient)
                return
            }
            sqlite3_bind_text(statement.sqliteStatement, column, UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self),
                              Int32(bytes.count), Self.transient)
        }
    }

    /// Binds the next column.
    mutating func bind(_ number: Int64?) {
        column += 1
        if let number {
            sqlite3_bind_int64(statement.sqliteStatement, column, number)
        } else {
            sqlite3_bind_null(statement.sqliteStatement, column)
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

    /// Runs the statement with the values bound since the last row, then starts the next row.
    mutating func insertRow() throws {
        let code = sqlite3_step(statement.sqliteStatement)
        sqlite3_reset(statement.sqliteStatement)
        column = 0
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                message: String(cString: sqlite3_errmsg(connection)), sql: statement.sql)
        }
    }
}
