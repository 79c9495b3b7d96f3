import CaseStore
import EvidenceKit
import Foundation

/// The report's loss curves: for each loss metric the evidence logs (a `training.metric` whose
/// name says `loss`), every run's points on one pair of axes, coloured by party — so a reader
/// sees at once whose run came out like whose. A long series is thinned to its shape
/// (``SVGFigure/thinned(_:limit:)``); every point is in the bundle's series files.
enum TrainingCurves {
    /// At most this many figures, and curves in each.
    static let maxFigures = 6, maxCurves = 10

    static func write(_ export: CaseExport, to out: ExportStream) throws {
        let parties = try TimelinePicture.partiesOfExhibits(export)
        let colors = TimelinePicture.colors(parties)
        // Loss metrics by name, each with its findings in read order and the label of its curve.
        var byName: [String: [(metric: FindingRecord, label: String)]] = [:]
        try export.reader.forEachFinding(FindingQuery(kinds: ["training.metric"])) { metric in
            let attributes = (try? JSONDecoder().decode([String: Value].self, from: Data(metric.attributes.utf8))) ?? [:]
            guard case .string(let name)? = attributes["normalized"] ?? attributes["metric"], name.lowercased().contains("loss") else { return }
            let run = attributes["run"].map { " run \(ComparisonSection.text($0))" } ?? ""
            let format = attributes["source_format"].map { " (\(ComparisonSection.text($0)))" } ?? ""
            let party = parties[metric.exhibit] ?? TimelinePicture.unassigned
            byName[name, default: []].append((metric, "\(party), \(metric.exhibit)\(run)\(format): \(metric.evidencePath)"))
        }
        guard !byName.isEmpty else {
            out.write("<p>No loss curves: the evidence logs no metric named as a loss.</p>\n")
            return
        }
        // The metrics most parties logged first, then by name.
        let names = byName.keys.sorted { a, b in
            let (left, right) = (Set(byName[a]!.map { parties[$0.metric.exhibit] ?? "" }).count,
                                 Set(byName[b]!.map { parties[$0.metric.exhibit] ?? "" }).count)
            return left != right ? left > right : a < b
        }
        for name in names.prefix(maxFigures) {
            var curves: [SVGFigure.Curve] = []
            var drawnOfParty: [String: Int] = [:]
            var axes = Set<Series.Axis>()
            for (metric, label) in byName[name]!.prefix(maxCurves) {
                guard let record = try export.reader.series(ofFinding: metric.id).first,
                      let series = SeriesExport.points(record) else { continue }
                let party = parties[metric.exhibit] ?? TimelinePicture.unassigned
                axes.insert(series.axis)
                let points = series.points.map { (x: $0.x, y: $0.value) }
                curves.append(SVGFigure.Curve(label: label,
                                              points: SVGFigure.thinned(points), color: colors[party] ?? "#555555",
                                              dashed: drawnOfParty[party, default: 0] % 2 == 1))
                drawnOfParty[party, default: 0] += 1
            }
            let omitted = max(0, byName[name]!.count - maxCurves)
            let figure = SVGFigure.curves(curves, axis: name,
                                       caption: "\(name) by \(axes == [.time] ? "time (seconds since 1970 UTC)" : axes == [.step] ? "logged step" : "step or time, as each run logged it"), each party's runs in its colour"
                                           + (omitted > 0 ? " (\(omitted) more run(s) not drawn; all are in the series files)" : ""))
            out.write(figure.isEmpty ? "<p>\(ReportPage.escape(name)): no point to draw (every value logged is NaN or infinite).</p>\n" : figure)
        }
        if names.count > maxFigures {
            out.write("<p>\(names.count - maxFigures) more loss metric(s) not drawn: "
                      + ReportPage.escape(names.dropFirst(maxFigures).joined(separator: ", ")) + ".</p>\n")
        }
    }
}
