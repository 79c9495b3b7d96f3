import CaseStore
import ExhibitCore
import BuiltInExtractors
import ExhibitTestSupport
import Foundation
import Testing
@testable import TribunalBundle

/// The report's pictures: the timeline (events per party, runs as bars) and the loss curves of
/// each party's runs, drawn from the case.
@Suite struct ReportFiguresTests {
    /// An empty case in `folder`, and a pipeline adding to it.
    private func emptyCase(_ folder: TemporaryFolder, id: String) throws -> (CaseFile, IngestPipeline) {
        let caseFile = try CaseFile.create(at: folder.path("c.exhibit"), info: CaseInfo(
            caseID: "5f1b2c3d-0000-4000-8000-00000000\(id)", title: "Figures", examiner: "J. Doe", organization: "",
            created: "2026-01-01T00:00:00Z"))
        let pipeline = IngestPipeline(registry: try ExtractorRegistry(BuiltInExtractors.all), caseFile: caseFile,
                                      custody: CustodyContext(examiner: "J. Doe", host: "lab-1", command: "exhibit add"))
        return (caseFile, pipeline)
    }

    /// What the report writes for the case's timeline picture and loss curves.
    private func figures(_ caseFile: CaseFile) throws -> String {
        final class Collected { var bytes: [UInt8] = [] }
        let collected = Collected()
        let stream = ExportStream { collected.bytes += $0 }
        try CaseExport.with(caseFile) { export in
            try TimelinePicture.write(export, to: stream)
            try TrainingCurves.write(export, to: stream)
        }
        try stream.finish()
        return String(decoding: collected.bytes, as: UTF8.self)
    }

    @Test func theTimelineCountsEveryEventInBoundedBinsWhateverTheSpan() {
        var histogram = EventHistogram()
        // Ten years of events, one a day, then a burst in the last second.
        let day: Int64 = 86_400_000_000
        let start: Int64 = 1_600_000_000_500_000
        for index in 0..<3_650 { histogram.add(start + Int64(index) * day, party: index % 2 == 0 ? "claimant" : "respondent") }
        for index in 0..<1_000 { histogram.add(start + 3_649 * day + Int64(index), party: "respondent") }
        #expect(histogram.total == 4_650)
        #expect(histogram.counts.values.map { $0.reduce(0, +) }.reduce(0, +) == 4_650)
        #expect(histogram.counts["claimant"]!.reduce(0, +) == 1_825)
        #expect(histogram.usedBins <= EventHistogram.maxBins && histogram.usedBins > EventHistogram.maxBins / 2)
        // Bins start at the first event's whole second, and cover the last event.
        #expect(histogram.origin == 1_600_000_000_000_000)
        #expect(histogram.origin! + histogram.binWidth * Int64(histogram.usedBins) > start + 3_649 * day)
        // An event earlier in the first second (the store orders a second's times by their text) still counts.
        var early = EventHistogram()
        early.add(1_000_500_000, party: "a")
        early.add(1_000_000_000, party: "a")
        #expect(early.counts["a"]![0] == 2)
    }

    @Test func aLongSeriesIsThinnedToItsShapeKeepingItsSpikes() {
        var points = (0..<100_000).map { (x: Double($0), y: 1.0 / Double($0 + 1)) }
        points[77_777].y = 50
        points[12_345].y = .nan
        let thinned = SVGFigure.thinned(points)
        #expect(thinned.count <= 600 && thinned.count >= 300)
        #expect(thinned.contains { $0.x == 77_777 && $0.y == 50 })
        #expect(thinned.map(\.x) == thinned.map(\.x).sorted())
        #expect(!thinned.contains { $0.y.isNaN })
        #expect(SVGFigure.thinned(Array(points.prefix(10))).count == 10)
    }

