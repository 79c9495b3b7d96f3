import CaseStore
import EvidenceKit
import Foundation

/// The report's comparisons — the analyses of `exhibit compare` — written for a reader who will
/// not open the graph: per analysis, what was compared side by side, the score beside its null
/// (drawn when the method has per-layer p-values or a null distribution), the interpretation in
/// plain words, the controls and limits, and the exact inputs with their SHA-256.
enum ComparisonSection {
    /// How many rows of a side-by-side table are shown (the graph holds them all).
    static let rowLimit = 60

    static func write(_ export: CaseExport, to out: ExportStream) throws {
        var written = 0
        try export.reader.forEachAnalysis(method: nil) { analysis, _ in
            guard analysis.method.hasPrefix("compare.") else { return }
            written += 1
            let result = (try? JSONDecoder().decode([String: Value].self, from: Data(analysis.result.utf8))) ?? [:]
            out.write("<h3>\(escape(analysis.subject)): \(escape(analysis.method)) \(escape(analysis.methodVersion))</h3>\n")
            out.write("<p><b>Measure:</b> \(escape(measure(analysis, result)))</p>\n")
            sideBySide(analysis.method, result, to: out)
            figure(analysis, result, to: out)
            out.write("<p><b>What it shows:</b> \(escape(analysis.interpretation))</p>\n")
            out.write("<p><b>Read against:</b> \(escape(text(result["null"] ?? .null)))</p>\n")
            if let controls = analysis.controls.flatMap({ try? JSONDecoder().decode(Value.self, from: Data($0.utf8)) }) {
                out.write("<p><b>Controls:</b> \(escape(text(controls)))</p>\n")
            }
            out.write("<p><b>Limits:</b> \(escape(analysis.limits))</p>\n")
            if case .list(let inputs)? = result["inputs"], !inputs.isEmpty {
                let table = HTMLTable(["Input", "Evidence path", "SHA-256 of the artifact"], to: out)
                for case .object(let input) in inputs.prefix(rowLimit) {
                    table.row([escape(text(input["role"] ?? .null)), escape(text(input["evidence_path"] ?? .null)),
                               "<span class=hash>\(escape(text(input["sha256"] ?? .null)))</span>"])
                }
                table.close()
                out.write(inputs.count > rowLimit ? "<p>… and \(inputs.count - rowLimit) more inputs (graph.json).</p>\n" : "\n")
            }
        }
        if written == 0 {
            out.write("<p>None: <code>exhibit compare</code> was not run on this case.</p>\n")
        }
    }

    /// The score, the p-value (with its log₁₀ when it underflowed) and Holm's adjustment.
    static func measure(_ analysis: AnalysisRecord, _ result: [String: Value]) -> String {
        var parts = [(analysis.statistic ?? "score") + " = " + (analysis.score.map(SeriesExport.number) ?? "none")]
        if let p = analysis.pValue {
            if p == 0, case .float(let log10)? = result["combined_log10_p"] {
                parts.append("p = 10^\(SVGFigure.short(log10))")
            } else {
                parts.append("p = \(SeriesExport.number(p))")
            }
        }
        if case .object(let holm)? = result["holm"], case .float(let adjusted)? = holm["adjusted_p_value"] {
            parts.append("Holm-adjusted p = \(SeriesExport.number(adjusted))")
        }
        return parts.joined(separator: "; ")
    }

    /// The method's observations as a table with the two sides in adjacent columns.
    static func sideBySide(_ method: String, _ result: [String: Value], to out: ExportStream) {
        func rows(_ key: String) -> [[String: Value]] {
            guard case .list(let items)? = result[key] else { return [] }
            return items.compactMap { if case .object(let row) = $0 { return row } else { return nil } }
        }
        let layout: (key: String, headers: [String], columns: [String])?
        switch method {
        case "compare.architecture":
            layout = ("fields", ["Field", "Left", "Right", "Equal", "Public models with the value"], ["field", "left", "right", "equal", "public_models"])
        case "compare.recipe":
            layout = ("settings", ["Setting", "Left", "Right", "Equal", "Library default", "Weight"], ["setting", "left", "right", "equal", "default", "weight"])
        case "compare.content":
            layout = ("shared", ["SHA-256", "Bytes", "Left", "Right", "Renamed"], ["sha256", "size", "left", "right", "renamed"])
        case "compare.code":
            layout = ("pairs", ["Left document", "Right document", "Shared fingerprints", "Left contained", "Right contained", "Lines: left ⇄ right"],
                      ["left", "right", "shared_fingerprints", "left_contained", "right_contained", "lines"])
        case "compare.text":
            layout = ("listed", ["Left document", "Right document", "Shared lines", "Jaccard", "Left in right", "Right in left", "Lines: left ⇄ right"],
                      ["left", "right", "shared_lines", "jaccard", "left_in_right", "right_in_left", "lines"])
        case "compare.tokenizer":
            layout = ("measures", ["Measure", "Left", "Right", "Comparison"], ["measure", "left", "right", "value"])
        case "compare.training_runs":
            layout = ("metrics", ["Metric", "Common steps", "Pearson", "Pearson of changes", "Median relative difference", "Identical values", "Schedule"],
                      ["metric", "common_steps", "pearson", "differenced_pearson", "median_relative_difference", "identical_values", "schedule"])
        case "compare.weights.identical_tensors":
            layout = ("identical", ["Left tensor", "Right tensor", "Elements", "SHA-256"], ["left", "right", "elements", "sha256"])
        case "compare.weights.independence", "compare.weights.independence_permutation_robust":
            // In the robust variant, `units_in_place` counts the units both matchings send alike.
            let agreeing = method == "compare.weights.independence" ? "Units in place" : "Units matched alike by gate and up"
            layout = ("layers", ["Layer", "Units", "Spearman ρ", "log₁₀ p", agreeing, "Mean matched cosine", "Mean cosine in place"],
                      ["layer", "units", "rho", "log10_p", "units_in_place", "mean_matched_cosine", "mean_identity_cosine"])
        default:
            layout = nil
        }
        if let layout {
            let items = rows(layout.key)
            guard !items.isEmpty else { return }
            let table = HTMLTable(layout.headers, to: out)
            for item in items.prefix(rowLimit) { table.row(layout.columns.map { escape(text(item[$0] ?? .null)) }) }
            table.close()
            out.write(items.count > rowLimit ? "<p>… and \(items.count - rowLimit) more rows (graph.json).</p>\n" : "\n")
        } else if method == "compare.weights.layer_statistics",
                  case .object(let left)? = result["left_std"], case .object(let right)? = result["right_std"] {
            let table = HTMLTable(["Role", "Left: std per layer", "Right: std per layer"], to: out)
            for role in left.keys.sorted() {
                table.row([escape(role), escape(text(left[role] ?? .null)), escape(text(right[role] ?? .null))])
            }
            table.close()
            out.write("\n")
        }
    }

