import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import PluginProtocol
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
        let pipeline = IngestPipeline(registry: try ExtractorRegistry([.builtIn(MetricLog.self)]), caseFile: file,
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

    /// An external extractor sends a finding's series inside its `finding` frame, packed and in
    /// base64: the host reads back the same points, bit for bit (NaN and infinities included).
    @Test func aSeriesCrossesThePluginProtocolExactly() throws {
        var loss = Series(name: "loss", unit: "nats", axis: .step)
        for step in 0..<12 { loss.append(step: step, value: MetricLog.loss(at: step)) }
        let finding = Finding("training.metric", summary: "loss over 12 steps", series: [loss])
        let line = try FrameHeader.finding(id: "1", finding).encoded()
        #expect(String(decoding: line, as: UTF8.self).contains("\"packed\":\"RVhTUg"))
        let received = try FrameHeader(line: line).decode(Finding.self, "finding")
        #expect(received.series.map(\.packed) == [loss.packed] && received.series.first?.unit == "nats")
    }
}
