import EvidenceFormats
import EvidenceKit

/// One metric of one run as its points arrive: count, steps, range, first and last values,
/// non-finite values counted (a run that diverged is evidence too), the points as a series.
struct MetricAccumulator {
    let name: String
    private(set) var series: Series
    private(set) var count = 0
    private(set) var nonFinite = 0
    private(set) var firstStep = 0
    private(set) var lastStep = 0
    private(set) var firstValue = 0.0
    private(set) var lastValue = 0.0
    private(set) var minimum: Double?
    private(set) var maximum: Double?

    init(name: String) {
        self.name = name
        series = Series(name: name, axis: .step)
    }

    mutating func add(step: Int, value: Double) {
        if count == 0 {
            firstStep = step
            firstValue = value
        }
        count += 1
        lastStep = step
        lastValue = value
        series.append(step: step, value: value)
        guard value.isFinite else {
            nonFinite += 1
            return
        }
        minimum = Swift.min(minimum ?? value, value)
        maximum = Swift.max(maximum ?? value, value)
    }

    /// The `training.metric` finding of run `run`.
    func finding(run: Int, source: TrainingRecord.Source, at locator: Locator) -> Finding {
        var attributes: [String: Value] = [
            "metric": .string(name), "normalized": .string(MLVocabulary.metricName(name)), "run": .integer(Int64(run)),
            "source_format": .string(source.rawValue), "count": .integer(Int64(count)),
            "first_step": .integer(Int64(firstStep)), "last_step": .integer(Int64(lastStep)),
            "first_value": .float(firstValue), "last_value": .float(lastValue), "non_finite": .integer(Int64(nonFinite)),
        ]
        if let minimum { attributes["min"] = .float(minimum) }
        if let maximum { attributes["max"] = .float(maximum) }
        let range = minimum.map { " (\(Self.text($0)) to \(Self.text(maximum ?? $0)))" } ?? ""
        return Finding("training.metric",
                       summary: "\(name): \(count) point(s), steps \(firstStep)–\(lastStep), last \(Self.text(lastValue))\(range)"
                           + (nonFinite > 0 ? ", \(nonFinite) not finite" : ""),
                       attributes: attributes, at: locator, series: [series])
    }

    private static func text(_ value: Double) -> String {
        value.isFinite ? String(value) : String(describing: value)
    }
}
