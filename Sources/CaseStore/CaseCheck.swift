import Foundation
import GRDB

/// Recomputes a case's custody chain and every sealed row's digest (``CustodyChain``,
/// ``RowDigest``, ``RowSetDigest``) from one read transaction, in one pass over each table:
/// memory holds one sum per custody entry, never the rows.
///
/// It names what disagrees: an entry whose digest is not that of its line, or that does not
/// name the one before it; entries missing from the chain or its end; a row that does not match
/// its own digest, or names no entry; and an entry whose rows no longer add up to the digest it
/// recorded (a row removed, added, or changed along with its digest). Rows are read as SQLite
/// stores them (storage class and bytes), not as Exhibit would decode them.
struct CaseCheck {
    /// Failures listed at most; the rest are counted.
    static let listed = 100

    private let db: Database
    private let path: String
    private var failures: [(stage: Stage, failure: CaseCheckReport.Failure)] = []
    private var unlisted = 0

    /// Where a failure was found, for the order they are reported in under one entry: the
    /// entry itself, then its rows, then their sum.
    private enum Stage: Int, Comparable {
        case entry, row, sum
        static func < (left: Stage, right: Stage) -> Bool { left.rawValue < right.rawValue }
    }

    /// What an entry recorded of its rows, and what the tables hold for it.
    private struct Seal {
        var action: String
        var recordedRows: Int64
        var recordedDigest: String
        var found = RowSetDigest()
        /// The entry that replaced this one's rows, if any.
        var replacedBy: Int64?
    }

    init(_ db: Database, path: String) {
        self.db = db
        self.path = path
    }

    mutating func run() throws -> CaseCheckReport {
        var seals: [Int64: Seal] = [:]
        let (records, head) = try checkChain(&seals)
        var rows: Int64 = 0
        for table in SealedTable.all { rows += try checkRows(of: table, &seals) }
        for (sequence, seal) in seals.sorted(by: { $0.key < $1.key }) {
            if let replacer = seal.replacedBy {
                if seal.found.count > 0 {
                    fail(.sum, sequence, seal.action, nil, nil,
                         "its rows were replaced by #\(replacer), yet \(seal.found.count) of them remain")
                }
            } else if seal.found.count != seal.recordedRows || seal.found.hex != seal.recordedDigest {
                fail(.sum, sequence, seal.action, nil, nil,
                     "its rows no longer add up to what it recorded: \(seal.recordedRows) rows, digest \(seal.recordedDigest); "
                     + "found \(seal.found.count), digest \(seal.found.hex) (a row was removed, added, or changed along with its digest)")
            }
        }
        failures.sort {
            ($0.failure.record ?? .max, $0.stage.rawValue, Self.tableOrder($0.failure.table), $0.failure.row ?? "")
                < ($1.failure.record ?? .max, $1.stage.rawValue, Self.tableOrder($1.failure.table), $1.failure.row ?? "")
        }
        return CaseCheckReport(path: path, records: records, rows: rows, head: head, failures: failures.map(\.failure),
                               unlisted: unlisted)
    }

    private mutating func fail(_ stage: Stage, _ record: Int64?, _ action: String?, _ table: String?, _ row: String?,
                               _ message: String) {
        guard failures.count < Self.listed else { return unlisted += 1 }
        failures.append((stage, .init(record: record, action: action, table: table, row: row, message: message)))
    }

    // MARK: The chain

    /// Reads the custody log in order; returns how many entries and the last one's digest.
    private mutating func checkChain(_ seals: inout [Int64: Seal]) throws -> (Int, String) {
        var expected: Int64 = 1
        var previous = CustodyChain.genesis
        var count = 0
        var replaced: [(Int64, by: Int64)] = []
        let cursor = try Row.fetchCursor(db, sql: "SELECT \(CustodyRecord.selection) FROM custody ORDER BY sequence")
        while let row = try cursor.next() {
            let entry = try RowReader.read(CustodyRecord.self, from: row)
            let sequence = entry.sequence ?? 0
            count += 1
            if sequence != expected {
                fail(.entry, sequence, entry.action, nil, nil, sequence > expected
                     ? "\(Self.entries(expected, sequence - 1)) removed from the chain before it" : "out of sequence after #\(expected - 1)")
            }
            if entry.previousSHA256 != previous {
                fail(.entry, sequence, entry.action, nil, nil,
                     "does not name the entry before it: names \(entry.previousSHA256 ?? "nothing"), the one before is \(previous)")
            }
            let digest = CustodyChain.digest(entry)
            if entry.entrySHA256 != digest {
                fail(.entry, sequence, entry.action, nil, nil,
                     "was changed after it was written: its line's digest is \(digest), it recorded \(entry.entrySHA256 ?? "none")")
            }
            previous = entry.entrySHA256 ?? digest
            expected = sequence + 1
            seals[sequence] = Seal(action: entry.action, recordedRows: entry.rows ?? 0,
                                   recordedDigest: entry.rowsSHA256 ?? RowSetDigest().hex)
            if let list = Self.replaces(entry.details) { replaced += list.map { ($0, by: sequence) } }
        }
        for (record, replacer) in replaced where seals[record] != nil && replacer > record {
            seals[record]?.replacedBy = replacer
        }
        let counter = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'custody'") ?? 0
        if counter > expected - 1 {
            fail(.entry, counter, nil, nil, nil, "\(Self.entries(expected, counter)) written and then removed from the end of the chain")
        }
        return (count, previous)
    }

    /// `entry #7 is` or `entries #7–#9 are`.
    private static func entries(_ first: Int64, _ last: Int64) -> String {
        first == last ? "entry #\(first) was" : "entries #\(first)–#\(last) were"
    }

    /// The earlier writes an entry says it replaced (`replaces` in its details).
    private static func replaces(_ details: String) -> [Int64]? {
        guard details.contains("\"replaces\""),
              let object = try? JSONDecoder().decode([String: String].self, from: Data(details.utf8)),
              let list = object["replaces"] else { return nil }
        return list.split(separator: " ").compactMap { Int64($0) }
    }

    // MARK: The rows

    private static func tableOrder(_ table: String?) -> Int {
        guard let table else { return -1 }
        return SealedTable.all.firstIndex { $0.name == table } ?? Int.max
    }

    /// Recomputes every row's digest in `table`, adds it to its entry's sum; returns the rows read.
    private mutating func checkRows(of table: SealedTable, _ seals: inout [Int64: Seal]) throws -> Int64 {
        var count: Int64 = 0
        try table.scan(db) { row in
            count += 1
            guard let record = row.record, seals[record] != nil else {
                return fail(.row, row.record, nil, table.name, row.key,
                            "names no custody entry (record \(row.record.map(String.init) ?? "NULL"))")
            }
            seals[record]!.found.add(row.recomputed)
            if !row.matches {
                fail(.row, record, seals[record]!.action, table.name, row.key, "does not match its digest: changed after it was written")
            }
        }
        return count
    }
}
