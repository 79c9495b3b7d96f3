import Foundation
import Testing
@testable import CaseAnalyses

/// The independence test on generated FFN layers with known answers: the same weights, weights
/// fine-tuned with noise, weights whose hidden units were permuted, and independent weights —
/// and its false-positive rate over 100 independent pairs at α = 0.01.
@Suite struct IndependenceTestTests {
    /// A units × inputs layer of independent normal values (Box–Muller on a seeded generator).
    static func layer(seed: UInt64, units: Int = 64, inputs: Int = 48, scale: Float = 0.02) -> RowMatrix {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<(units * inputs)).map { _ in scale * normal(&generator) }
        return RowMatrix(rows: units, columns: inputs, values: values)
    }

    static func normal(_ generator: inout SeededGenerator) -> Float {
        let u = (Double(generator.next() >> 11) + 0.5) / Double(1 << 53)
        let v = Double(generator.next() >> 11) / Double(1 << 53)
        return Float((-2 * log(u)).squareRoot() * cos(2 * .pi * v))
    }

    /// `base` plus noise `ratio` times its own scale: a fine-tune that moved every weight.
    static func derived(_ base: RowMatrix, seed: UInt64, ratio: Float) -> RowMatrix {
        let noise = layer(seed: seed, units: base.rows, inputs: base.columns, scale: 0.02 * ratio)
        return RowMatrix(rows: base.rows, columns: base.columns, values: zip(base.values, noise.values).map { $0 + $1 })
    }

    @Test func identicalWeightsMatchInPlace() {
        let weights = Self.layer(seed: 1)
        let result = IndependenceTest.test(weights, weights, layer: 0)
        #expect(result.rho == 1 && result.inPlace == 64 && result.p.log10 < -88)
    }

    @Test func aFineTuneWithNoiseIsFound() {
        let base = Self.layer(seed: 2)
        // Noise as large as the weights themselves: every value moved, the units still in place.
        let result = IndependenceTest.test(base, Self.derived(base, seed: 3, ratio: 1), layer: 0)
        #expect(result.rho > 0.9 && result.p.log10 < -10)
        // Gated layers: the gate's rows beside the up rows make the match firmer still.
        let gate = Self.layer(seed: 4)
        let joined = IndependenceTest.test(base.joined(with: gate),
                                           Self.derived(base, seed: 5, ratio: 2).joined(with: Self.derived(gate, seed: 6, ratio: 2)), layer: 0)
        #expect(joined.p.log10 < -10)
    }

    @Test func permutedHiddenUnitsDefeatTheTestAsDocumented() {
        let base = Self.layer(seed: 7)
        var generator = SeededGenerator(seed: 8)
        let permuted = Self.derived(base, seed: 9, ratio: 0.1).reordered(generator.permutation(64))
        let result = IndependenceTest.test(base, permuted, layer: 0)
        // Not rejected: the matching follows the permutation…
        #expect(result.p.value > 0.01)
        // …but the matched units are as close as a fine-tune's: the hint the limits describe.
        #expect(result.matchedCosine > 0.9 && result.identityCosine < 0.2)
    }

    @Test func independentLayersAreRejectedAtTheStatedRate() {
        var rejected = 0
        for pair in 0..<100 {
            let result = IndependenceTest.test(Self.layer(seed: 1000 + UInt64(pair)), Self.layer(seed: 5000 + UInt64(pair)), layer: 0)
            if result.p.value < 0.01 { rejected += 1 }
        }
        // Expected 1 in 100 under an exact null; 4 or more would happen with probability 0.019.
        #expect(rejected <= 3, "\(rejected) of 100 independent pairs rejected at α = 0.01")
    }

    @Test func fisherCombinesLayersOfADerivedModel() {
        let layers = (0..<4).map { Self.layer(seed: 20 + UInt64($0)) }
        let tuned = layers.enumerated().map { Self.derived($1, seed: 40 + UInt64($0), ratio: 3) }
        let results = zip(layers, tuned).enumerated().map { IndependenceTest.test($1.0, $1.1, layer: $0) }
        let combined = PValueCombination.fisher(results.map(\.p))
        #expect(combined.log10 < results.map(\.p.log10).max()!)
    }

    /// The permutation-robust variant: a fine-tune whose hidden units were then permuted (gate and
    /// up alike) is found, as is one left in place; independent pairs are rejected at the stated rate.
    @Test func theRobustVariantSeesThroughPermutedUnits() {
        let gate = Self.layer(seed: 60), up = Self.layer(seed: 61)
        var generator = SeededGenerator(seed: 62)
        let order = generator.permutation(64)
        let tunedGate = Self.derived(gate, seed: 63, ratio: 0.5), tunedUp = Self.derived(up, seed: 64, ratio: 0.5)
        let permuted = IndependenceTest.testAcrossProjections(gate: (gate, tunedGate.reordered(order)),
                                                              up: (up, tunedUp.reordered(order)), layer: 0)
        #expect(permuted.rho > 0.99 && permuted.p.log10 < -50 && permuted.inPlace == 64)
        // The same pair defeats the test against the identity, as documented above.
        #expect(IndependenceTest.test(gate.joined(with: up), tunedGate.reordered(order).joined(with: tunedUp.reordered(order)),
                                      layer: 0).p.value > 0.01)
        let inPlace = IndependenceTest.testAcrossProjections(gate: (gate, tunedGate), up: (up, tunedUp), layer: 0)
        #expect(inPlace.p.log10 < -50)
        var rejected = 0
        for pair in 0..<100 {
            let seed = 7000 + 4 * UInt64(pair)
            let result = IndependenceTest.testAcrossProjections(gate: (Self.layer(seed: seed), Self.layer(seed: seed + 1)),
                                                                up: (Self.layer(seed: seed + 2), Self.layer(seed: seed + 3)), layer: 0)
            if result.p.value < 0.01 { rejected += 1 }
        }
        #expect(rejected <= 3, "\(rejected) of 100 independent pairs rejected at α = 0.01")
    }
}

extension RowMatrix {
    /// The matrix with `other`'s columns appended to each row: a gated layer's units as
    /// `IndependenceTest.units` joins them, the up row then the gate row of each unit.
    func joined(with other: RowMatrix) -> RowMatrix {
        precondition(rows == other.rows, "joined matrices differ in rows")
        var joined: [Float] = []
        joined.reserveCapacity(rows * (columns + other.columns))
        for index in 0..<rows {
            joined.append(contentsOf: row(index))
            joined.append(contentsOf: other.row(index))
        }
        return RowMatrix(rows: rows, columns: columns + other.columns, values: joined)
    }
}
