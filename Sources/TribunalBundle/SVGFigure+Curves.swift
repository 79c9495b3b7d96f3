extension SVGFigure {
    /// One curve of ``curves(_:axis:caption:)``: its points in x order, drawn in `color`, solid or dashed.
    struct Curve {
        var label: String
        var points: [(x: Double, y: Double)]
        var color: String
        var dashed: Bool
    }

    /// Curves on one pair of axes, scaled to their joint range (points that are not finite, or
    /// beyond ±10³⁰⁰ where the range itself would overflow, are left out), with a legend naming
    /// each curve: in the corner for two short labels, else below. Empty when no point is drawable.
    static func curves(_ curves: [Curve], axis: String, caption: String) -> String {
        func drawable(_ point: (x: Double, y: Double)) -> Bool { abs(point.x) <= 1e300 && abs(point.y) <= 1e300 }
        let finite = curves.flatMap(\.points).filter(drawable)
        guard let low = finite.map(\.y).min(), let high = finite.map(\.y).max(),
              let first = finite.map(\.x).min(), let last = finite.map(\.x).max() else { return "" }
        let plotWidth = width - 2 * margin, plotHeight = height - 2 * margin
        // Two short labels (left, right) fit in the corner; anything more is listed below the plot.
        let listed = curves.count > 2 || curves.contains { $0.label.count > 12 }
        let legendHeight = listed ? 14.0 * Double(curves.count) + 6 : 0
        let span = high > low ? high - low : 1, steps = last > first ? last - first : 1
        func path(_ points: [(x: Double, y: Double)]) -> String {
            points.filter(drawable).map { point in
                "\(f(margin + plotWidth * (point.x - first) / steps)),\(f(height - margin - plotHeight * (point.y - low) / span))"
            }.joined(separator: " ")
        }
        var svg = open(caption, height: height + legendHeight)
        svg += axes(axis)
        for curve in curves {
            svg += "<polyline points=\"\(path(curve.points))\" fill=\"none\" stroke=\"\(curve.color)\" stroke-width=\"2\""
                + (curve.dashed ? " stroke-dasharray=\"6,4\"" : "") + "><title>\(ReportPage.escape(curve.label))</title></polyline>"
        }
        svg += text(margin, height - margin + 14, short(first), anchor: "start")
        svg += text(width - margin, height - margin + 14, short(last), anchor: "end")
        svg += text(margin + 4, margin + 4, "max \(short(high))", anchor: "start")
        svg += text(margin + 4, height - margin - 4, "min \(short(low))", anchor: "start")
        if !listed {
            svg += text(width - margin, margin + 4, curves.map { $0.label + ($0.dashed ? " - - -" : " ——") }.joined(separator: "  "),
                        anchor: "end")
        } else {
            for (index, curve) in curves.enumerated() {
                let y = height + 14 * Double(index)
                svg += "<line x1=\"\(f(margin))\" y1=\"\(f(y - 4))\" x2=\"\(f(margin + 28))\" y2=\"\(f(y - 4))\" stroke=\"\(curve.color)\" "
                    + "stroke-width=\"2\"" + (curve.dashed ? " stroke-dasharray=\"6,4\"" : "") + "/>"
                svg += text(margin + 34, y, curve.label, anchor: "start")
            }
        }
        return svg + "</svg></figure>\n"
    }

    /// At most about `limit` points of `points` (in x order) that keep its shape: beyond the
    /// limit, the points are cut into equal runs and each run keeps its lowest and highest
    /// point, in order — a spike survives, as averaging would not let it.
    static func thinned(_ points: [(x: Double, y: Double)], limit: Int = 600) -> [(x: Double, y: Double)] {
        guard points.count > limit else { return points }
        let runs = max(limit / 2, 1)
        var kept: [(x: Double, y: Double)] = []
        kept.reserveCapacity(limit + 2)
        for run in 0..<runs {
            let slice = points[(points.count * run / runs)..<(points.count * (run + 1) / runs)]
            let finite = slice.indices.filter { slice[$0].y.isFinite }
            guard let lowest = finite.min(by: { slice[$0].y < slice[$1].y }),
                  let highest = finite.max(by: { slice[$0].y < slice[$1].y }) else { continue }
            for index in Set([lowest, highest]).sorted() { kept.append(slice[index]) }
        }
        return kept
    }
}
