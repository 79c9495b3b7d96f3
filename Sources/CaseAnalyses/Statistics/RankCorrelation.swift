import Foundation

/// Spearman's rank correlation of a matching against the identity, and its p-value, as SciPy's
/// `spearmanr` computes them (the t approximation with n − 2 degrees of freedom, two-sided).
public enum RankCorrelation {
    /// ρ between positions `0..<n` and `matching` (a permutation: no ties), by
    /// 1 − 6 Σ d² / (n (n² − 1)).
    public static func spearman(identityAgainst matching: [Int]) -> Double {
        let n = Double(matching.count)
        guard matching.count > 1 else { return .nan }
        var squares = 0.0
        for (position, matched) in matching.enumerated() {
            let difference = Double(position - matched)
            squares += difference * difference
        }
        return 1 - 6 * squares / (n * (n * n - 1))
    }

    /// The two-sided p-value of ρ over `n` pairs: t = ρ √((n − 2) / ((1 − ρ)(1 + ρ))), never below
    /// 2 / n! — the chance under the null of the identity matching or its reverse, which the t
    /// approximation (0 at ρ = ±1) would otherwise understate.
    public static func pValue(_ rho: Double, pairs n: Int) -> Probability {
        guard n > 2, rho.isFinite else { return Probability(logarithm: 0) }
        let floor = Probability(logarithm: log(2) - lgamma(Double(n) + 1))
        let denominator = (1 - rho) * (1 + rho)
        guard denominator > 0 else { return floor }
        let t = rho * (Double(n - 2) / denominator).squareRoot()
        return max(TailProbability.studentTwoSided(t, degrees: Double(n - 2)), floor)
    }
}
