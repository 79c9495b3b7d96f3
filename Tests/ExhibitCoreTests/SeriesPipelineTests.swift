import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// A series goes from the extractor to the case through the same path as its finding — walk,
/// stager, spool, staged rows, write — packed all the way, in the finding's transaction.
@Suite struct SeriesPipelineTests {
    @Test func aMillionStepsAreOneFindingAndOneSeries() throws {
        let folder = try TemporaryFolder()
        let log = folder.path("run.metrics")
        try Data("1000000\n".utf8).write(to: URL(fileURLWithPath: log))
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: CaseInfo(
            caseID: "series", title: "t", examiner: "e", organization: "", created: ""))
        let pipeline = IngestPipeline(registry: try ExtractorRegistry([MetricLog.self]), caseFile: file,
                                      custody: CustodyContext(examiner: "e"))
        let outcomes = try pipeline.add([log], options: IngestOptions(jobs: 1))
        guard case .added = outcomes.first else { Issue.record("not added: \(outcomes)"); return }

        let findings = try file.findings(kind: "training.metric")
        #expect(findings.count == 1)
        let stored = try file.read { try $0.series(ofFinding: findings[0].id) }
        #expect(stored.map(\.name) == ["loss", "learning_rate"])
        #expect(stored.map(\.count) == [1_000_000, 3])
        #expect(stored[0].id == SeriesRecord.makeID(findingID: findings[0].id, ordinal: 0))
        let loss = try #require(Series(name: "loss", packed: stored[0].points))
        var index = 0
        var exact = true
        loss.forEachPoint { x, value in
            exact = exact && x == Double(index) && value.bitPattern == MetricLog.loss(at: index).bitPattern
            index += 1
        }
        #expect(exact && index == 1_000_000)
        #expect(Series(name: "lr", packed: stored[1].points)?.axis == .time)
        let report = try file.check()
        #expect(report.ok, "\(report.failures)")
    }
}
