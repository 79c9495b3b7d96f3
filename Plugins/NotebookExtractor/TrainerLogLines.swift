import EvidenceKit
import Foundation

/// The dictionaries the Hugging Face Trainer prints into a cell's output when it logs without
/// its HTML table (`{'loss': 1.9032, 'grad_norm': 3.1, 'learning_rate': 1.9e-05, 'epoch': 0.1}`)
/// → one `training.progress` finding whose series are the logged metrics, one point per line,
/// as a log's series would carry them.
enum TrainerLogLines {
    private static let entry = try! NSRegularExpression(pattern: #"'([A-Za-z_][A-Za-z0-9_/]*)':\s*(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|nan|inf)"#)

    static func read(_ text: String, at locator: Locator, into sink: any FindingSink) {
        guard text.contains("{'") else { return }
        var series: [String: Series] = [:]
        var order: [String] = []
        var rows = 0
        for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) where line.hasPrefix("{'") && line.hasSuffix("}") {
            let line = String(line)
            let values = entry.matches(in: line, range: NSRange(line.startIndex..., in: line)).compactMap { match -> (String, Double)? in
                guard let key = Range(match.range(at: 1), in: line), let number = Range(match.range(at: 2), in: line),
                      let value = Double(line[number]) else { return nil }
                return (String(line[key]), value)
            }
            guard values.contains(where: { $0.0 == "loss" || $0.0 == "train_loss" || $0.0.hasSuffix("_loss") }) else { continue }
            rows += 1
            let step = values.first { $0.0 == "step" }?.1 ?? Double(rows)
            for (key, value) in values where key != "step" {
                if series[key] == nil { order.append(key) }
                series[key, default: Series(name: key, axis: .step)].append(step, value)
            }
        }
        guard rows > 0 else { return }
        var attributes: [String: Value] = ["columns": .list(order.map(Value.string)), "rows": .integer(Int64(rows)),
                                           "x_axis": "logged_line", "source": "trainer_log_lines"]
        for name in order { if let last = series[name]?.points.last { attributes["last_\(name)"] = .float(last.value) } }
        sink.emit(Finding("training.progress", summary: "Trainer log lines: \(rows) of " + order.joined(separator: ", "),
                          attributes: attributes, at: locator, series: order.compactMap { series[$0] }))
    }
}
