#ifndef EXHIBIT_SQLITE_CONFIG_H
#define EXHIBIT_SQLITE_CONFIG_H

/// Sets how many bytes of a statement or savepoint journal SQLite keeps in memory before it
/// writes the journal to a temporary file (`SQLITE_CONFIG_STMTJRNL_SPILL`). `sqlite3_config`
/// is variadic, which Swift cannot call; it must run before SQLite starts in the process.
/// Returns SQLite's result code (0, `SQLITE_OK`, when it took effect).
int exhibit_sqlite_statement_journal_spill(int bytes);

#endif
