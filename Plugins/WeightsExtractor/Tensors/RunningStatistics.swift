import EvidenceKit
import Foundation

/// Count, mean, standard deviation, minimum, maximum and L2 norm of a tensor's values, in
/// float64, accumulated as the values stream past, in a fixed order: element `i` always goes to
/// lane `i % 8` of eight partial sums, and the lanes are added in lane order at the end — so the
/// same values give the same bits whatever the chunks they arrived in, on any machine.
///
/// Sums are taken of values less the first finite value (a shift), which keeps the variance exact
/// where the mean is large beside the spread (a norm weight near 1.0). NaN and infinite values are
/// counted apart and left out of the figures.
struct RunningStatistics {
    /// The figures of a finished accumulation.
    struct Summary: Sendable, Hashable {
        var count: Int64
        var mean: Double
        var standardDeviation: Double
        var minimum: Double
        var maximum: Double
        var l2Norm: Double
        var nanCount: Int64
        var infinityCount: Int64

        /// As finding attributes.
        var attributes: [String: Value] {
            var attributes: [String: Value] = ["count": .integer(count), "mean": .float(mean),
                                               "std": .float(standardDeviation), "min": .float(minimum),
                                               "max": .float(maximum), "l2_norm": .float(l2Norm)]
            if nanCount > 0 { attributes["nan_count"] = .integer(nanCount) }
            if infinityCount > 0 { attributes["inf_count"] = .integer(infinityCount) }
            return attributes
        }
    }

    private var finiteCount: Int64 = 0
    private var nanCount: Int64 = 0
    private var infinityCount: Int64 = 0
    private var shift: Double = 0
    private var shifted = false
    private var sum = SIMD8<Double>()
    private var sumSquares = SIMD8<Double>()
    private var squares = SIMD8<Double>()
    private var minimum = SIMD8<Double>(repeating: .infinity)
    private var maximum = SIMD8<Double>(repeating: -.infinity)
    /// Values waiting to fill a vector: element `i` sits in lane `i % 8`.
    private var staging = SIMD8<Double>()
    private var staged = 0

    /// Adds `count` values, in order.
    mutating func add(_ values: UnsafePointer<Double>, count: Int) {
        var index = 0
        while staged > 0, index < count {
            staging[staged] = values[index]
            staged += 1
            index += 1
            if staged == 8 {
                addVector(staging, lanes: 8)
                staged = 0
            }
        }
        let raw = UnsafeRawPointer(values)
        while index + 8 <= count {
            addVector(raw.loadUnaligned(fromByteOffset: index * 8, as: SIMD8<Double>.self), lanes: 8)
            index += 8
        }
        while index < count {
            staging[staged] = values[index]
            staged += 1
            index += 1
        }
    }

    @inline(__always)
    private mutating func addVector(_ vector: SIMD8<Double>, lanes: Int) {
        var values = vector
        // x - x is 0 for a finite x and NaN for NaN or an infinity.
        var finite = (values - values) .== 0
        if lanes < 8 {
            for lane in lanes..<8 { finite[lane] = false }
        }
        if !shifted, let first = (0..<lanes).first(where: { finite[$0] }) {
            shift = values[first]
            shifted = true
        }
        if all(finite) {
            finiteCount += 8
            let centred = values - shift
            sum += centred
            sumSquares += centred * centred
            squares += values * values
            minimum = pointwiseMin(minimum, values)
            maximum = pointwiseMax(maximum, values)
            return
        }
        for lane in 0..<lanes where !finite[lane] {
            if values[lane].isNaN { nanCount += 1 } else { infinityCount += 1 }
        }
        for lane in 0..<8 where finite[lane] { finiteCount += 1 }
        values.replace(with: shift, where: .!finite)
        let centred = values - shift
        sum += centred
        sumSquares += centred * centred
        let kept = values.replacing(with: 0, where: .!finite)
        squares += kept * kept
        minimum = pointwiseMin(minimum, values.replacing(with: .infinity, where: .!finite))
        maximum = pointwiseMax(maximum, values.replacing(with: -.infinity, where: .!finite))
    }

    /// The figures, or `nil` when no value was added.
    mutating func summary() -> Summary? {
        if staged > 0 {
            addVector(staging, lanes: staged)
            staged = 0
        }
        guard finiteCount + nanCount + infinityCount > 0 else { return nil }
        var s1 = 0.0, s2 = 0.0, sq = 0.0
        var low = Double.infinity, high = -Double.infinity
        for lane in 0..<8 {
            s1 += sum[lane]
            s2 += sumSquares[lane]
            sq += squares[lane]
            low = min(low, minimum[lane])
            high = max(high, maximum[lane])
        }
        guard finiteCount > 0 else {
            return Summary(count: 0, mean: .nan, standardDeviation: .nan, minimum: .nan, maximum: .nan, l2Norm: .nan,
                           nanCount: nanCount, infinityCount: infinityCount)
        }
        let n = Double(finiteCount)
        // Squares past float64's range make the spread infinite, as NumPy reports it.
        let variance = s2.isFinite ? max(0, (s2 - s1 * s1 / n) / n) : .infinity
        return Summary(count: finiteCount, mean: shift + s1 / n, standardDeviation: variance.squareRoot(),
                       minimum: low, maximum: high, l2Norm: sq.squareRoot(), nanCount: nanCount,
                       infinityCount: infinityCount)
    }
}
