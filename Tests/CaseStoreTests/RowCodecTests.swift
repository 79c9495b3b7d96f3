import EvidenceKit
import ExhibitTestSupport
import Foundation
import GRDB
import Testing
@testable import CaseStore

/// One description of a table's columns serves every writer and reader: the packed form the
/// ingest spool carries, the `INSERT`, the `SELECT`, and the digest the check recomputes.
@Suite struct RowCodecTests {
    @Test func everyRecordRoundTripsThroughItsPackedForm() throws {
        let batch = SampleCase.batch("one", sha: "aa")
        var rows: [BatchRow] = []
        try batch.rows.forEach { rows.append($0) }
        for row in rows {
            switch row {
            case .artifact(let record): #expect(try ArtifactRecord(packed: packed(record)[...]) == record)
            case .finding(let record, let mentions):
                #expect(try FindingRecord(packed: packed(record)[...]) == record)
                for mention in mentions { #expect(try MentionRecord(packed: packed(mention)[...]) == mention) }
            case .series(let record): #expect(try SeriesRecord(packed: packed(record)[...]) == record)
            case .entity(let record): #expect(try EntityRecord(packed: packed(record)[...]) == record)
            case .custody(let record): #expect(try CustodyRecord(packed: packed(record)[...]) == record)
            }
        }
        let (analysis, inputs) = SampleCase.analysis(nodes: ["a", "b"])
        #expect(try AnalysisRecord(packed: packed(analysis)[...]) == analysis)
        #expect(try AnalysisInputRecord(packed: packed(inputs[1])[...]) == inputs[1])
        #expect(throws: (any Error).self) { try ArtifactRecord(packed: packed(analysis)[...]) }
        #expect(throws: (any Error).self) { try EntityRecord(packed: Array(packed(EntityRecord.blank).dropLast())[...]) }
    }

    /// The tables have exactly the columns the records list, plus the two that seal each row.
    @Test func theSchemaMatchesTheCodec() throws {
        let sample = try SampleCase()
        let pool = try DatabasePool(path: sample.path)
        try pool.read { db in
            for table in SealedTable.all {
                let columns = try db.columns(in: table.name).map(\.name)
                #expect(columns == table.columns + ["row_digest"], "\(table.name)")
            }
            #expect(try db.columns(in: "custody").map(\.name) == CustodyRecord.columnNames)
        }
    }

    /// What is written is what is read, NaN and infinities in a series' points included.
    @Test func aSeriesIsReadBackBitForBit() throws {
        let sample = try SampleCase()
        let stored = try sample.file.read { try $0.series(ofFinding: "one-f") }
        #expect(stored.count == 1)
        let series = try #require(Series(name: stored[0].name, unit: stored[0].unit, packed: stored[0].points))
        #expect(series.packed == SampleCase.series.packed)
        #expect(series.points.map(\.value.bitPattern) == SampleCase.series.points.map(\.value.bitPattern))
        #expect(stored[0].count == 6 && stored[0].axis == "step")
    }

    @Test func theRowSetDigestIsASumModuloTwoToThe256() {
        var digest = RowSetDigest()
        #expect(digest.hex == String(repeating: "0", count: 64))
        digest.add([UInt8](repeating: 0xFF, count: 32))
        digest.add([UInt8](repeating: 0, count: 31) + [2])
        // 2^256 - 1 + 2 wraps to 1.
        #expect(digest.hex == String(repeating: "0", count: 63) + "1")
        #expect(digest.count == 2)
    }

    private func packed(_ record: some StoredRecord) -> [UInt8] {
        var bytes: [UInt8] = []
        record.pack(into: &bytes)
        return bytes
    }
}
