import EvidenceKit
import Foundation

/// The progress table the Hugging Face Trainer draws in a notebook (`<th>Step</th><th>Training
/// Loss</th>…`, a row per logging step) → one `training.progress` finding whose series are its
/// numeric columns by step: the losses a run actually reached, as a log's series would carry.
enum ProgressTable {
    private static let cell = try! NSRegularExpression(pattern: #"<t([hd])[^>]*>(.*?)</t[hd]>"#, options: [.dotMatchesLineSeparators])
    private static let row = try! NSRegularExpression(pattern: #"<tr[^>]*>(.*?)</tr>"#, options: [.dotMatchesLineSeparators])
    private static let progress = try! NSRegularExpression(pattern: #"\[(\d+)/(\d+)[^\]]*\]"#)

    static func read(_ html: String, at locator: Locator, into sink: any FindingSink) {
        guard html.contains("<table"), html.contains("<th>Step</th>") || html.contains("<th>Epoch</th>") else { return }
        var columns: [String] = []
        var rows: [[String]] = []
        for match in row.matches(in: html, range: NSRange(html.startIndex..., in: html)) {
            guard let range = Range(match.range(at: 1), in: html) else { continue }
            let inner = String(html[range])
            let cells = cell.matches(in: inner, range: NSRange(inner.startIndex..., in: inner)).compactMap { cellMatch -> (Bool, String)? in
                guard let kind = Range(cellMatch.range(at: 1), in: inner), let text = Range(cellMatch.range(at: 2), in: inner) else { return nil }
                return (inner[kind] == "h", inner[text].trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if columns.isEmpty, cells.contains(where: { $0.0 }) { columns = cells.map(\.1) } else if !cells.isEmpty { rows.append(cells.map(\.1)) }
        }
        guard columns.count >= 2, !rows.isEmpty else { return }
        var series = columns.dropFirst().map { Series(name: seriesName($0), axis: .step) }
        for cells in rows {
            guard let x = Double(cells[0]) else { continue }
            for (index, text) in cells.dropFirst().enumerated() where index < series.count {
                if let value = Double(text) { series[index].append(x, value) }
            }
        }
        series.removeAll { $0.count == 0 }
        var attributes: [String: Value] = ["columns": .list(columns.map(Value.string)), "rows": .integer(Int64(rows.count)),
                                           "x_axis": .string(seriesName(columns[0]))]
        if let match = progress.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
           let done = Range(match.range(at: 1), in: html), let total = Range(match.range(at: 2), in: html) {
            attributes["progress"] = .string("\(html[done])/\(html[total])")
        }
        for series in series {
            if let last = series.points.last { attributes["last_\(series.name)"] = .float(last.value) }
        }
        sink.emit(Finding("training.progress", summary: "Trainer progress table: \(rows.count) rows of "
                          + columns.joined(separator: ", "), attributes: attributes, at: locator, series: series))
    }

    /// `Training Loss` → `training_loss`.
    private static func seriesName(_ column: String) -> String {
        column.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
    }
}
