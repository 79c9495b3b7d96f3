import CaseStore
import EvidenceKit
import Foundation

/// `compare.training_runs`: the metrics both sides' training logs record under the same name
/// (`training.metric`, its points a series), aligned on the steps both have, and compared: raw
/// correlation, correlation of the step-to-step changes (which removes the trend every falling
/// loss and every standard schedule shares), relative difference, and values identical at the
/// same step — the figure a coincidence hardly explains.
public struct TrainingCurves: ComparisonMethod {
    public let id = "compare.training_runs"
    public let version = "1"
    public let summary = "training metrics of the same name aligned on common steps: raw and differenced correlation, relative difference, identical values"
    /// At most this many metric pairs per comparison.
    static let metricLimit = 64
    /// Metrics that follow a formula (learning-rate schedules): they match by default.
    static let schedules: Set<String> = ["learning_rate", "lr", "train/learning_rate", "actor/lr", "critic/lr", "optimizer/lr"]

    public var parameters: [String: Value] {
        ["alignment": "equal step values on both sides", "statistics": "Pearson of values; Pearson of first differences; median |left - right| / max(|left|, |right|); identical values",
         "schedules": .list(Self.schedules.sorted().map(Value.string)), "minimum_common_steps": 3]
    }

    public init() {}

    /// One side's metric: its finding and its points by step.
    private struct Curve {
        var finding: FindingRecord
        var name: String
        var points: [Double: Double]
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let found = try sides.findings(["training.metric"])
        let left = try Self.curves(found.left, view: sides.view), right = try Self.curves(found.right, view: sides.view)
        let names = left.keys.filter { right[$0] != nil }.sorted()
        guard !names.isEmpty else { return [] }
        var outcome = ComparisonOutcome(left: [], right: [], statistic: "median_differenced_correlation", null: [:], result: [:],
                                        interpretation: "", limits: Self.limits)
        var metrics: [Value] = [], skipped: [Value] = []
        var differenced: [Double] = []
        var identicalTotal = 0, alignedTotal = 0
        for name in names.prefix(Self.metricLimit) {
            let mine = left[name]!, theirs = right[name]!
            let common = mine.points.keys.filter { theirs.points[$0] != nil }
            // NaN and infinite values (a diverged step) are counted, not correlated.
            let steps = common.filter { mine.points[$0]!.isFinite && theirs.points[$0]!.isFinite }.sorted()
            guard steps.count >= 3 else {
                skipped.append(.object(["metric": .string(name), "reason": .string("\(steps.count) common step(s)")]))
                continue
            }
            let a = steps.map { mine.points[$0]! }, b = steps.map { theirs.points[$0]! }
            let raw = LayerStatistics.pearson(a, b)
            let changes = LayerStatistics.pearson(Self.differences(a), Self.differences(b))
            let identical = zip(a, b).filter { $0 == $1 }.count
            let isSchedule = Self.schedules.contains(name)
            if !isSchedule { differenced.append(changes) }
            identicalTotal += isSchedule ? 0 : identical
            alignedTotal += isSchedule ? 0 : steps.count
            outcome.left.append(sides.node(mine.finding))
            outcome.right.append(sides.node(theirs.finding))
            metrics.append(.object([
                "metric": .string(name), "common_steps": .integer(Int64(steps.count)),
                "non_finite_steps": .integer(Int64(common.count - steps.count)),
                "first_step": .float(steps.first!), "last_step": .float(steps.last!),
                "pearson": .float(IndependenceTest.rounded(raw, 6)), "differenced_pearson": .float(IndependenceTest.rounded(changes, 6)),
                "median_relative_difference": .float(IndependenceTest.rounded(Self.medianRelativeDifference(a, b), 6)),
                "identical_values": .integer(Int64(identical)), "schedule": .bool(isSchedule),
                "left": .list(a.map { .float($0) }), "right": .list(b.map { .float($0) }), "steps": .list(steps.map { .float($0) }),
            ]))
        }
        guard !metrics.isEmpty else { return [] }
        differenced.sort()
        outcome.score = differenced.isEmpty ? nil : IndependenceTest.rounded(differenced[differenced.count / 2], 6)
        outcome.null = [
            "kind": "none",
            "reading": "curves of any two runs of similar recipes look alike — losses fall, schedules follow the same formulas — and their points are not independent, so no p-value is given; the differenced correlation removes the shared trend, and identical values at many steps are what chance hardly gives",
        ]
        outcome.controls = ["schedules": "learning-rate schedules (cosine, linear warm-up) match by formula; they are shown and not scored"]
        outcome.result = [
            "metrics": .list(metrics), "skipped": .list(skipped),
            "identical_values": .integer(Int64(identicalTotal)), "aligned_values": .integer(Int64(alignedTotal)),
        ]
        let scored = differenced.count
        outcome.interpretation = "\(metrics.count) metric(s) are recorded on both sides at common steps; \(scored) not a schedule. "
            + (outcome.score.map { "Their step-to-step changes correlate at a median of \(String(format: "%.3f", $0)). " } ?? "")
            + "\(identicalTotal) of \(alignedTotal) aligned values are identical on both sides"
            + (identicalTotal > 0 ? ", which two separate runs rarely produce: a shared log or a rerun from the same seed and data." : ".")
            + " Similar curves show similar training, which a shared public recipe also gives."
        return [outcome]
    }

    /// Each metric of a side, by its normalized name; the first finding of a name wins.
    private static func curves(_ findings: [FindingRecord], view: any CaseView) throws -> [String: Curve] {
        var curves: [String: Curve] = [:]
        for finding in findings {
            let attributes = ComparedSides.attributes(finding)
            guard case .string(let name)? = attributes["normalized"] ?? attributes["metric"], curves[name] == nil else { continue }
            var points: [Double: Double] = [:]
            for record in try view.series(ofFinding: finding.id) where record.axis == "step" {
                Series(name: record.name, unit: record.unit, packed: record.points)?.forEachPoint { step, value in
                    if points[step] == nil { points[step] = value }
                }
            }
            if !points.isEmpty { curves[name] = Curve(finding: finding, name: name, points: points) }
        }
        return curves
    }

    static func differences(_ values: [Double]) -> [Double] {
        zip(values.dropFirst(), values).map { $0 - $1 }
    }

    static func medianRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
        let relative = zip(a, b).compactMap { x, y -> Double? in
            let scale = max(abs(x), abs(y))
            guard x.isFinite, y.isFinite else { return nil }
            return scale == 0 ? 0 : abs(x - y) / scale
        }.sorted()
        return relative.isEmpty ? .nan : relative[relative.count / 2]
    }

    static let limits = "Curves are compared only where both logs record the same metric name at the same steps; runs of "
        + "different lengths, logging intervals or step counters align poorly or not at all. Common schedules and the "
        + "usual fall of a loss make curves alike by default; no null distribution is calibrated. A log is what a party "
        + "produced: identical values show a shared log or a deterministic rerun, not which party ran it first (see the "
        + "timeline for when each run's events happened)."
}
