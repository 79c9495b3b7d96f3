import CaseStore
import EvidenceKit
import Foundation

/// The report's picture of the case's timeline: every event (log lines included, which the
/// report's table leaves to `timeline.csv`) counted per party over time, and every training run
/// with a start and an end drawn as a bar in its party's lane. One pass over the events, in
/// bounded memory (``EventHistogram``).
enum TimelinePicture {
    static func write(_ export: CaseExport, to out: ExportStream) throws {
        let parties = try partiesOfExhibits(export)
        var histogram = EventHistogram()
        try export.reader.forEachFinding(FindingQuery(eventsOnly: true, order: .time)) { event in
            guard let utc = event.timeUTC, let time = TimelineExport.microseconds(utc) else { return }
            histogram.add(time, party: parties[event.exhibit] ?? unassigned)
        }
        guard let origin = histogram.origin else { return }
        var runs: [String: [(label: String, start: Int64, end: Int64)]] = [:]
        var untimed = 0
        try export.reader.forEachFinding(FindingQuery(kinds: ["training.run"])) { run in
            let attributes = (try? JSONDecoder().decode([String: Value].self, from: Data(run.attributes.utf8))) ?? [:]
            guard case .string(let start)? = attributes["start"], case .string(let end)? = attributes["end"],
                  let from = TimelineExport.microseconds(start), let to = TimelineExport.microseconds(end) else {
                untimed += 1
                return
            }
            runs[parties[run.exhibit] ?? unassigned, default: []]
                .append(("\(run.exhibit): \(run.summary), \(start) to \(end)", from, to))
        }
        let names = Set(histogram.counts.keys).union(runs.keys).sorted()
        let colors = self.colors(parties)
        let lanes = names.map { party in
            SVGFigure.TimelineLane(party: party, color: colors[party] ?? "#555555", counts: histogram.counts[party] ?? [], runs: runs[party] ?? [])
        }
        out.write(SVGFigure.timeline(lanes, from: origin, binWidth: histogram.binWidth, bins: histogram.usedBins,
                                     caption: "\(histogram.total) event(s) per party over time, and the training runs the "
                                         + "evidence records (hover over a bar for its dates)"
                                         + (untimed > 0 ? "; \(untimed) run(s) without both a start and an end time are not drawn" : "")))
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