    /// The score beside its null, drawn.
    static func figure(_ analysis: AnalysisRecord, _ result: [String: Value], to out: ExportStream) {
        switch analysis.method {
        case "compare.weights.independence", "compare.weights.independence_permutation_robust":
            let robust = analysis.method != "compare.weights.independence"
            guard case .list(let layers)? = result["layers"], !layers.isEmpty else { return }
            var bars: [(label: String, value: Double)] = layers.compactMap { item in
                guard case .object(let layer) = item, case .integer(let index)? = layer["layer"] else { return nil }
                if case .float(let log10)? = layer["log10_p"] { return ("layer \(index)", -log10) }
                return ("layer \(index)", .infinity)
            }
            if case .object(let controls)? = try? JSONDecoder().decode(Value.self, from: Data((analysis.controls ?? "{}").utf8)),
               case .object(let control)? = controls[robust ? "permuted_self" : "shuffled_self"], case .float(let log10)? = control["log10_p"] {
                bars.append(("control", -log10))
            }
            out.write(SVGFigure.bars(bars, threshold: 2, thresholdLabel: "α = 0.01", axis: "−log₁₀ p",
                                     caption: robust
                                         ? "Per-layer p-values of the permutation-robust independence test (taller is stronger evidence "
                                             + "against independence; the last bar is the permuted-self positive control, which must rise above the line)"
                                         : "Per-layer p-values of the independence test (taller is stronger evidence against independence; "
                                             + "the last bar is the shuffled-self negative control, which must stay below the line)"))
        case "compare.weights.layer_statistics":
            nullHistogram(result, key: "shuffled_centred_histogram", score: analysis.score, axis: "shuffles",
                          caption: "The role-centred fingerprint correlation of the two models (red) against the same "
                              + "statistic over shuffles of the right model's layers (grey)", to: out)
        case "compare.weights.embedding_alignment":
            nullHistogram(result, key: "histogram", score: analysis.score, axis: "pairings",
                          caption: "The centred correlation of the embedding rows paired by token (red) against the same "
                              + "rows paired at random (grey)", to: out)
        case "compare.training_runs":
            guard case .list(let metrics)? = result["metrics"] else { return }
            for case .object(let metric) in metrics.prefix(4) {
                guard case .string(let name)? = metric["metric"], case .list(let steps)? = metric["steps"],
                      case .list(let left)? = metric["left"], case .list(let right)? = metric["right"] else { continue }
                out.write(SVGFigure.lines(numbers(steps), left: numbers(left), right: numbers(right), axis: name,
                                          caption: "\(name) on the steps both runs logged: left solid, right dashed"))
            }
        default:
            return
        }
    }

    /// A null's histogram over [-1, 1] (under `null.<key>.counts`) with the observed score marked.
    private static func nullHistogram(_ result: [String: Value], key: String, score: Double?, axis: String, caption: String,
                                      to out: ExportStream) {
        guard case .object(let null)? = result["null"], case .object(let histogram)? = null[key],
              case .list(let counts)? = histogram["counts"], let score else { return }
        let numbers = counts.compactMap { if case .integer(let count) = $0 { return Int(count) } else { return nil } }
        out.write(SVGFigure.histogram(numbers, from: -1, to: 1, observed: score, axis: axis, caption: caption))
    }

    private static func numbers(_ values: [Value]) -> [Double] {
        values.map { value in
            switch value {
            case .float(let number): return number
            case .integer(let number): return Double(number)
            default: return .nan
            }
        }
    }

    /// A value as a reader sees it: strings bare, numbers as stored, lists joined, objects as
    /// `key: value` pairs.
    static func text(_ value: Value) -> String {
        switch value {
        case .string(let string): return string
        case .integer(let number): return String(number)
        case .float(let number): return SeriesExport.number(number)
        case .bool(let flag): return flag ? "yes" : "no"
        case .null: return "—"
        case .list(let items): return items.map(text).joined(separator: ", ")
        case .object(let fields):
            return fields.keys.sorted().map { "\($0): \(text(fields[$0]!))" }.joined(separator: "; ")
        }
    }

    private static func escape(_ text: String) -> String { ReportPage.escape(text) }
}
