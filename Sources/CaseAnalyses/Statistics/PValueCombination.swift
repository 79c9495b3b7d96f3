import Foundation

/// Rules for many p-values: Fisher's method, to combine independent components into one test,
/// and Holm's step-down correction, for several tests read together.
public enum PValueCombination {
    /// Fisher: X = −2 Σ ln pᵢ follows χ² with 2k degrees of freedom when every pᵢ is uniform.
    public static func fisher(_ values: [Probability]) -> Probability {
        guard !values.isEmpty else { return Probability(logarithm: 0) }
        let statistic = -2 * values.reduce(0.0) { $0 + $1.logarithm }
        return TailProbability.chiSquaredUpper(statistic, halfDegrees: values.count)
    }

    /// Holm: the i-th smallest of m p-values is multiplied by (m − i + 1), and each adjusted value
    /// is at least the one before it (capped at 1). Returned in the order given.
    public static func holm(_ values: [Probability]) -> [Probability] {
        let m = values.count
        let order = values.indices.sorted { (values[$0], $0) < (values[$1], $1) }
        var adjusted = [Probability](repeating: Probability(logarithm: 0), count: m)
        var running = -Double.infinity
        for (rank, index) in order.enumerated() {
            let scaled = values[index].logarithm + log(Double(m - rank))
            running = max(running, min(0, scaled))
            adjusted[index] = Probability(logarithm: running)
        }
        return adjusted
    }
}
