import ExhibitTestSupport
import Foundation
import GRDB
import Testing
@testable import CaseStore

/// A case written by the schema v4 build (the sample case, committed under Fixtures/ with its
/// artifacts and findings as that build printed them) opens migrated to v5: the same rows, ids
/// and hashes, analyses and series tables, the custody log chained, and every row sealed under
/// one `case.migrate` entry that says what it covers.
@Suite struct MigrationTests {
    static let fixtures = Repository.root.appendingPathComponent("Tests/CaseStoreTests/Fixtures")

    /// A copy of the v4 case (opening migrates in place; the fixture itself is never opened).
    static func copyOfV4Case(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("v4.exhibit")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("v4-sample.exhibit").path, toPath: path)
        return path
    }

    /// `(id, sha256)` of each artifact, and each finding's id, as the v4 build printed them.
    static func printedByV4() throws -> (artifacts: [[String?]], findings: [String]) {
        func array(_ name: String) throws -> [[String: Any]] {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])
        }
        return (try array("v4-artifacts.json").map { [$0["id"] as? String, $0["sha256"] as? String, $0["exhibit"] as? String] },
                try array("v4-findings.json").compactMap { $0["id"] as? String })
    }

    @Test func aVersionFourCaseOpensSealedWithItsRowsAsTheyWere() throws {
        let folder = try TemporaryFolder()
        let path = try Self.copyOfV4Case(in: folder)
        let before = try DatabaseQueue(path: path)
        let version = try before.read { try String.fetchOne($0, sql: "SELECT value FROM case_info WHERE key = 'schema_version'") }
        let entriesBefore = try before.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM custody") ?? 0 }
        let rowsBefore = try before.read { db in
            try ["case_info", "artifact", "finding", "entity", "mention"].reduce(0) {
                $0 + (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($1)") ?? 0)
            }
        }
        try before.close()
        #expect(version == "4")

        let file = try CaseFile.open(at: path)
        #expect(try file.info().schemaVersion == 5)
        let printed = try Self.printedByV4()
        #expect(try file.artifacts().map { [$0.id, $0.sha256, $0.exhibit] } == printed.artifacts)
        #expect(try file.findings().map(\.id) == printed.findings)

        let custody = try file.custody()
        #expect(custody.count == entriesBefore + 1)
        let seal = try #require(custody.last)
        #expect(seal.action == "case.migrate")
        #expect(seal.rows == Int64(rowsBefore))
        #expect(seal.details.contains("not covered by the chain"))
        let report = try file.check()
        #expect(report.ok, "\(report.failures)")
        #expect(report.rows == Int64(rowsBefore))

        // Opening it again migrates nothing more.
        _ = try CaseFile.open(at: path)
        #expect(try CaseFile.open(at: path).custody().count == custody.count)
        // And it takes new writes like any case.
        #expect(try file.write(SampleCase.batch("new", sha: "ab")) == "EX-0004")
        #expect(try file.check().ok)
    }

    /// The timeline reads its events through an index, not by sorting every finding.
    @Test func theTimelineHasAnIndex() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.open(at: try Self.copyOfV4Case(in: folder))
        let pool = try DatabasePool(path: file.path)
        let plan = try pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM finding" + FindingQuery(eventsOnly: true, order: .time).filter.sql
                             + FindingQuery(order: .time).orderBy)
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("finding_time") && !plan.contains("TEMP B-TREE"), "\(plan)")
    }
}
