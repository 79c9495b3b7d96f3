import Foundation

/// A probability kept as its natural logarithm, so that the p-values of a derived model
/// (10⁻³⁰⁰ and below) stay exact figures instead of underflowing to zero.
public struct Probability: Sendable, Hashable, Comparable {
    /// ln p, at most 0.
    public let logarithm: Double

    public init(logarithm: Double) {
        self.logarithm = min(0, logarithm)
    }

    public init(_ value: Double) {
        self.init(logarithm: value > 0 ? Foundation.log(value) : -.infinity)
    }

    /// p itself (0 when below the smallest double).
    public var value: Double { exp(logarithm) }

    /// log₁₀ p, the figure a report shows when p is tiny.
    public var log10: Double { logarithm / M_LN10 }

    public static func < (lhs: Probability, rhs: Probability) -> Bool { lhs.logarithm < rhs.logarithm }
}

/// The tail probabilities the comparison methods need, written out because Foundation has none:
/// Student's t (through the regularized incomplete beta function, by Lentz's continued fraction)
/// and the χ² distribution with even degrees of freedom (a finite sum). Each works in logarithms.
public enum TailProbability {
    /// P(|T| ≥ |t|) for Student's t with `degrees` of freedom: the two-sided p-value.
    public static func studentTwoSided(_ t: Double, degrees: Double) -> Probability {
        guard t.isFinite else { return Probability(logarithm: -.infinity) }
        let x = degrees / (degrees + t * t)
        return regularizedIncompleteBeta(x, degrees / 2, 0.5)
    }

    /// P(X ≥ x) for χ² with `2k` degrees of freedom: e^(−x/2) Σ_{j<k} (x/2)^j / j!.
    public static func chiSquaredUpper(_ x: Double, halfDegrees k: Int) -> Probability {
        guard x > 0 else { return Probability(logarithm: 0) }
        guard x.isFinite else { return Probability(logarithm: -.infinity) }
        let half = x / 2
        // log of each term, summed with the largest factored out.
        var terms: [Double] = []
        terms.reserveCapacity(k)
        var logTerm = 0.0
        for j in 0..<k {
            if j > 0 { logTerm += Foundation.log(half) - Foundation.log(Double(j)) }
            terms.append(logTerm)
        }
        let largest = terms.max() ?? 0
        let sum = terms.reduce(0.0) { $0 + exp($1 - largest) }
        return Probability(logarithm: -half + largest + Foundation.log(sum))
    }

    /// I_x(a, b) as a probability, for 0 ≤ x ≤ 1.
    static func regularizedIncompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Probability {
        if x <= 0 { return Probability(logarithm: -.infinity) }
        if x >= 1 { return Probability(logarithm: 0) }
        let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Foundation.log(x) + b * Foundation.log1p(-x)
        if x < (a + 1) / (a + b + 2) {
            return Probability(logarithm: logFront + Foundation.log(continuedFraction(x, a, b)) - Foundation.log(a))
        }
        // The symmetric form converges there; 1 − I_{1−x}(b, a).
        let complement = exp(logFront + Foundation.log(continuedFraction(1 - x, b, a)) - Foundation.log(b))
        return Probability(logarithm: Foundation.log1p(-complement))
    }

    /// The continued fraction of the incomplete beta function, by the modified Lentz method.
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        var c = 1.0
        var d = 1 - (a + b) * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...10_000 {
            let m = Double(m)
            let even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
