import Crypto
import ExhibitFoundation
import Foundation
import GRDB

/// The custody log as a hash chain. Every committed write — an original with all its rows, an
/// analysis write, an export, a migration — appends entries, each naming the digest of the one
/// before it (`previous_sha256`); the first entry of a write carries the count and digest of
/// the rows it added (``RowSetDigest``), and each of those rows names that entry (`record`).
///
/// An entry's digest is the SHA-256 of its canonical line (``line(_:)``), which is also its line
/// in a bundle's `custody.jsonl`: a reader recomputes the chain from the bundle with `sha256sum`
/// alone. A deliberate correction is a new entry, never an edit.
public enum CustodyChain {
    /// What the first entry names as the one before it.
    public static let genesis = RowSetDigest.emptyHex

    /// The entry as one line of canonical JSON (no newline): keys sorted by their bytes, no
    /// spaces, strings escaped as ``CanonicalJSON`` escapes them, `details` as stored (a JSON
    /// object), `exhibit` null when none. Its SHA-256 is the entry's digest.
    public static func line(_ entry: CustodyRecord) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256 + entry.details.utf8.count + entry.command.utf8.count)
        func key(_ name: String, first: Bool = false) {
            if !first { out.append(UInt8(ascii: ",")) }
            CanonicalJSON.writeString(name, to: &out)
            out.append(UInt8(ascii: ":"))
        }
        func string(_ name: String, _ value: String?) {
            key(name)
            if let value { CanonicalJSON.writeString(value, to: &out) } else { out += "null".utf8 }
        }
        out.append(UInt8(ascii: "{"))
        key("action", first: true)
        CanonicalJSON.writeString(entry.action, to: &out)
        string("command", entry.command)
        key("details")
        out += entry.details.utf8
        string("examiner", entry.examiner)
        string("exhibit", entry.exhibit)
        string("host", entry.host)
        string("previous_sha256", entry.previousSHA256)
        key("rows")
        out += String(entry.rows ?? 0).utf8
        string("rows_sha256", entry.rowsSHA256)
        key("sequence")
        out += (entry.sequence.map(String.init) ?? "null").utf8
        string("time", entry.time)
        string("tool", entry.tool)
        string("tool_version", entry.toolVersion)
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 of the entry's canonical line, in hex.
    public static func digest(_ entry: CustodyRecord) -> String {
        var text = line(entry)
        return text.withUTF8 { SHA256.hash(data: $0) }.withUnsafeBytes { Hex.encode($0) }
    }

    /// Where the chain ends.
    struct Head {
        /// The last entry's sequence (0: none yet) and digest.
        var sequence: Int64
        var sha256: String
        /// The sequence the next entry takes: past the last one ever written, even if entries
        /// were removed from the end since (SQLite's `AUTOINCREMENT` counter remembers it).
        var next: Int64
    }

    static func head(_ db: Database) throws -> Head {
        let counter = "(SELECT seq FROM sqlite_sequence WHERE name = 'custody')"
        guard let last = try Row.fetchOne(db.cachedStatement(
            sql: "SELECT sequence, entry_sha256, \(counter) FROM custody ORDER BY sequence DESC LIMIT 1"))
        else { return Head(sequence: 0, sha256: genesis, next: try Int64.fetchOne(db.cachedStatement(sql: "SELECT \(counter)")).map { $0 + 1 } ?? 1) }
        let sequence: Int64 = last[0]
        let counted: Int64 = last[2] ?? 0
        return Head(sequence: sequence, sha256: last[1] ?? genesis, next: max(sequence, counted) + 1)
    }

    /// Appends `entries` after `head`, in order; the first carries `rows`, the rows their write
    /// added and sealed with its sequence (`head.next`). Returns them as written.
    @discardableResult
    static func append(_ entries: [CustodyRecord], sealing rows: RowSetDigest, after head: Head,
                       _ db: Database) throws -> [CustodyRecord] {
        try append(entries, sealing: rows, after: head, into: try inserter(db))
    }

    /// The insert of custody entries (a write of many originals keeps one).
    static func inserter(_ db: Database) throws -> BulkInsert {
        try BulkInsert(db, table: CustodyRecord.table, columns: CustodyRecord.columnNames)
    }

    @discardableResult
    static func append(_ entries: [CustodyRecord], sealing rows: RowSetDigest, after head: Head,
                       into insert: BulkInsert) throws -> [CustodyRecord] {
        var previous = head.sha256
        var written: [CustodyRecord] = []
        for (index, entry) in entries.enumerated() {
            var entry = entry
            entry.sequence = head.next + Int64(index)
            entry.previousSHA256 = previous
            entry.rows = index == 0 ? rows.count : 0
            entry.rowsSHA256 = index == 0 ? rows.hex : RowSetDigest.emptyHex
            entry.entrySHA256 = digest(entry)
            try insert.insert(entry)
            previous = entry.entrySHA256!
            written.append(entry)
        }
        return written
    }

    /// Appends one entry that is its whole write (no rows of its own).
    @discardableResult
    static func append(_ entry: CustodyRecord, _ db: Database) throws -> CustodyRecord {
        try append([entry], sealing: RowSetDigest(), after: try head(db), db)[0]
    }

    /// `entry` as it would be appended after `last` (the last entry of a log whose chain checks):
    /// its sequence, the digest before it, and its own. An export plans its entry this way, so
    /// that the bundle's custody log ends with the very entry the case then records.
    public static func next(_ entry: CustodyRecord, after last: CustodyRecord?) -> CustodyRecord {
        planned(entry, after: Head(sequence: last?.sequence ?? 0, sha256: last?.entrySHA256 ?? genesis,
                                   next: (last?.sequence ?? 0) + 1))
    }

    /// The entry `entry` would be if appended now: its sequence, the digest before it, and its own.
    static func planned(_ entry: CustodyRecord, after head: Head) -> CustodyRecord {
        var entry = entry
        entry.sequence = head.next
        entry.previousSHA256 = head.sha256
        entry.rows = 0
        entry.rowsSHA256 = RowSetDigest.emptyHex
        entry.entrySHA256 = digest(entry)
        return entry
    }
}
