import ExhibitTestSupport
import Foundation
import GRDB
import Testing
@testable import CaseStore

/// The custody chain and the row digests: every committed write is sealed, and an edit made
/// behind Exhibit's back — through SQLite itself — is named by `check`, whatever table it is in.
@Suite struct TamperEvidenceTests {
    @Test func aCaseWrittenThroughTheStoreChecks() throws {
        let sample = try SampleCase()
        let report = try sample.file.check()
        #expect(report.ok, "\(report.failures)")
        #expect(report.records == 3)
        // The header (6), then 2 artifacts, a finding, its mention and series, an entity; then an analysis and 2 inputs.
        #expect(report.rows == 6 + 6 + 3)
        let custody = try sample.file.custody()
        #expect(custody.map(\.action) == ["case.create", "acquire", "analysis"])
        #expect(custody.map(\.rows) == [6, 6, 3])
        #expect(custody.first?.previousSHA256 == CustodyChain.genesis)
        for (earlier, later) in zip(custody, custody.dropFirst()) { #expect(later.previousSHA256 == earlier.entrySHA256) }
        #expect(report.head == custody.last?.entrySHA256)
        #expect(custody.allSatisfy { $0.entrySHA256 == CustodyChain.digest($0) })
    }

    /// One edit per table, as `sqlite3` would make it; each is named by table and row, under
    /// the custody entry that sealed the row.
    @Test(arguments: [
        ("UPDATE finding SET summary = 'nothing to see'", "finding", "one-f", 2),
        ("UPDATE artifact SET sha256 = 'ff' WHERE id = 'one/m'", "artifact", "one/m", 2),
        ("UPDATE entity SET value = 'https://example.com'", "entity", "e1", 2),
        ("UPDATE mention SET role = 'author'", "mention", "one-f e1 author", 2),
        ("UPDATE series SET points = substr(points, 1, 16) || zeroblob(length(points) - 16)", "series", nil, 2),
        ("UPDATE analysis SET score = 0.99", "analysis", nil, 3),
        ("UPDATE analysis_input SET role = 'control' WHERE ordinal = 1", "analysis_input", nil, 3),
        ("UPDATE case_info SET value = 'Other v. Other' WHERE key = 'title'", "case_info", "title", 1),
        // The same digits as a blob: SQLite's storage class changed, so the value did.
        ("UPDATE artifact SET size = CAST('1' AS BLOB) WHERE id = 'one'", "artifact", "one", 2),
    ] as [(String, String, String?, Int64)])
    func anEditToARowIsNamed(sql: String, table: String, row: String?, record: Int64) throws {
        let sample = try SampleCase()
        try edit(sample.path, sql)
        let report = try sample.file.check()
        let first = try #require(report.failures.first)
        #expect(first.record == record)
        #expect(first.table == table)
        if let row { #expect(first.row == row) }
        #expect(first.message.contains("does not match its digest"))
        // The entry's sum no longer adds up either.
        #expect(report.failures.contains { $0.table == nil && $0.record == record && $0.message.contains("no longer add up") })
    }

    @Test func anEditToACustodyEntryBreaksTheChainThere() throws {
        let sample = try SampleCase()
        try edit(sample.path, "UPDATE custody SET command = 'exhibit add innocent.zip' WHERE sequence = 2")
        let report = try sample.file.check()
        #expect(report.failures.map(\.record) == [2])
        #expect(report.firstFailure?.contains("was changed after it was written") == true)
    }

    /// Someone who edits a row and its digest is still caught: the entry's sum no longer adds up.
    @Test func aRowEditedWithItsDigestIsCaughtByItsEntry() throws {
        let sample = try SampleCase()
        try edit(sample.path, "UPDATE finding SET summary = 'nothing to see'")
        let pool = try DatabasePool(path: sample.path)
        try pool.write { db in
            try SealedTable(FindingRecord.self, key: ["id"]).scan(db) { row in
                try db.execute(sql: "UPDATE finding SET row_digest = ? WHERE rowid = ?",
                               arguments: [Data(row.recomputed.prefix(16)), row.rowid])
            }
        }
        try pool.close()
        let report = try sample.file.check()
        #expect(report.failures.count == 1)
        #expect(report.failures.first?.record == 2 && report.failures.first?.table == nil)
        #expect(report.firstFailure?.contains("6 rows") == true)
    }

    @Test(arguments: [
        ("DELETE FROM finding", "found 5"),
        ("INSERT INTO entity (id, kind, value, record, row_digest) VALUES ('e9', 'url', 'https://evil', 2, x'00')", "does not match"),
        ("DELETE FROM custody WHERE sequence = 3", "removed from the end of the chain"),
        ("DELETE FROM custody WHERE sequence = 2", "removed from the chain before it"),
        ("UPDATE entity SET record = 99", "names no custody entry"),
    ])
    func rowsAndEntriesAddedOrRemovedAreCaught(sql: String, message: String) throws {
        let sample = try SampleCase()
        try edit(sample.path, "PRAGMA foreign_keys = OFF; " + sql)
        let report = try sample.file.check()
        #expect(report.failures.contains { $0.message.contains(message) }, "\(report.failures)")
    }

    /// A correction is a new record: analyses replaced by a later write leave their first write
    /// empty, which the later one names, and the case still checks.
    @Test func aReplacementIsANewRecordAndTheCaseStillChecks() throws {
        let sample = try SampleCase()
        let write = try sample.file.replaceAnalyses(of: ["test.method"], entry: SampleCase.entry("analysis")) { _, emit in
            let (analysis, inputs) = SampleCase.analysis(nodes: ["one", "one-f"], score: 0.75)
            try emit(analysis, inputs)
        }
        #expect(write.replaced == [3])
        #expect(write.entry?.sequence == 4)
        #expect(write.entry?.details.contains(#""replaces":"3""#) == true)
        #expect(try sample.file.check().ok)
        // Rows of a replaced write that came back would be caught.
        try edit(sample.path, "UPDATE analysis SET record = 3")
        #expect(try sample.file.check().failures.contains { $0.record == 3 && $0.message.contains("replaced by #4") })
    }

    /// An export plans its entry so that its bundle ends with it; if the log moved meanwhile,
    /// nothing is appended.
    @Test func aPlannedEntryIsAppendedOnlyIfStillNext() throws {
        let sample = try SampleCase()
        let planned = try sample.file.planCustody(SampleCase.entry("export"))
        #expect(planned.sequence == 4)
        let appended = try sample.file.appendCustody(planned)
        #expect(appended == planned)
        let stale = CustodyChain.next(SampleCase.entry("export"), after: try sample.file.custody()[1])
        #expect(throws: CaseStoreError.self) { try sample.file.appendCustody(stale) }
        #expect(try sample.file.check().ok)
    }

    private func edit(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.writeWithoutTransaction { try $0.execute(sql: sql) }
        try queue.close()
    }
}
