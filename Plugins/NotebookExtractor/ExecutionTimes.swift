import EvidenceFormats
import EvidenceKit

/// A cell's execution times as Jupyter (nbformat 4.4's `metadata.execution`), the ExecuteTime
/// extension and papermill record them → one `notebook.execution` event per record, timed at
/// the start, with the zone the text states (the host decides the zone of a time that states
/// none, as for every other extractor) — except papermill's, which it writes in UTC without an
/// offset (`datetime.utcnow().isoformat()`): read as UTC, and each event says why.
enum ExecutionTimes {
    /// The fields that start an execution, most precise first, and those that end it.
    private static let startFields = ["iopub.execute_input", "shell.execute_reply.started", "iopub.status.busy", "start_time"]
    private static let endFields = ["shell.execute_reply", "iopub.status.idle", "end_time"]
    /// papermill fields that are not times.
    private static let otherFields: Set<String> = ["duration", "status", "exception"]

    static func emit(_ fields: [(String, String)], source: String, cell: Locator, into sink: any FindingSink) {
        var times: [String: Timestamp] = [:]
        for (field, text) in fields where !otherFields.contains(field) {
            switch TimestampParser.parse(text)?.reading {
            case .complete(var time)?:
                if source == "papermill", time.zone == .unspecified { time.zone = .utc }
                times[field] = time
            case .invalid(_, let reason)?: sink.warn(.invalidTimestamp(text: text, reason: reason), at: cell)
            default: sink.warn(.invalidTimestamp(text: text, reason: "no time format read it"), at: cell)
            }
        }
        guard let start = startFields.lazy.compactMap({ times[$0] }).first ?? endFields.lazy.compactMap({ times[$0] }).first else {
            return
        }
        var attributes: [String: Value] = [
            "time_source": .string(source),
            "times": .object(Dictionary(fields.map { ($0.0, Value.string($0.1)) }, uniquingKeysWith: { first, _ in first })),
            "zone_source": .string(start.zone.rawValue),
        ]
        if source == "papermill", start.zone == .utc, !start.original.hasSuffix("Z") {
            attributes["zone_basis"] = "papermill writes its times in UTC (datetime.utcnow().isoformat()) without an offset"
        }
        if let end = endFields.lazy.compactMap({ times[$0] }).first, end.zone == start.zone {
            let seconds = Double(end.secondsSinceEpoch - start.secondsSinceEpoch) + Double(end.nanoseconds - start.nanoseconds) / 1e9
            attributes["duration_seconds"] = .float(seconds)
        }
        let where_ = cell.cellIndex.map { "cell \($0)" } ?? "the notebook"
        sink.emit(Finding("notebook.execution", summary: "\(where_) executed at \(start.original) (\(source))",
                          attributes: attributes, at: cell, timestamp: start))
    }
}
