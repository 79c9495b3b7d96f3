import CRowProducts
import Foundation
import Testing
@testable import CaseAnalyses

/// The statistics the comparison methods rest on, against figures SciPy 1.17 gives for the same
/// inputs (`scipy.stats.t.sf`, `chi2.sf`, `spearmanr`) and against brute force.
@Suite struct StatisticsTests {
    @Test func studentTTailMatchesSciPy() {
        let p = TailProbability.studentTwoSided(2.228, degrees: 10)
        #expect(abs(p.value - 0.05001177181711132) < 1e-12)
        // Far in the tail, where p itself would underflow a naive computation.
        let far = TailProbability.studentTwoSided(40, degrees: 98)
        #expect(abs(far.log10 - log10(1.6633877203685833e-62)) < 1e-9)
    }

    @Test func chiSquaredTailMatchesSciPy() {
        #expect(abs(TailProbability.chiSquaredUpper(9.4877, halfDegrees: 2).value - 0.050000599541234675) < 1e-12)
        #expect(abs(TailProbability.chiSquaredUpper(100, halfDegrees: 3).log10 - log10(2.509303552201055e-19)) < 1e-9)
    }

    @Test func spearmanOfAMatchingMatchesSciPy() {
        let near = [1, 0, 2, 3, 5, 4, 6, 7, 9, 8]
        #expect(abs(RankCorrelation.spearman(identityAgainst: near) - 0.9636363636363635) < 1e-12)
        #expect(abs(RankCorrelation.pValue(0.9636363636363635, pairs: 10).value - 7.3209748095299185e-06) < 1e-15)
        let far = [3, 7, 1, 0, 9, 2, 5, 8, 4, 6]
        #expect(abs(RankCorrelation.spearman(identityAgainst: far) - 0.29696969696969694) < 1e-12)
        #expect(abs(RankCorrelation.pValue(0.29696969696969694, pairs: 10).value - 0.40470167127015705) < 1e-12)
        // A perfect matching is as unlikely as the identity or its reverse among n! matchings: 2 / n!.
        #expect(abs(RankCorrelation.pValue(1, pairs: 10).value - 2.0 / 3_628_800) < 1e-18)
        #expect(abs(RankCorrelation.pValue(1, pairs: 96).log10 - (log10(2) - lgamma(97) / M_LN10)) < 1e-9)
    }

    @Test func fisherAndHolmFollowTheirRules() {
        // Two p-values of 0.05: X = −2 ln(0.0025) ≈ 11.98 on 4 degrees of freedom.
        let combined = PValueCombination.fisher([Probability(0.05), Probability(0.05)])
        #expect(abs(combined.value - 0.017479) < 1e-5)
        let adjusted = PValueCombination.holm([0.01, 0.04, 0.03].map { Probability($0) }).map(\.value)
        #expect(zip(adjusted, [0.03, 0.06, 0.06]).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test(arguments: 1...6) func assignmentIsTheBestOfAllPermutations(size: Int) {
        var generator = SeededGenerator(seed: UInt64(size))
        for _ in 0..<20 {
            let weights = (0..<(size * size)).map { _ in Float(generator.next() % 1000) / 1000 }
            let found = LinearAssignment.maximizing(weights, size: size)
            #expect(Set(found) == Set(0..<size))
            let total = { (matching: [Int]) in matching.enumerated().reduce(0.0) { $0 + Double(weights[$1.offset * size + $1.element]) } }
            #expect(abs(total(found) - Self.permutations(size).map(total).max()!) < 1e-6)
        }
    }

    @Test func cosinesAreExactForKnownRows() {
        let left = RowMatrix(rows: 2, columns: 9, values: [1, 0, 0, 0, 0, 0, 0, 0, 0] + [1, 1, 0, 0, 0, 0, 0, 0, 0])
        let right = RowMatrix(rows: 3, columns: 9, values: [2, 0, 0, 0, 0, 0, 0, 0, 0] + [0, 0, 0, 0, 0, 0, 0, 0, 5] + [0, 0, 0, 0, 0, 0, 0, 0, 0])
        let cosines = RowCosines.matrix(left, right)
        #expect(cosines[0] == 1 && cosines[1] == 0 && cosines[2] == 0)
        #expect(abs(cosines[3] - Float(1 / 2.0.squareRoot())) < 1e-6)
        // Five left rows exercise the four-row blocks and the row left over; each equals its lone dot.
        let five = RowMatrix(rows: 5, columns: 11, values: (0..<55).map { Float(($0 * 7) % 13) - 6 })
        let block = RowCosines.matrix(five, five)
        let lone = (0..<25).map { index in RowCosines.matrix(RowMatrix(rows: 1, columns: 11, values: Array(five.row(index / 5))),
                                                             RowMatrix(rows: 1, columns: 11, values: Array(five.row(index % 5))))[0] }
        #expect(block == lone)
        // A row holding infinity or NaN, or too small to scale, has no direction: cosine 0, never NaN.
        let hostile = RowMatrix(rows: 3, columns: 9, values: [.infinity, 1, 0, 0, 0, 0, 0, 0, 0] + [.nan, 1, 0, 0, 0, 0, 0, 0, 0]
                                + [Float.leastNonzeroMagnitude, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(RowCosines.matrix(hostile, left) == [Float](repeating: 0, count: 6))
    }

    /// The row products follow the stated order of additions exactly — eight lanes in column
    /// order, the lanes reduced pairwise, the tail last — whichever kernel runs: the AVX2 one
    /// (where the CPU has it: `exhibit_row_products_vectorized`; on a CPU without it both calls
    /// run the portable kernel) and the portable one give the same bits as the order written here.
    @Test func rowProductsFollowOneOrderOnEveryKernel() {
        var generator = SeededGenerator(seed: 77)
        // Sizes past one tile of right rows (48), with a band that starts past row 0, as the workers' bands do.
        for (rows, others, columns) in [(9, 7, 37), (4, 2, 8), (5, 3, 3), (13, 5, 1_536), (70, 101, 37)] {
            let a = (0..<(rows * columns)).map { _ in IndependenceTestTests.normal(&generator) * Float(1 + columns % 5) }
            let b = (0..<(others * columns)).map { _ in IndependenceTestTests.normal(&generator) }
            var expected = [Float](repeating: 0, count: rows * others)
            for i in 0..<rows {
                for j in 0..<others {
                    var lanes = [Float](repeating: 0, count: 8)
                    let whole = columns / 8 * 8
                    for k in stride(from: 0, to: whole, by: 8) {
                        for lane in 0..<8 { lanes[lane] = lanes[lane] + a[i * columns + k + lane] * b[j * columns + k + lane] }
                    }
                    var sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]))
                    for k in whole..<columns { sum += a[i * columns + k] * b[j * columns + k] }
                    expected[i * others + j] = sum
                }
            }
            var fast = [Float](repeating: .nan, count: rows * others), portable = fast
            let split = rows > 8 ? 3 : 0   // two bands: rows 0..<split and split..<rows
            for (start, end) in [(0, split), (split, rows)] where start < end {
                exhibit_row_products(a, b, &fast, columns, start, end, others)
                exhibit_row_products_portable(a, b, &portable, columns, start, end, others)
            }
            #expect(fast.map(\.bitPattern) == expected.map(\.bitPattern), "\(rows) × \(others) × \(columns)")
            #expect(portable.map(\.bitPattern) == expected.map(\.bitPattern), "\(rows) × \(others) × \(columns)")
        }
    }

    private static func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { base in (0...base.count).map { at in
            var next = base
            next.insert(n - 1, at: at)
            return next
        } }
    }
}
