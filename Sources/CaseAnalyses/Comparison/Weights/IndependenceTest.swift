import CaseStore
import EvidenceKit
import Foundation

/// `compare.weights.independence`: the test of Zhu, Ahmed, Kuditipudi and Liang ("Independence
/// Tests for Language Models", ICML 2025) on the FFN of two models, layer by layer.
///
/// In each layer present in both with the same shapes, every hidden unit of the left model is
/// matched to one of the right model's by the maximum-weight assignment on the cosine similarity
/// of their weights (the unit's row of the up-projection, beside its row of the gate projection
/// when the FFN is gated). If the models were trained from independent random initializations,
/// which unit ends up matched to which is a uniformly random permutation, whatever the data; a
/// model derived from the other keeps its units in place, and the matching follows the identity.
/// Spearman's ρ of the matching against the identity gives each layer a p-value; Fisher's method
/// combines the layers.
public struct IndependenceTest: ComparisonMethod {
    public let id = "compare.weights.independence"
    public let version = "1"
    public let summary = "the independence test of Zhu et al. (2025): FFN hidden units matched by maximum-weight assignment on their weights' cosines, Spearman's ρ against the identity per layer, Fisher's method across layers"
    /// The seed of the shuffled-self control, and how many of the layer's units it shuffles (the
    /// first ones): enough to exercise the pipeline, a fraction of the layer's cost.
    static let controlSeed: UInt64 = 20_250_713
    static let controlUnits = 512
    /// At most this many model pairs per comparison, and this many layers per pair.
    static let pairLimit = 8
    static let layerLimit = 256
    /// The significance level the interpretation reads the combined p-value at.
    static let alpha = 0.01

    public var parameters: [String: Value] {
        [
            "units": "FFN hidden units: a row of the up-projection, beside the same row of the gate projection when gated",
            "similarity": "cosine of the units' weight rows, summed in a fixed order (float32)",
            "assignment": "maximum total cosine, shortest augmenting paths (exact)",
            "statistic": "Spearman's rho of the matching against the identity",
            "layer_p": "two-sided, t approximation with n - 2 degrees of freedom (as scipy.stats.spearmanr), never below 2/n!",
            "combination": "Fisher's method across layers", "alpha": .float(Self.alpha),
            "control_seed": .integer(Int64(Self.controlSeed)), "control_units": .integer(Int64(Self.controlUnits)),
        ]
    }

    public init() {}

    /// One layer's test.
    struct LayerResult {
        var layer: Int
        var units: Int
        var rho: Double
        var p: Probability
        var inPlace: Int
        var matchedCosine: Double
        var identityCosine: Double
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let models = try WeightModels(sides)
        let pairs = models.pairs(limit: Self.pairLimit)
        guard !pairs.isEmpty else { return [] }
        let reader = TensorReadBack(sources: try Self.sources(of: pairs, in: sides.view))
        return pairs.map { pair in outcome(pair.0, pair.1, reader: reader, sides: sides) }
    }

