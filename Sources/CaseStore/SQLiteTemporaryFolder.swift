import Foundation

/// Where SQLite writes its temporary files — the sorts and temporary indexes of queries larger
/// than its cache (a bundle's timeline of 40,000 events is one): beside the case, in the folder
/// the examiner chose for it, rather than in `/var/tmp`, which may be small, shared with other
/// users, or outside the machine's encrypted volume.
///
/// SQLite takes the folder from `SQLITE_TMPDIR` once, when it starts in a process (a per-process
/// setting: `PRAGMA temp_store_directory` is deprecated and not thread-safe), so the first case
/// a process opens sets it, before SQLite starts; a folder the user named in `SQLITE_TMPDIR` is
/// kept. `exhibit` opens one case per command.
enum SQLiteTemporaryFolder {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var placed = false

    /// Sets SQLite's temporary folder to the folder of the case at `path`, once per process.
    static func placeBeside(_ path: String) {
        lock.withLock {
            guard !placed else { return }
            placed = true
            guard ProcessInfo.processInfo.environment["SQLITE_TMPDIR"] == nil else { return }
            setenv("SQLITE_TMPDIR", URL(fileURLWithPath: path).deletingLastPathComponent().path, 1)
        }
    }
}
