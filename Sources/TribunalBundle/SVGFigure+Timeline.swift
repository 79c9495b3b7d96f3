import Foundation
import ExhibitFoundation

extension SVGFigure {
    /// A party's lane of the timeline: its events per bin, and its training runs as bars.
    struct TimelineLane {
        var party: String
        var color: String
        var counts: [Int]
        var runs: [(label: String, start: Int64, end: Int64)]
    }

    /// The case's timeline: one lane per party, events per bin drawn as bars on a log scale (a
    /// million log lines and three notebook cells in one picture), training runs as bars below
    /// them (at least two pixels wide, so a run of minutes shows on a scale of months). Times
    /// are microseconds since 1970 UTC; `from` is the first bin's start.
    static func timeline(_ lanes: [TimelineLane], from: Int64, binWidth: Int64, bins: Int, caption: String) -> String {
        let width = 720.0, left = 96.0, right = 16.0, top = 12.0, laneHeight = 46.0, barsHeight = 26.0
        let height = top + laneHeight * Double(lanes.count) + 34
        let plotWidth = width - left - right
        let end = from + binWidth * Int64(max(bins, 1))
        func x(_ time: Int64) -> Double { left + plotWidth * Double(time - from) / Double(end - from) }
        let most = lanes.flatMap(\.counts).max() ?? 1
        let scale = log10(1 + Double(max(most, 1)))
        var svg = open(caption, width: width, height: height)
        for (index, lane) in lanes.enumerated() {
            let color = lane.color
            let base = top + laneHeight * Double(index) + barsHeight
            svg += text(left - 6, base - 8, lane.party, anchor: "end")
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(base))\" x2=\"\(f(width - right))\" y2=\"\(f(base))\" stroke=\"#ccc\"/>"
            let slot = plotWidth / Double(max(bins, 1))
            for (bin, count) in lane.counts.prefix(bins).enumerated() where count > 0 {
                let barHeight = max(1, barsHeight * log10(1 + Double(count)) / scale)
                svg += "<rect x=\"\(f(left + slot * Double(bin)))\" y=\"\(f(base - barHeight))\" width=\"\(f(max(slot * 0.9, 1)))\" "
                    + "height=\"\(f(barHeight))\" fill=\"\(color)\"><title>\(count) event(s) from "
                    + "\(UTCTime.iso8601(seconds(from + binWidth * Int64(bin))))</title></rect>"
            }
            for run in lane.runs where run.end >= from && run.start <= end {
                let start = x(max(run.start, from)), stop = x(min(max(run.end, run.start), end))
                svg += "<rect x=\"\(f(start))\" y=\"\(f(base + 4))\" width=\"\(f(max(stop - start, 2)))\" height=\"8\" "
                    + "fill=\"#111\"><title>\(ReportPage.escape(run.label))</title></rect>"
            }
        }
        let axisY = top + laneHeight * Double(lanes.count)
        svg += "<line x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" stroke=\"#333\"/>"
        let showTime = end - from < 4 * 86_400_000_000
        for tick in 0...4 {
            let time = from + (end - from) / 4 * Int64(tick)
            let label = String(UTCTime.iso8601(seconds(time)).prefix(showTime ? 16 : 10)).replacingOccurrences(of: "T", with: " ")
            svg += "<line x1=\"\(f(x(time)))\" y1=\"\(f(axisY))\" x2=\"\(f(x(time)))\" y2=\"\(f(axisY + 4))\" stroke=\"#333\"/>"
            svg += text(x(time), axisY + 16, label, anchor: tick == 0 ? "start" : tick == 4 ? "end" : "middle")
        }
        svg += text(width - right, axisY + 30, "UTC; bars: events per \(duration(binWidth)) (log scale); black: training runs",
                    anchor: "end", color: "#555")
        return svg + "</svg></figure>\n"
    }

    /// Whole seconds of a time in microseconds, rounded down (before 1970 too).
    private static func seconds(_ microseconds: Int64) -> Int64 {
        let (quotient, remainder) = microseconds.quotientAndRemainder(dividingBy: 1_000_000)
        return remainder < 0 ? quotient - 1 : quotient
    }

    /// A bin's width in words: `1 s`, `8.5 min`, `2.8 h`, `45.5 d`.
    static func duration(_ microseconds: Int64) -> String {
        let seconds = Double(microseconds) / 1_000_000
        switch seconds {
        case ..<120: return "\(short(seconds)) s"
        case ..<7_200: return "\(short((seconds / 60 * 10).rounded() / 10)) min"
        case ..<172_800: return "\(short((seconds / 3_600 * 10).rounded() / 10)) h"
        default: return "\(short((seconds / 86_400 * 10).rounded() / 10)) d"
        }
    }
}