    private func outcome(_ left: WeightModels.Model, _ right: WeightModels.Model, reader: TensorReadBack,
                         sides: ComparedSides) -> ComparisonOutcome {
        var outcome = ComparisonOutcome(left: [sides.node(left.summary)], right: [sides.node(right.summary)],
                                        statistic: "mean_spearman_rho_of_matching", null: Self.null, result: [:],
                                        interpretation: "", limits: Self.limits)
        var layers: [LayerResult] = []
        var skipped: [Value] = []
        var control: [String: Value]?
        let shared = Array(Set(left.layers(with: "ffn_up")).intersection(right.layers(with: "ffn_up"))).sorted()
        for layer in shared.prefix(Self.layerLimit) {
            do {
                guard let units = try Self.units(left, layer: layer, reader: reader),
                      let theirs = try Self.units(right, layer: layer, reader: reader) else {
                    skipped.append(.object(["layer": .integer(Int64(layer)), "reason": "no up-projection matrix"]))
                    continue
                }
                guard units.rows == theirs.rows, units.columns == theirs.columns, units.rows > 2 else {
                    skipped.append(.object(["layer": .integer(Int64(layer)),
                                            "reason": .string("shapes differ: \(units.rows) × \(units.columns) against \(theirs.rows) × \(theirs.columns)")]))
                    continue
                }
                layers.append(Self.test(units, theirs, layer: layer))
                if control == nil {
                    var generator = SeededGenerator(seed: Self.controlSeed)
                    let count = min(units.rows, Self.controlUnits)
                    let sample = RowMatrix(rows: count, columns: units.columns, values: Array(units.values.prefix(count * units.columns)))
                    let result = Self.test(sample, sample.reordered(generator.permutation(count)), layer: layer)
                    control = ["shuffled_self": .object([
                        "layer": .integer(Int64(layer)), "units": .integer(Int64(count)), "rho": .float(Self.rounded(result.rho, 6)),
                        "log10_p": .float(Self.rounded(result.p.log10, 4)), "p_value": .float(Self.pValue(result.p)),
                        "mean_matched_cosine": .float(Self.rounded(result.matchedCosine, 6)),
                        "reading": "the left model's first units (up to 512) against themselves shuffled (seeded): the matching recovers the shuffle, which is unrelated to the identity, so this p-value must not be small; it checks the whole pipeline against a known negative",
                    ])]
                }
            } catch {
                skipped.append(.object(["layer": .integer(Int64(layer)), "reason": .string("\(error)")]))
            }
        }
        outcome.controls = control
        let combined = PValueCombination.fisher(layers.map(\.p))
        outcome.result = [
            "left_model": .string(left.summary.evidencePath), "right_model": .string(right.summary.evidencePath),
            "layers_tested": .integer(Int64(layers.count)), "layers_shared": .integer(Int64(shared.count)),
            "layers": .list(layers.map { layer in .object([
                "layer": .integer(Int64(layer.layer)), "units": .integer(Int64(layer.units)),
                "rho": .float(Self.rounded(layer.rho, 6)), "log10_p": .float(Self.rounded(layer.p.log10, 4)),
                "p_value": .float(Self.pValue(layer.p)), "units_in_place": .integer(Int64(layer.inPlace)),
                "mean_matched_cosine": .float(Self.rounded(layer.matchedCosine, 6)),
                "mean_identity_cosine": .float(Self.rounded(layer.identityCosine, 6)),
            ]) }),
            "skipped": .list(skipped),
            "combined_log10_p": layers.isEmpty ? .null : .float(Self.rounded(combined.log10, 4)),
        ]
        guard !layers.isEmpty else {
            outcome.interpretation = "No FFN layer of \(left.summary.evidencePath) and \(right.summary.evidencePath) could be tested "
                + "(see skipped): this analysis shows nothing either way."
            return outcome
        }
        outcome.score = Self.rounded(layers.reduce(0.0) { $0 + $1.rho } / Double(layers.count), 6)
        outcome.pValue = Self.pValue(combined)
        let figure = Self.describe(combined)
        if combined.value < Self.alpha {
            outcome.interpretation = "Independence is rejected (combined p \(figure) over \(layers.count) layer(s)): the FFN hidden units of "
                + "\(right.summary.evidencePath) sit where those of \(left.summary.evidencePath) sit, which independently initialized "
                + "models do only by chance at that rate. The two share a lineage: one was derived from the other, or both from a "
                + "common ancestor — a licensed base model, a public checkpoint or permitted reuse produce this just as well. The test "
                + "does not say which came first or whether the use was permitted."
        } else {
            outcome.interpretation = "Independence is not rejected (combined p \(figure) over \(layers.count) layer(s)). This is what "
                + "independently trained models give; it is also what a derived model whose hidden units were permuted, or a model "
                + "distilled or retrained from the other, would give, because this test cannot see them."
        }
        return outcome
    }

    /// A layer's hidden units as rows: the up-projection, joined with the gate projection when
    /// the layer has one of the same shape. GPT-2's `c_fc` (a Conv1D) stores units as columns.
    static func units(_ model: WeightModels.Model, layer: Int, reader: TensorReadBack) throws -> RowMatrix? {
        guard let up = model.tensor("ffn_up", layer: layer), up.matrixShape != nil else { return nil }
        var units = try reader.matrix(up)
        if up.name.hasSuffix("c_fc.weight") { units = transposed(units) }
        if let gate = model.tensor("ffn_gate", layer: layer), gate.shape == up.shape {
            units = units.joined(with: try reader.matrix(gate))
        }
        return units
    }

