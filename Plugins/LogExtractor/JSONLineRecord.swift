import EvidenceFormats
import EvidenceKit
import Foundation

/// One JSON Lines record: its time, level and message under their common key names, and its
/// top-level scalars (a metrics record's values). Read with the shared scanner, leniently
/// (`NaN` and `Infinity`, as Python's `json.dumps` writes them); nested values are skipped.
struct JSONLineRecord {
    static let timeKeys = ["timestamp", "time", "@timestamp", "ts", "datetime", "date", "asctime", "created", "_timestamp"]
    static let levelKeys = ["level", "levelname", "severity", "lvl", "log_level", "loglevel"]
    static let messageKeys = ["message", "msg", "event", "text", "log"]
    static let stepKeys = ["_step", "step", "global_step", "iteration", "iter", "train/global_step"]
    /// Keys that are bookkeeping, not metrics.
    private static let notMetrics: Set<String> = ["_runtime", "_timestamp", "epoch_time", "pid", "line", "lineno"]

    /// The top-level scalars, in order.
    let fields: [(key: String, value: Value)]

    /// Reads `bytes` as one JSON object; throws the scanner's failure when it is not one.
    init(_ bytes: UnsafeRawBufferPointer, maxDepth: Int) throws {
        let scanner = JSONScanner(DataByteSource(Data(bytes)), options: .init(dialect: .lenient, maxDepth: maxDepth))
        guard case .beginObject? = try scanner.next() else {
            throw LogExtractorError.corruptJSONLine(reason: "the line is JSON, but not an object")
        }
        var fields: [(key: String, value: Value)] = []
        while let event = try scanner.next() {
            guard case .key(let key) = event else { continue }
            if let kind = try scanner.peekValue(), kind == .object || kind == .array {
                try scanner.skipValue()
                continue
            }
            if let event = try scanner.next(), let value = JSONScanner.value(of: event) { fields.append((key, value)) }
        }
        self.fields = fields
    }

    /// The first value under one of `keys`, with the key that held it.
    func value(under keys: [String]) -> (key: String, value: Value)? {
        for key in keys {
            if let found = fields.first(where: { $0.key == key }) { return found }
        }
        return nil
    }

    /// The record's metrics, when it states a step (a wandb history line, a metrics log).
    var trainingRecord: TrainingRecord? {
        guard let (stepKey, stepValue) = value(under: Self.stepKeys), let step = Self.number(stepValue),
              step.isFinite, let whole = Int(exactly: step.rounded()) else { return nil }
        let skipped = Set(Self.timeKeys + [stepKey]).union(Self.notMetrics)
        let metrics = fields.compactMap { field -> (name: String, value: Double)? in
            guard !skipped.contains(field.key), let number = Self.number(field.value) else { return nil }
            return (field.key, number)
        }
        return metrics.isEmpty ? nil : TrainingRecord(source: .jsonLines, step: whole, metrics: metrics)
    }

    /// Models and datasets the record names under the shared vocabulary's keys.
    var namedModelsAndDatasets: [EntityRef] {
        fields.compactMap { field in
            guard case .string(let text) = field.value, !text.isEmpty else { return nil }
            if MLVocabulary.logModelKeys.contains(field.key) { return EntityRef(kind: .model, value: text, role: field.key) }
            if MLVocabulary.logDatasetKeys.contains(field.key) { return EntityRef(kind: .dataset, value: text, role: field.key) }
            return nil
        }
    }

    static func number(_ value: Value) -> Double? {
        switch value {
        case .integer(let number): return Double(number)
        case .float(let number): return number
        default: return nil
        }
    }

    /// Text of a scalar, as the record has it.
    static func text(_ value: Value) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }
}
