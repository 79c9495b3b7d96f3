import CaseStore
import EvidenceKit
import Foundation

/// The report's picture of the case's timeline: every event (log lines included, which the
/// report's table leaves to `timeline.csv`) counted per party over time, and every training run
/// drawn as a bar in its party's lane from its `training.run_start` to its `training.run_end`
/// event — their normalized UTC times, the same the events are counted at. One pass over the
/// events, in bounded memory (``EventHistogram``).
enum TimelinePicture {
    static func write(_ export: CaseExport, to out: ExportStream) throws {
        let parties = try partiesOfExhibits(export)
        var histogram = EventHistogram()
        var runs: [String: Run] = [:]
        var runOrder: [String] = []
        try export.reader.forEachFinding(FindingQuery(eventsOnly: true, order: .time)) { event in
            guard let utc = event.timeUTC, let time = TimelineExport.microseconds(utc) else { return }
            let party = parties[event.exhibit] ?? unassigned
            histogram.add(time, party: party)
            guard event.kind == "training.run_start" || event.kind == "training.run_end" else { return }
            let attributes = (try? JSONDecoder().decode([String: Value].self, from: Data(event.attributes.utf8))) ?? [:]
            let name = "\(attributes["source_format"].map(ComparisonSection.text) ?? "") run \(attributes["run"].map(ComparisonSection.text) ?? "?")"
            let key = [event.artifactID, name].joined(separator: "\u{0}")
            if runs[key] == nil {
                runOrder.append(key)
                runs[key] = Run(party: party, name: "\(event.exhibit) \(event.evidencePath): \(name)")
            }
            if event.kind == "training.run_start" { runs[key]!.start = (time, utc) } else { runs[key]!.end = (time, utc) }
        }
        guard let origin = histogram.origin else { return }
        var spans: [String: [(label: String, start: Int64, end: Int64)]] = [:]
        for key in runOrder {
            let run = runs[key]!
            guard let first = run.start ?? run.end else { continue }
            let last = run.end ?? first
            spans[run.party, default: []].append(("\(run.name), \(first.text) to \(last.text)", first.time, max(last.time, first.time)))
        }
        let names = Set(histogram.counts.keys).union(spans.keys).sorted()
        let colors = self.colors(parties)
        let lanes = names.map { party in
            SVGFigure.TimelineLane(party: party, color: colors[party] ?? "#555555", counts: histogram.counts[party] ?? [],
                                   runs: spans[party] ?? [])
        }
        out.write(SVGFigure.timeline(lanes, from: origin, binWidth: histogram.binWidth, bins: histogram.usedBins,
                                     caption: "\(histogram.total) event(s) per party over time, and the training runs the "
                                         + "evidence times (hover over a bar for its dates)"))
    }

    /// A training run as its start and end events place it.
    private struct Run {
        let party: String
        let name: String
        var start: (time: Int64, text: String)?
        var end: (time: Int64, text: String)?
    }

    static let unassigned = "unassigned"

    /// A colour per party, in the order of their names, the same in every figure of the report.
    static func colors(_ partiesOfExhibits: [String: String]) -> [String: String] {
        let names = Set(partiesOfExhibits.values).sorted()
        return Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, SVGFigure.palette[$0 % SVGFigure.palette.count]) })
    }

    /// Each exhibit's party (or `unassigned`).
    static func partiesOfExhibits(_ export: CaseExport) throws -> [String: String] {
        var parties: [String: String] = [:]
        try export.forEachOriginal { parties[$0.exhibit] = $0.party ?? unassigned }
        return parties
    }
}