    /// One layer: cosines, the maximum-weight matching, ρ against the identity and its p-value.
    static func test(_ left: RowMatrix, _ right: RowMatrix, layer: Int) -> LayerResult {
        let n = left.rows
        let cosines = RowCosines.matrix(left, right)
        let matching = LinearAssignment.maximizing(cosines, size: n)
        let rho = RankCorrelation.spearman(identityAgainst: matching)
        var matched = 0.0, identity = 0.0, inPlace = 0
        for unit in 0..<n {
            matched += Double(cosines[unit * n + matching[unit]])
            identity += Double(cosines[unit * n + unit])
            if matching[unit] == unit { inPlace += 1 }
        }
        return LayerResult(layer: layer, units: n, rho: rho, p: RankCorrelation.pValue(rho, pairs: n), inPlace: inPlace,
                           matchedCosine: matched / Double(n), identityCosine: identity / Double(n))
    }

    static func transposed(_ matrix: RowMatrix) -> RowMatrix {
        var values = [Float](repeating: 0, count: matrix.values.count)
        for row in 0..<matrix.rows {
            for column in 0..<matrix.columns { values[column * matrix.rows + row] = matrix.values[row * matrix.columns + column] }
        }
        return RowMatrix(rows: matrix.columns, columns: matrix.rows, values: values)
    }

    /// The files of the models compared that exist on disk as given, by artifact id.
    static func sources(of pairs: [(WeightModels.Model, WeightModels.Model)], in view: any CaseView) throws -> [String: String] {
        let wanted = Set(pairs.flatMap { [$0.0.summary.artifactID, $0.1.summary.artifactID] })
        let exhibits = Set(pairs.flatMap { [$0.0.summary.exhibit, $0.1.summary.exhibit] })
        var sources: [String: String] = [:]
        for exhibit in exhibits.sorted() {
            try view.forEachArtifact(exhibit: exhibit) { artifact in
                guard wanted.contains(artifact.id), artifact.memberPath == nil, let path = artifact.sourcePath else { return }
                sources[artifact.id] = path
            }
        }
        return sources
    }

    /// A p-value as stored: 10 to its rounded log10, so that the stored figure is the same on
    /// every machine whatever its libm's last bits.
    static func pValue(_ p: Probability) -> Double {
        p.logarithm == -.infinity ? 0 : pow(10, rounded(p.log10, 4))
    }

    static func describe(_ p: Probability) -> String {
        if p.logarithm == -.infinity { return "0" }
        let log10 = p.log10
        return log10 < -4 ? "10^\(String(format: "%.1f", log10))" : String(format: "%.4f", p.value)
    }

    static func rounded(_ value: Double, _ digits: Int) -> Double {
        guard value.isFinite else { return value }
        let scale = pow(10, Double(digits))
        return (value * scale).rounded() / scale
    }

    static let null: [String: Value] = [
        "kind": "exact",
        "hypothesis": "the two models were trained from independent random initializations (any training data)",
        "distribution": "under the null the matching is a uniformly random permutation relative to the identity, so each layer's rho follows Spearman's null distribution for n units; Fisher's statistic over L layers follows chi-squared with 2L degrees of freedom",
        "assumptions": "the same FFN shapes; an initialization that treats hidden units exchangeably (every common one does); hidden units not permuted after training",
        "source": "S. Zhu, A. Ahmed, R. Kuditipudi, P. Liang, Independence Tests for Language Models, ICML 2025 (arXiv:2502.12292)",
    ]

    static let limits = "Rejecting independence shows shared lineage, not copying: a licensed base model, a common public ancestor "
        + "or permitted reuse give the same result. Permuting the hidden units of a derived model (a change that leaves its "
        + "outputs the same) defeats this test: the matching then follows the permutation, rho is near 0, and only a high "
        + "mean matched cosine beside a low rho hints at it; that figure has no exact null. Distillation and retraining leave "
        + "no weight trace. Layers of different shapes are skipped; tensors inside archives are not read back (extract and add "
        + "the member); a file changed since intake is refused by its tensor digests. The layer p-values use the t "
        + "approximation, as SciPy does; they are combined as if independent across layers."
}
