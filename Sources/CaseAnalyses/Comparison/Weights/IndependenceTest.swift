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
///
/// The permutation-robust variant (``Variant/acrossProjections``) matches the units twice, by
/// the gate projection's rows and by the up projection's rows, and tests the two matchings
/// against each other instead of against the identity: permuting a derived model's hidden units
/// permutes both projections alike, so both matchings follow the permutation and still agree.
public struct IndependenceTest: ComparisonMethod {
    /// What a layer's matching is tested against.
    public enum Variant: Sendable {
        /// The identity: units in place (the test as Zhu et al. state it).
        case inPlace
        /// The matching found from the other projection: robust to permuted hidden units.
        case acrossProjections
    }

    public let variant: Variant
    public var id: String {
        variant == .inPlace ? "compare.weights.independence" : "compare.weights.independence_permutation_robust"
    }
    public let version = "1"
    public var summary: String {
        variant == .inPlace
            ? "the independence test of Zhu et al. (2025): FFN hidden units matched by maximum-weight assignment on their weights' cosines, Spearman's ρ against the identity per layer, Fisher's method across layers"
            : "the independence test made robust to permuted hidden units: units matched by the gate projection and by the up projection, Spearman's ρ between the two matchings per layer, Fisher's method across layers"
    }
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
            "units": variant == .inPlace
                ? "FFN hidden units: a row of the up-projection, beside the same row of the gate projection when gated"
                : "FFN hidden units of gated layers: matched once by their gate-projection rows, once by their up-projection rows",
            "similarity": "cosine of the units' weight rows, summed in a fixed order (float32)",
            "assignment": "maximum total cosine, shortest augmenting paths (exact)",
            "statistic": variant == .inPlace ? "Spearman's rho of the matching against the identity"
                : "Spearman's rho between the gate matching and the up matching",
            "layer_p": "two-sided, t approximation with n - 2 degrees of freedom (as scipy.stats.spearmanr), never below 2/n!",
            "combination": "Fisher's method across layers", "alpha": .float(Self.alpha),
            "control_seed": .integer(Int64(Self.controlSeed)), "control_units": .integer(Int64(Self.controlUnits)),
        ]
    }

    public init(_ variant: Variant = .inPlace) {
        self.variant = variant
    }

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
        let reader = try Self.reader(of: pairs, in: sides)
        return pairs.map { pair in outcome(pair.0, pair.1, reader: reader, sides: sides) }
    }

    private func outcome(_ left: WeightModels.Model, _ right: WeightModels.Model, reader: TensorReadBack,
                         sides: ComparedSides) -> ComparisonOutcome {
        var outcome = ComparisonOutcome(left: [sides.node(left.summary)], right: [sides.node(right.summary)],
                                        statistic: variant == .inPlace ? "mean_spearman_rho_of_matching" : "mean_spearman_rho_between_matchings",
                                        null: variant == .inPlace ? Self.null : Self.robustNull, result: [:],
                                        interpretation: "", limits: variant == .inPlace ? Self.limits : Self.robustLimits)
        var layers: [LayerResult] = []
        var skipped: [Value] = []
        var control: [String: Value]?
        let shared = Array(Set(left.layers(with: "ffn_up")).intersection(right.layers(with: "ffn_up"))).sorted()
        for layer in shared.prefix(Self.layerLimit) {
            do {
                if variant == .acrossProjections {
                    try testAcrossProjections(left, right, layer: layer, reader: reader, layers: &layers, skipped: &skipped,
                                              control: &control)
                    continue
                }
                // Each side's units, normalized in place: the cosines need no copies of them.
                guard var units = try Self.units(left, layer: layer, reader: reader),
                      var theirs = try Self.units(right, layer: layer, reader: reader) else {
                    skipped.append(.object(["layer": .integer(Int64(layer)), "reason": "no up-projection matrix"]))
                    continue
                }
                guard units.rows == theirs.rows, units.columns == theirs.columns, units.rows > 2 else {
                    skipped.append(.object(["layer": .integer(Int64(layer)),
                                            "reason": .string("shapes differ: \(units.rows) × \(units.columns) against \(theirs.rows) × \(theirs.columns)")]))
                    continue
                }
                units.normalizeRows()
                theirs.normalizeRows()
                layers.append(Self.test(units, theirs, layer: layer, unitRows: true))
                if control == nil {
                    var generator = SeededGenerator(seed: Self.controlSeed)
                    let count = min(units.rows, Self.controlUnits)
                    let sample = RowMatrix(rows: count, columns: units.columns, values: Array(units.values.prefix(count * units.columns)))
                    let result = Self.test(sample, sample.reordered(generator.permutation(count)), layer: layer, unitRows: true)
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
        if variant == .acrossProjections {
            outcome.interpretation = combined.value < Self.alpha
                ? "Independence is rejected (combined p \(figure) over \(layers.count) layer(s)), whatever the order of the hidden units: "
                    + "the units of \(right.summary.evidencePath) matched to \(left.summary.evidencePath)'s by their gate projections are "
                    + "the units matched by their up projections, which independently initialized models do only by chance. The two "
                    + "share a lineage — derived one from the other, with or without its hidden units permuted, or both from a common "
                    + "ancestor, which licensed or permitted reuse also produces; the test does not say which came first."
                : "Independence is not rejected (combined p \(figure) over \(layers.count) layer(s)) even allowing for permuted hidden "
                    + "units. This is what independently trained models give; distillation and retraining leave no weight trace either."
            return outcome
        }
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
    /// A gated layer's rows are joined as they are read, a row of each at a time, so the two
    /// projections are never held beside their join.
    static func units(_ model: WeightModels.Model, layer: Int, reader: TensorReadBack) throws -> RowMatrix? {
        guard let up = model.tensor("ffn_up", layer: layer), up.matrixShape != nil else { return nil }
        guard !up.name.hasSuffix("c_fc.weight") else { return transposed(try reader.matrix(up)) }
        guard let gate = model.tensor("ffn_gate", layer: layer), gate.shape == up.shape else { return try reader.matrix(up) }
        let (upRows, gateRows) = (try reader.rows(up), try reader.rows(gate))
        var values: [Float] = []
        values.reserveCapacity(upRows.rows * (upRows.columns + gateRows.columns))
        for row in 0..<upRows.rows {
            try upRows.withRow(row) { values.append(contentsOf: $0) }
            try gateRows.withRow(row) { values.append(contentsOf: $0) }
        }
        try upRows.checkUnchanged()
        try gateRows.checkUnchanged()
        return RowMatrix(rows: upRows.rows, columns: upRows.columns + gateRows.columns, values: values)
    }

    /// A gated layer tested across projections: the units matched by the gate rows against the
    /// units matched by the up rows; the control is the left layer's first units against
    /// themselves permuted (a positive control: both matchings recover the permutation).
    private func testAcrossProjections(_ left: WeightModels.Model, _ right: WeightModels.Model, layer: Int, reader: TensorReadBack,
                                       layers: inout [LayerResult], skipped: inout [Value], control: inout [String: Value]?) throws {
        guard var mine = try Self.projections(left, layer: layer, reader: reader),
              var theirs = try Self.projections(right, layer: layer, reader: reader) else {
            skipped.append(.object(["layer": .integer(Int64(layer)), "reason": "not a gated FFN: no gate projection of the up projection's shape"]))
            return
        }
        guard mine.up.rows == theirs.up.rows, mine.up.columns == theirs.up.columns, mine.up.rows > 2 else {
            skipped.append(.object(["layer": .integer(Int64(layer)),
                                    "reason": .string("shapes differ: \(mine.up.rows) × \(mine.up.columns) against \(theirs.up.rows) × \(theirs.up.columns)")]))
            return
        }
        // Normalized in place: the cosines need no copies of them.
        mine.gate.normalizeRows()
        mine.up.normalizeRows()
        theirs.gate.normalizeRows()
        theirs.up.normalizeRows()
        layers.append(Self.testAcrossProjections(gate: (mine.gate, theirs.gate), up: (mine.up, theirs.up), layer: layer, unitRows: true))
        guard control == nil else { return }
        var generator = SeededGenerator(seed: Self.controlSeed)
        let count = min(mine.up.rows, Self.controlUnits)
        let order = generator.permutation(count)
        func sample(_ matrix: RowMatrix) -> RowMatrix {
            RowMatrix(rows: count, columns: matrix.columns, values: Array(matrix.values.prefix(count * matrix.columns)))
        }
        let gate = sample(mine.gate), up = sample(mine.up)
        let result = Self.testAcrossProjections(gate: (gate, gate.reordered(order)), up: (up, up.reordered(order)), layer: layer,
                                                unitRows: true)
        control = ["permuted_self": .object([
            "layer": .integer(Int64(layer)), "units": .integer(Int64(count)), "rho": .float(Self.rounded(result.rho, 6)),
            "log10_p": .float(Self.rounded(result.p.log10, 4)), "p_value": .float(Self.pValue(result.p)),
            "reading": "a positive control: the left model's first units (up to 512) against themselves permuted (seeded), gate and up alike; both matchings recover the permutation, so this p-value must be tiny",
        ])]
    }

    /// A gated layer's gate and up projections, each with a unit per row.
    static func projections(_ model: WeightModels.Model, layer: Int, reader: TensorReadBack) throws -> (gate: RowMatrix, up: RowMatrix)? {
        guard let up = model.tensor("ffn_up", layer: layer), up.matrixShape != nil,
              let gate = model.tensor("ffn_gate", layer: layer), gate.shape == up.shape else { return nil }
        return (try reader.matrix(gate), try reader.matrix(up))
    }

    /// One gated layer across projections: the gate matching and the up matching, ρ between them.
    /// `inPlace` counts the units both matchings send to the same unit; the cosines are the gate's.
    /// `unitRows`: the rows are already normalized (``RowMatrix/normalizeRows()``). The gate's
    /// cosines are let go before the up projection's are made.
    static func testAcrossProjections(gate: (RowMatrix, RowMatrix), up: (RowMatrix, RowMatrix), layer: Int,
                                      unitRows: Bool = false) -> LayerResult {
        let n = gate.0.rows
        var matched = 0.0, identity = 0.0
        let byGate: [Int]
        do {
            let gateCosines = RowCosines.matrix(gate.0, gate.1, unitRows: unitRows)
            byGate = LinearAssignment.maximizing(gateCosines, size: n)
            for unit in 0..<n {
                matched += Double(gateCosines[unit * n + byGate[unit]])
                identity += Double(gateCosines[unit * n + unit])
            }
        }
        let byUp = LinearAssignment.maximizing(RowCosines.matrix(up.0, up.1, unitRows: unitRows), size: n)
        // ρ between the two matchings is ρ of (up ∘ gate⁻¹) against the identity.
        var inverse = [Int](repeating: 0, count: n)
        for unit in 0..<n { inverse[byGate[unit]] = unit }
        let composed = (0..<n).map { byUp[inverse[$0]] }
        let rho = RankCorrelation.spearman(identityAgainst: composed)
        let agreeing = (0..<n).filter { byGate[$0] == byUp[$0] }.count
        return LayerResult(layer: layer, units: n, rho: rho, p: RankCorrelation.pValue(rho, pairs: n), inPlace: agreeing,
                           matchedCosine: matched / Double(n), identityCosine: identity / Double(n))
    }

    /// One layer: cosines, the maximum-weight matching, ρ against the identity and its p-value.
    /// `unitRows`: the rows are already normalized (``RowMatrix/normalizeRows()``).
    static func test(_ left: RowMatrix, _ right: RowMatrix, layer: Int, unitRows: Bool = false) -> LayerResult {
        let n = left.rows
        let cosines = RowCosines.matrix(left, right, unitRows: unitRows)
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

    /// A reader of the models' tensors: each file added as itself, and each member of an archive
    /// the run can copy again (``ComparedSides/members``), with the reason for any it cannot.
    ///
    /// `alongside` are other artifacts the method will read (tokenizer files), copied again in
    /// the same walks as the models when they are members of the same containers.
    static func reader(of pairs: [(WeightModels.Model, WeightModels.Model)], in sides: ComparedSides,
                       alongside: [ArtifactRecord] = []) throws -> TensorReadBack {
        let wanted = Set(pairs.flatMap { [$0.0.summary.artifactID, $0.1.summary.artifactID] })
        let exhibits = Set(pairs.flatMap { [$0.0.summary.exhibit, $0.1.summary.exhibit] })
        var found: [ArtifactRecord] = []
        for exhibit in exhibits.sorted() {
            try sides.view.forEachArtifact(exhibit: exhibit) { artifact in
                if wanted.contains(artifact.id) { found.append(artifact) }
            }
        }
        sides.prepareFiles(found + alongside)
        var sources: [String: String] = [:], refusals: [String: String] = [:]
        for artifact in found {
            do {
                sources[artifact.id] = try sides.file(of: artifact)
            } catch {
                refusals[artifact.id] = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
            }
        }
        return TensorReadBack(sources: sources, refusals: refusals)
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

    static let robustNull: [String: Value] = [
        "kind": "approximate",
        "hypothesis": "the two models were trained from independent random initializations (any training data)",
        "distribution": "each layer's rho is read against Spearman's null for n units and layers are combined by Fisher's method; this is exact when the matching found from the gate projections is independent of the one found from the up projections, as at independent initialization, and approximate after training couples each unit's gate and up rows; the false-positive rate on generated independent pairs is measured in the tests",
        "assumptions": "gated FFNs (a gate and an up projection of one shape) of the same shapes; an initialization that treats hidden units exchangeably",
        "source": "the cross-projection matching of S. Zhu, A. Ahmed, R. Kuditipudi, P. Liang, Independence Tests for Language Models, ICML 2025 (arXiv:2502.12292), applied to the weights",
    ]

    static let robustLimits = "Rejecting independence shows shared lineage, not copying: a licensed base model, a common public "
        + "ancestor or permitted reuse give the same result. The null is approximate (see null.distribution): read a borderline "
        + "p-value with care, a vanishing one as shared lineage. Only gated FFNs are tested (GPT-2-style layers are skipped); a "
        + "derived model whose gate and up projections were permuted differently, or re-initialized, defeats it; distillation "
        + "and retraining leave no weight trace. It costs two assignments per layer. Tensors inside archives are read from copies "
        + "of their members made again for the comparison; a file changed since intake is refused by its tensor digests."

    static let limits = "Rejecting independence shows shared lineage, not copying: a licensed base model, a common public ancestor "
        + "or permitted reuse give the same result. Permuting the hidden units of a derived model (a change that leaves its "
        + "outputs the same) defeats this test: the matching then follows the permutation, rho is near 0, and only a high "
        + "mean matched cosine beside a low rho hints at it; that figure has no exact null. Distillation and retraining leave "
        + "no weight trace. Layers of different shapes are skipped; tensors inside archives are read from copies of their "
        + "members made again for the comparison (one read at intake by an external extractor is not: extract and add it); a "
        + "file changed since intake is refused by its tensor digests. The layer p-values use the t "
        + "approximation, as SciPy does; they are combined as if independent across layers."
}
