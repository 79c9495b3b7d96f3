/// Small inline SVG figures for the report (no scripts, no fonts fetched): bars with a threshold
/// line, a histogram with an observed value marked, curves (`SVGFigure+Curves.swift`) and the
/// case's timeline (`SVGFigure+Timeline.swift`). Coordinates are rounded to tenths so the
/// same figures give the same bytes.
enum SVGFigure {
    static let width = 560.0, height = 200.0, margin = 36.0
    /// Colours for parties and curves, in order.
    static let palette = ["#4a6fa5", "#a05a2c", "#3c7a3c", "#7a4f9a", "#8a7a2c", "#2c7a7a", "#9a3c5a", "#555555"]

    /// Bars labelled below, their heights on a scale from 0 to the largest value (or `threshold`
    /// when larger), a dashed line at `threshold` labelled `thresholdLabel`. Infinite values are
    /// drawn to the top and labelled `∞`.
    static func bars(_ bars: [(label: String, value: Double)], threshold: Double, thresholdLabel: String,
                     axis: String, caption: String) -> String {
        let finite = bars.map(\.value).filter(\.isFinite)
        let top = max(threshold, finite.max() ?? threshold, 1e-9) * 1.1
        let plotWidth = width - 2 * margin, plotHeight = height - 2 * margin
        let slot = plotWidth / Double(max(bars.count, 1))
        var svg = open(caption)
        svg += axes(axis)
        for (index, bar) in bars.enumerated() {
            let value = bar.value.isFinite ? max(0, bar.value) : top
            let barHeight = plotHeight * value / top
            let x = margin + slot * Double(index) + slot * 0.15
            svg += "<rect x=\"\(f(x))\" y=\"\(f(height - margin - barHeight))\" width=\"\(f(slot * 0.7))\" height=\"\(f(barHeight))\" fill=\"#4a6fa5\"/>"
            svg += text(x + slot * 0.35, height - margin + 14, bar.label, anchor: "middle")
            svg += text(x + slot * 0.35, height - margin - barHeight - 4, bar.value.isFinite ? short(bar.value) : "∞", anchor: "middle")
        }
        let y = height - margin - plotHeight * threshold / top
        svg += "<line x1=\"\(f(margin))\" y1=\"\(f(y))\" x2=\"\(f(width - margin))\" y2=\"\(f(y))\" stroke=\"#a00\" stroke-dasharray=\"5,4\"/>"
        svg += text(width - margin, margin - 10, "dashed line: " + thresholdLabel, anchor: "end", color: "#a00")
        return svg + "</svg></figure>\n"
    }

    /// A histogram of `counts` over equal bins from `from` to `to`, with `observed` marked.
    static func histogram(_ counts: [Int], from: Double, to: Double, observed: Double, axis: String, caption: String) -> String {
        let plotWidth = width - 2 * margin, plotHeight = height - 2 * margin
        let top = Double(max(counts.max() ?? 1, 1)) * 1.1
        let slot = plotWidth / Double(max(counts.count, 1))
        var svg = open(caption)
        svg += axes(axis)
        for (index, count) in counts.enumerated() {
            let barHeight = plotHeight * Double(count) / top
            svg += "<rect x=\"\(f(margin + slot * Double(index)))\" y=\"\(f(height - margin - barHeight))\" width=\"\(f(slot * 0.95))\" height=\"\(f(barHeight))\" fill=\"#9aa9bd\"/>"
        }
        svg += text(margin, height - margin + 14, short(from), anchor: "start")
        svg += text(width - margin, height - margin + 14, short(to), anchor: "end")
        let x = margin + plotWidth * min(max((observed - from) / (to - from), 0), 1)
        svg += "<line x1=\"\(f(x))\" y1=\"\(f(margin))\" x2=\"\(f(x))\" y2=\"\(f(height - margin))\" stroke=\"#a00\" stroke-width=\"2\"/>"
        svg += text(x, margin - 4, "observed \(short(observed))", anchor: x > width / 2 ? "end" : "start", color: "#a00")
        return svg + "</svg></figure>\n"
    }

    /// Two curves over the same x values (left solid, right dashed), scaled to their joint range.
    static func lines(_ x: [Double], left: [Double], right: [Double], axis: String, caption: String) -> String {
        curves([Curve(label: "left", points: Array(zip(x, left)), color: palette[0], dashed: false),
                Curve(label: "right", points: Array(zip(x, right)), color: palette[1], dashed: true)],
               axis: axis, caption: caption)
    }

    static func open(_ caption: String, width: Double = width, height: Double = height) -> String {
        "<figure><figcaption>\(ReportPage.escape(caption))</figcaption>"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" "
            + "font-family=\"sans-serif\" font-size=\"11\" role=\"img\">"
    }

    static func axes(_ label: String) -> String {
        "<line x1=\"\(f(margin))\" y1=\"\(f(height - margin))\" x2=\"\(f(width - margin))\" y2=\"\(f(height - margin))\" stroke=\"#333\"/>"
            + "<line x1=\"\(f(margin))\" y1=\"\(f(margin))\" x2=\"\(f(margin))\" y2=\"\(f(height - margin))\" stroke=\"#333\"/>"
            + text(margin - 24, margin - 10, label, anchor: "start")
    }

    static func text(_ x: Double, _ y: Double, _ content: String, anchor: String, color: String = "#111") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" fill=\"\(color)\">\(ReportPage.escape(content))</text>"
    }

    /// A coordinate to one decimal (a coordinate that is not finite, which no figure should make, is 0).
    static func f(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = (value * 10).rounded()
        guard let whole = Int(exactly: tenths / 10) else { return "\(tenths / 10)" }
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? "\(whole)" : "\(tenths / 10)"
    }

    /// A value for a label: up to three decimals; a very large or very small one as Swift
    /// prints it (`3.4e+38`), and `NaN` or `∞` as themselves.
    static func short(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value < 0 ? "-∞" : "∞" }
        guard abs(value) < 1e12 else { return "\(value)" }
        let rounded = (value * 1000).rounded() / 1000
        guard rounded == rounded.rounded(), let whole = Int(exactly: rounded) else { return "\(rounded)" }
        return "\(whole)"
    }
}
