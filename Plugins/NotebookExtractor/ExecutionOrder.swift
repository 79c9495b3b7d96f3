import EvidenceKit

/// The order in which a notebook's code cells ran, read from their execution counts in document
/// order: counts out of order (a cell above ran after one below), gaps (executions whose cells
/// were deleted, or rerun), duplicates (a cell copied with its output, or two kernels) — the
/// traces of a notebook edited after it ran.
struct ExecutionOrder {
    struct Anomaly {
        /// `out_of_order`, `gap` or `duplicate`.
        let kind: String
        let cell: NotebookCell
        let count: Int
        /// The count it is compared with, and that count's cell.
        let previous: Int
        let previousCell: Int
    }

    private(set) var anomalies: [Anomaly] = []
    private(set) var executed = 0
    private(set) var highest = 0

    init(_ cells: [NotebookCell]) {
        var seen: [Int: Int] = [:]
        var last: (count: Int, cell: Int)?
        for cell in cells where cell.type == "code" {
            guard let count = cell.count else { continue }
            executed += 1
            highest = max(highest, count)
            if let first = seen[count] {
                anomalies.append(Anomaly(kind: "duplicate", cell: cell, count: count, previous: count, previousCell: first))
            } else if let last, count < last.count {
                anomalies.append(Anomaly(kind: "out_of_order", cell: cell, count: count, previous: last.count, previousCell: last.cell))
            } else if count > (last?.count ?? 0) + 1 {
                anomalies.append(Anomaly(kind: "gap", cell: cell, count: count, previous: last?.count ?? 0, previousCell: last?.cell ?? -1))
            }
            seen[count] = seen[count] ?? cell.index
            last = (count, cell.index)
        }
    }

    /// Counts of each kind, for the summary.
    var counts: [String: Value] {
        var counts: [String: Value] = ["out_of_order": 0, "gap": 0, "duplicate": 0]
        for anomaly in anomalies {
            if case .integer(let count)? = counts[anomaly.kind] { counts[anomaly.kind] = .integer(count + 1) }
        }
        counts["executed"] = .integer(Int64(executed))
        counts["highest_count"] = .integer(Int64(highest))
        return counts
    }

    func emit(into sink: any FindingSink) {
        for anomaly in anomalies {
            let summary: String
            switch anomaly.kind {
            case "duplicate": summary = "execution count \(anomaly.count) also on cell \(anomaly.previousCell)"
            case "out_of_order": summary = "execution count \(anomaly.count) after \(anomaly.previous) (cell \(anomaly.previousCell)): run out of order"
            default: summary = "execution count \(anomaly.count) after \(anomaly.previous): \(anomaly.count - anomaly.previous - 1) execution(s) not in the notebook"
            }
            sink.emit(Finding("notebook.execution_order", summary: summary,
                              attributes: ["anomaly": .string(anomaly.kind), "execution_count": .integer(Int64(anomaly.count)),
                                           "previous_count": .integer(Int64(anomaly.previous)),
                                           "previous_cell": .integer(Int64(anomaly.previousCell))],
                              at: anomaly.cell.locator))
        }
    }
}
