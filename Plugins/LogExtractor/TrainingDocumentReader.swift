import EvidenceFormats
import EvidenceKit

/// Training logs that are one JSON document: Hugging Face `trainer_state.json` (`log_history`,
/// with bare `NaN` and `Infinity` as `json.dumps` writes them) and `wandb-summary.json` (a run's
/// last values, with `_step`, `_runtime` and `_timestamp`). Streamed with the shared scanner.
struct TrainingDocumentReader {
    let sink: any FindingSink
    let limits: ExtractionLimits

    /// Reads a `trainer_state.json`.
    func readTrainerState(_ source: any ByteSource) throws {
        let scanner = JSONScanner(source, options: .init(dialect: .lenient, maxDepth: limits.maxNestingDepth))
        var runs = TrainingRuns()
        var settings = HyperparameterLines()
        var entries = 0
        do {
            guard case .beginObject? = try scanner.next() else { throw LogExtractorError.corruptDocument(reason: "not a JSON object") }
            while let event = try scanner.next() {
                guard case .key(let key) = event, scanner.depth == 1 else { continue }
                let locator = Locator(line: scanner.locator.line, jsonPointer: scanner.pointer)
                if key == "log_history", try scanner.peekValue() == .array {
                    _ = try scanner.next()
                    while try scanner.peekValue() == .object {
                        entries += 1
                        if entries % 4096 == 0 { try limits.checkDeadline() }
                        let at = Locator(line: scanner.here.line, jsonPointer: "/log_history/\(entries - 1)")
                        if let record = try logEntry(scanner) { runs.add(record, time: nil, at: at) }
                    }
                    continue
                }
                guard let kind = try scanner.peekValue(), kind != .object, kind != .array else {
                    try scanner.skipValue()
                    continue
                }
                // The Trainer's `train_batch_size` is the per-device size times the GPUs of one
                // process, not the vocabulary's global batch: left out rather than misnamed.
                if key != "train_batch_size", let value = try scanner.next().flatMap(JSONScanner.value(of:)) {
                    settings.report(key: key, value: value.description, source: TrainingRecord.Source.trainerState.rawValue,
                                    at: locator, into: sink)
                }
            }
        } catch let failure as JSONScanner.Failure {
            sink.warn(LogExtractorError.corruptDocument(reason: failure.message).errorDescription!, at: failure.locator,
                      attributes: ["problem": "corrupt_document"])
        }
        runs.emit(into: sink)
    }

    /// One object of `log_history`: its step and its numbers (nested values skipped).
    private func logEntry(_ scanner: JSONScanner) throws -> TrainingRecord? {
        _ = try scanner.next()
        let depth = scanner.depth
        var step: Int?
        var metrics: [(name: String, value: Double)] = []
        var endsRun = false
        while let event = try scanner.next() {
            if case .endObject = event, scanner.depth < depth { break }
            guard case .key(let key) = event else { continue }
            if let kind = try scanner.peekValue(), kind == .object || kind == .array {
                try scanner.skipValue()
                continue
            }
            guard let value = try scanner.next().flatMap(JSONScanner.value(of:)), let number = JSONLineRecord.number(value) else { continue }
            if key == "step" {
                step = number.isFinite ? Int(exactly: number.rounded()) : nil
            } else {
                metrics.append((key, number))
                if key == "train_runtime" { endsRun = true }
            }
        }
        guard !metrics.isEmpty else { return nil }
        return TrainingRecord(source: .trainerState, step: step, metrics: metrics, endsRun: endsRun)
    }

    /// Reads a `wandb-summary.json`: one point per metric, at `_step`; the run ends at
    /// `_timestamp` and began `_runtime` seconds before.
    func readWandbSummary(_ source: any ByteSource) throws {
        let scanner = JSONScanner(source, options: .init(dialect: .lenient, maxDepth: limits.maxNestingDepth))
        var fields: [(key: String, value: Double)] = []
        do {
            guard case .beginObject? = try scanner.next() else { throw LogExtractorError.corruptDocument(reason: "not a JSON object") }
            while let event = try scanner.next() {
                guard case .key(let key) = event, scanner.depth == 1 else { continue }
                if let kind = try scanner.peekValue(), kind == .object || kind == .array {
                    try scanner.skipValue()
                    continue
                }
                if let value = try scanner.next().flatMap(JSONScanner.value(of:)), let number = JSONLineRecord.number(value) {
                    fields.append((key, number))
                }
            }
        } catch let failure as JSONScanner.Failure {
            sink.warn(LogExtractorError.corruptDocument(reason: failure.message).errorDescription!, at: failure.locator,
                      attributes: ["problem": "corrupt_document"])
        }
        let value = { (key: String) in fields.first { $0.key == key }?.value }
        let step = value("_step").flatMap { $0.isFinite ? Int(exactly: $0.rounded()) : nil }
        let metrics = fields.filter { !$0.key.hasPrefix("_") }.map { (name: $0.key, value: $0.value) }
        guard !metrics.isEmpty else { return }
        var runs = TrainingRuns()
        let end = value("_timestamp").flatMap { TimestampParser.epoch($0)?.timestamp }
        if let end, let runtime = value("_runtime"), runtime.isFinite, runtime >= 0 {
            let start = TimestampParser.epoch(Double(end.secondsSinceEpoch) - runtime.rounded(.down))?.timestamp
            runs.add(TrainingRecord(source: .wandbSummary, step: step, metrics: []), time: start, at: Locator(jsonPointer: "/_runtime"))
        }
        runs.add(TrainingRecord(source: .wandbSummary, step: step, metrics: metrics), time: end, at: Locator(jsonPointer: ""))
        runs.emit(into: sink)
    }
}