    @Test func theReportDrawsEachPartysEventsRunsAndLossCurves() throws {
        let folder = try TemporaryFolder("report-figures")
        let (caseFile, pipeline) = try emptyCase(folder, id: "f1c0")
        let samples = Repository.samples.appendingPathComponent("case")
        _ = try pipeline.add([samples.appendingPathComponent("claimant/training-run.log").path],
                             options: IngestOptions(party: "claimant", timeZone: "Europe/London", jobs: 1))
        _ = try pipeline.add([samples.appendingPathComponent("respondent/training-run.log").path],
                             options: IngestOptions(party: "respondent", jobs: 1))
        let html = try figures(caseFile)
        // One lane per party, named, and each party's run as a bar whose title says its dates in UTC.
        #expect(html.contains(">claimant</text>") && html.contains(">respondent</text>"))
        #expect(html.contains("verl run 1, 2024-02-10T00:01:00Z to 2024-02-10T00:05:00Z</title>"))
        #expect(html.contains("verl run 1, 2024-06-03T15:16:00Z to 2024-06-03T15:20:00Z</title>"))
        // The claimant's run is drawn left of the respondent's.
        func runX(_ exhibit: String) throws -> Double {
            let bar = try #require(html.range(of: "<title>\(exhibit) "))
            let rect = try #require(html[..<bar.lowerBound].range(of: "<rect x=\"", options: .backwards))
            return try #require(Double(html[rect.upperBound...].prefix { $0 != "\"" }))
        }
        #expect(try runX("EX-0001") < runX("EX-0002"))
        // The loss curves: each loss metric logged, both parties' runs on it, in the parties' colours.
        #expect(html.contains("<figcaption>actor/pg_loss by logged step, each party&#39;s runs in its colour</figcaption>")
                || html.contains("<figcaption>actor/pg_loss by logged step, each party's runs in its colour</figcaption>"))
        #expect(html.contains("critic/vf_loss by logged step"))
        #expect(!html.contains("objective/kl by logged step"))   // not a loss
        #expect(html.components(separatedBy: "<polyline").count - 1 == 4)
        #expect(html.contains("stroke=\"\(SVGFigure.palette[0])\"") && html.contains("stroke=\"\(SVGFigure.palette[1])\""))
    }

    /// A run whose log writes its times without a zone is drawn where its events are: at the
    /// times the evidence's --timezone gives them in UTC, not at the text read as UTC.
    @Test func aRunIsDrawnAtItsEventsUTCTimes() throws {
        let folder = try TemporaryFolder("report-figures-zone")
        let (caseFile, pipeline) = try emptyCase(folder, id: "f1c2")
        let log = folder.path("training-run.log")
        try (1...3).map { "2024-06-03 08:1\($0):00 INFO rl - step:\($0 * 10) - actor/pg_loss:-0.0\($0) - critic/vf_loss:0.\($0)" }
            .joined(separator: "\n").write(toFile: log, atomically: true, encoding: .utf8)
        _ = try pipeline.add([log], options: IngestOptions(party: "respondent", timeZone: "America/Los_Angeles", jobs: 1))
        let html = try figures(caseFile)
        #expect(html.contains("verl run 1, 2024-06-03T15:11:00Z to 2024-06-03T15:13:00Z</title>"))
        #expect(!html.contains("not drawn"))
    }

    /// Values no figure can scale — a diverged loss of 3.4e38, NaN, infinity — are left out of
    /// the curve, never a crash or a coordinate that is not a number.
    @Test func extremeValuesAreLeftOutOfACurve() {
        let figure = SVGFigure.curves([SVGFigure.Curve(label: "a run", points: [(0, 1.5), (1, 3.4e38), (2, .nan), (3, .infinity),
                                                                               (4, 1.7e308), (5, 0.5)],
                                                       color: "#000", dashed: false)], axis: "loss", caption: "loss")
        #expect(!figure.isEmpty && !figure.contains("nan") && !figure.contains("inf"))
        #expect(figure.contains("max 3.4e+38"))
        #expect(SVGFigure.short(3.4e38) == "3.4e+38" && SVGFigure.short(-.infinity) == "-∞" && SVGFigure.short(2.5) == "2.5")
        #expect(SVGFigure.curves([SVGFigure.Curve(label: "x", points: [(0, .nan)], color: "#000", dashed: false)],
                                 axis: "loss", caption: "loss").isEmpty)
    }

    @Test func aCaseWithoutEventsOrLossesSaysSo() throws {
        let folder = try TemporaryFolder("report-figures-empty")
        let (caseFile, _) = try emptyCase(folder, id: "f1c1")
        let html = try figures(caseFile)
        #expect(!html.contains("<svg"))
        #expect(html.contains("No loss curves"))
    }
}
