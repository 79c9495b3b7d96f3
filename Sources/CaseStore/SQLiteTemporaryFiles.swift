import CSQLiteConfig
import Foundation

/// Where and when SQLite writes its temporary files, set once per process before SQLite starts:
///
/// - **Where**: the sorts and temporary indexes of queries larger than its cache (a bundle's
///   timeline of 40,000 events is one) go beside the case, in the folder the examiner chose for
///   it, rather than in `/var/tmp`, which may be small, shared with other users, or outside the
///   machine's encrypted volume. SQLite takes the folder from `SQLITE_TMPDIR` once, when it
///   starts (`PRAGMA temp_store_directory` is deprecated and not thread-safe); a folder the user
///   named in `SQLITE_TMPDIR` is kept.
/// - **When**: each original is written in a savepoint, whose journal holds the pages it changes
///   that were there before it. SQLite keeps 64 KiB of it in memory — four of the case's 16 KiB
///   pages — and writes the rest to a temporary file: every small original's savepoint went to
///   disk (1,000 notebooks wrote 750 MB of journal, and read it back). Up to
///   ``statementJournalInMemory`` bytes stay in memory instead; past that, SQLite still spills,
///   so memory stays bounded.
///
/// `exhibit` opens one case per command; the first case a process opens sets both.
enum SQLiteTemporaryFiles {
    /// Bytes of a savepoint's journal kept in memory.
    static let statementJournalInMemory: Int32 = 8 << 20
    private static let lock = NSLock()
    nonisolated(unsafe) private static var placed = false

    /// Sets SQLite's temporary folder to the folder of the case at `path`, and its journal spill
    /// threshold, once per process.
    static func placeBeside(_ path: String) {
        lock.withLock {
            guard !placed else { return }
            placed = true
            // SQLITE_MISUSE when SQLite has already started in this process: then its default stays.
            _ = exhibit_sqlite_statement_journal_spill(statementJournalInMemory)
            guard ProcessInfo.processInfo.environment["SQLITE_TMPDIR"] == nil else { return }
            setenv("SQLITE_TMPDIR", URL(fileURLWithPath: path).deletingLastPathComponent().path, 1)
        }
    }
}
