import EvidenceFormats
import EvidenceKit

/// The training runs a log records, gathered as their records arrive: a new run begins when the
/// step goes back or the Trainer closed the last one. Emitted at the end as one `training.run`
/// per run, one `training.metric` per metric (its points a series), the RL techniques the metric
/// names show, and the run's start and end as timeline events — never a finding per step.
struct TrainingRuns {
    private struct Run {
        let source: TrainingRecord.Source
        let firstLocator: Locator
        var lastLocator: Locator
        var metricOrder: [String] = []
        var metrics: [String: MetricAccumulator] = [:]
        var records = 0
        var firstStep: Int?
        var lastStep: Int?
        var stepsStated = true
        var firstTime: Timestamp?
        var lastTime: Timestamp?
        var closed = false
    }

    /// The most runs kept per file; records past them are counted.
    static let maxRuns = 64
    private var runs: [Run] = []
    private var current: [TrainingRecord.Source: Int] = [:]
    private(set) var recordsBeyondLimit = 0

    var isEmpty: Bool { runs.isEmpty }

    mutating func add(_ record: TrainingRecord, time: Timestamp?, at locator: Locator) {
        var index = current[record.source]
        if let open = index {
            let run = runs[open]
            if run.closed || (record.step != nil && run.lastStep != nil && record.step! < run.lastStep!) { index = nil }
        }
        if index == nil {
            guard runs.count < Self.maxRuns else {
                recordsBeyondLimit += 1
                return
            }
            runs.append(Run(source: record.source, firstLocator: locator, lastLocator: locator))
            index = runs.count - 1
            current[record.source] = index
        }
        // In place: a copy of the run (`var run = runs[i]`) would share its metrics' storage with
        // the array and copy all of it on every record, quadratic in a long log.
        Self.update(&runs[index!], with: record, time: time, at: locator)
    }

    /// Adds one record to `run`.
    private static func update(_ run: inout Run, with record: TrainingRecord, time: Timestamp?, at locator: Locator) {
        run.records += 1
        let step = record.step ?? run.records
        if record.step == nil { run.stepsStated = false }
        run.firstStep = run.firstStep ?? step
        run.lastStep = step
        run.lastLocator = locator
        if let time {
            run.firstTime = run.firstTime ?? time
            run.lastTime = time
        }
        for (name, value) in record.metrics {
            if run.metrics[name] == nil {
                run.metrics[name] = MetricAccumulator(name: name)
                run.metricOrder.append(name)
            }
            run.metrics[name]!.add(step: step, value: value)
        }
        run.closed = record.endsRun
    }

    /// Emits every run's findings, in the order the runs began.
    func emit(into sink: any FindingSink) {
        var techniques: [(technique: String, shows: String, metrics: [String], locator: Locator)] = []
        for (offset, run) in runs.enumerated() {
            let number = offset + 1
            emitRun(run, number: number, into: sink)
            for name in run.metricOrder {
                sink.emit(run.metrics[name]!.finding(run: number, source: run.source, at: run.firstLocator))
                for (technique, shows) in MLVocabulary.rlTechniques(forMetric: name) {
                    if let known = techniques.firstIndex(where: { $0.technique == technique }) {
                        if !techniques[known].metrics.contains(name) { techniques[known].metrics.append(name) }
                    } else {
                        techniques.append((technique, shows, [name], run.firstLocator))
                    }
                }
            }
        }
        for found in techniques {
            sink.emit(Finding("rl.technique", summary: "\(found.technique): \(found.shows); shown by \(found.metrics.joined(separator: ", "))",
                              attributes: ["technique": .string(found.technique), "evidence": "metric_names",
                                           "metrics": .list(found.metrics.map(Value.string)), "shows": .string(found.shows)],
                              at: found.locator, mentions: [EntityRef(kind: .technique, value: found.technique)]))
        }
    }

    private func emitRun(_ run: Run, number: Int, into sink: any FindingSink) {
        var attributes: [String: Value] = [
            "run": .integer(Int64(number)), "source_format": .string(run.source.rawValue), "records": .integer(Int64(run.records)),
            "first_step": .integer(Int64(run.firstStep ?? 0)), "last_step": .integer(Int64(run.lastStep ?? 0)),
            "metrics": .list(run.metricOrder.map(Value.string)),
            "step_axis": .string(run.stepsStated ? "logged step" : "record ordinal (the log states no step)"),
        ]
        if let first = run.firstTime, let last = run.lastTime {
            attributes["start"] = .string(first.original)
            attributes["end"] = .string(last.original)
            if first.zone == last.zone || (first.zone != .unspecified && last.zone != .unspecified) {
                let seconds = Double(last.secondsSinceEpoch - first.secondsSinceEpoch)
                    + Double(last.nanoseconds - first.nanoseconds) / 1e9
                attributes["duration_seconds"] = .float(seconds)
            }
        }
        sink.emit(Finding("training.run",
                          summary: "\(run.source.rawValue) run \(number): \(run.records) record(s), steps \(run.firstStep ?? 0)–\(run.lastStep ?? 0), "
                              + "\(run.metricOrder.count) metric(s)",
                          attributes: attributes, at: run.firstLocator))
        let common: [String: Value] = ["run": .integer(Int64(number)), "source_format": .string(run.source.rawValue)]
        if let first = run.firstTime {
            sink.emit(Finding("training.run_start", summary: "\(run.source.rawValue) run \(number) starts (step \(run.firstStep ?? 0))",
                              attributes: common, at: run.firstLocator, timestamp: first))
        }
        if let last = run.lastTime {
            sink.emit(Finding("training.run_end", summary: "\(run.source.rawValue) run \(number) ends (step \(run.lastStep ?? 0))",
                              attributes: common, at: run.lastLocator, timestamp: last))
        }
    }
}
