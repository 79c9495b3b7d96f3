import CaseStore
import EvidenceKit
import Foundation

/// `compare.weights.layer_statistics`: the per-layer weight-statistics fingerprint — the standard
/// deviation of each layer's Q, K, V and O projections, correlated between the two models — and
/// the norm weights compared by mean-centred correlation, each read only beside its null.
///
/// Both are weak on their own and have misled before: a raw fingerprint correlation of 0.927
/// between two accused models meant little when two unrelated models scored 0.91, because every
/// transformer's statistics follow its roles and depth; and a raw cosine of 0.99 between norm
/// weights fell to about 0.01 once mean-centred, since every norm weight sits near 1. So the
/// fingerprint is reported raw and with each role centred, always beside a within-model shuffle of
/// the layers (seeded) and beside the same statistic for the case's other models; norm weights
/// only mean-centred, with the raw cosine shown to say why not.
public struct LayerStatistics: ComparisonMethod {
    public let id = "compare.weights.layer_statistics"
    public let version = "1"
    public let summary = "the per-layer Q/K/V/O standard-deviation fingerprint (raw and role-centred Pearson) beside a within-model layer shuffle and the case's other models; norm weights by mean-centred correlation"
    static let roles = ["attn_q", "attn_k", "attn_v", "attn_o"]
    static let normRoles = ["attn_norm", "ffn_norm"]
    static let shuffles = 999
    static let seed: UInt64 = 20_250_227

    public var parameters: [String: Value] {
        ["roles": .list(Self.roles.map(Value.string)), "statistic": "Pearson correlation of per-layer standard deviations, each role centred and scaled across layers",
         "null": "within-model shuffle of the right model's layer order", "shuffles": .integer(Int64(Self.shuffles)),
         "seed": .integer(Int64(Self.seed)), "norm_roles": .list(Self.normRoles.map(Value.string)),
         "norm_statistic": "mean-centred (Pearson) correlation per layer; raw cosine shown only as a warning"]
    }

    public init() {}

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let models = try WeightModels(sides)
        let pairs = models.pairs(limit: IndependenceTest.pairLimit)
        guard !pairs.isEmpty else { return [] }
        let reader = try IndependenceTest.reader(of: pairs, in: sides)
        return pairs.compactMap { pair in outcome(pair.0, pair.1, others: models.others, reader: reader, sides: sides) }
    }

    /// A model's fingerprint: std by role, one list per role over the layers.
    private static func fingerprint(_ model: WeightModels.Model, layers: [Int]) -> [[Double]]? {
        var byRole: [[Double]] = []
        for role in roles {
            var values: [Double] = []
            for layer in layers {
                guard let std = model.tensor(role, layer: layer)?.std else { return nil }
                values.append(std)
            }
            byRole.append(values)
        }
        return byRole
    }

    /// The layers every role has a standard deviation in, in both models.
    private static func sharedLayers(_ left: WeightModels.Model, _ right: WeightModels.Model) -> [Int] {
        var layers = Set(left.layers(with: roles[0])).intersection(right.layers(with: roles[0]))
        for role in roles.dropFirst() { layers.formIntersection(Set(left.layers(with: role)).intersection(right.layers(with: role))) }
        return layers.sorted().filter { layer in
            roles.allSatisfy { left.tensor($0, layer: layer)?.std != nil && right.tensor($0, layer: layer)?.std != nil }
        }
    }

    private func outcome(_ left: WeightModels.Model, _ right: WeightModels.Model, others: [WeightModels.Model],
                         reader: TensorReadBack, sides: ComparedSides) -> ComparisonOutcome? {
        let layers = Self.sharedLayers(left, right)
        guard layers.count >= 3, let mine = Self.fingerprint(left, layers: layers),
              let theirs = Self.fingerprint(right, layers: layers) else { return nil }
        var outcome = ComparisonOutcome(left: [sides.node(left.summary)], right: [sides.node(right.summary)],
                                        statistic: "role_centred_pearson_of_layer_std", null: [:], result: [:],
                                        interpretation: "", limits: Self.limits)
        let raw = Self.pearson(mine.flatMap { $0 }, theirs.flatMap { $0 })
        let centred = Self.pearson(Self.centred(mine), Self.centred(theirs))
        // The within-model shuffle: the right model's layers in a random order, roles kept.
        var generator = SeededGenerator(seed: Self.seed)
        var rawAtLeast = 0, centredAtLeast = 0
        var nullCentred: [Double] = []
        for _ in 0..<Self.shuffles {
            let order = generator.permutation(layers.count)
            let shuffled = theirs.map { values in order.map { values[$0] } }
            let shuffledRaw = Self.pearson(mine.flatMap { $0 }, shuffled.flatMap { $0 })
            let shuffledCentred = Self.pearson(Self.centred(mine), Self.centred(shuffled))
            if shuffledRaw >= raw { rawAtLeast += 1 }
            if shuffledCentred >= centred { centredAtLeast += 1 }
            nullCentred.append(shuffledCentred)
        }
        let pCentred = Double(1 + centredAtLeast) / Double(1 + Self.shuffles)
        let pRaw = Double(1 + rawAtLeast) / Double(1 + Self.shuffles)
        nullCentred.sort()
        // Unrelated references: the case's other models with the same layers, against each side.
        var references: [Value] = []
        for other in others.prefix(IndependenceTest.pairLimit) {
            guard Self.sharedLayers(left, other) == layers, let reference = Self.fingerprint(other, layers: layers) else { continue }
            outcome.references.append(sides.node(other.summary))
            references.append(.object([
                "model": .string(other.summary.evidencePath),
                "raw_with_left": .float(IndependenceTest.rounded(Self.pearson(mine.flatMap { $0 }, reference.flatMap { $0 }), 6)),
                "raw_with_right": .float(IndependenceTest.rounded(Self.pearson(theirs.flatMap { $0 }, reference.flatMap { $0 }), 6)),
                "centred_with_left": .float(IndependenceTest.rounded(Self.pearson(Self.centred(mine), Self.centred(reference)), 6)),
                "centred_with_right": .float(IndependenceTest.rounded(Self.pearson(Self.centred(theirs), Self.centred(reference)), 6)),
            ]))
        }
        let norms = Self.norms(left, right, reader: reader)
        outcome.score = IndependenceTest.rounded(centred, 6)
        outcome.pValue = IndependenceTest.rounded(pCentred, 6)
        outcome.null = [
            "kind": "permutation",
            "hypothesis": "the right model's per-layer pattern is unrelated to the left's beyond what each role's overall scale gives",
            "method": .string("\(Self.shuffles) seeded shuffles of the right model's layer order (roles kept); p = (1 + shuffles at least as high) / (1 + shuffles)"),
            "smallest_p_possible": .float(IndependenceTest.rounded(1 / Double(min(Self.shuffles, Self.factorial(layers.count)) + 1), 6)),
            "shuffled_centred_histogram": .object([
                "from": -1, "to": 1, "counts": .list(Self.histogram(nullCentred, bins: 20).map { .integer(Int64($0)) }),
            ]),
            "shuffled_centred_quantiles": .object([
                "q05": .float(IndependenceTest.rounded(nullCentred[nullCentred.count / 20], 6)),
                "q50": .float(IndependenceTest.rounded(nullCentred[nullCentred.count / 2], 6)),
                "q95": .float(IndependenceTest.rounded(nullCentred[nullCentred.count * 19 / 20], 6)),
            ]),
            "unrelated_models": references.isEmpty
                ? "none in the case: add models of similar shape that both parties agree are unrelated, and compare again"
                : .list(references),
        ]
        outcome.controls = ["raw_pearson_shuffle_p": .float(IndependenceTest.rounded(pRaw, 6)),
                            "reading": "the raw fingerprint against the same shuffles: a raw correlation the shuffles also reach is role and depth structure, not lineage"]
        outcome.result = [
            "left_model": .string(left.summary.evidencePath), "right_model": .string(right.summary.evidencePath),
            "layers": .integer(Int64(layers.count)), "raw_pearson": .float(IndependenceTest.rounded(raw, 6)),
            "role_centred_pearson": .float(IndependenceTest.rounded(centred, 6)),
            "left_std": .object(Dictionary(uniqueKeysWithValues: zip(Self.roles, mine).map { ($0, .list($1.map { .float($0) })) })),
            "right_std": .object(Dictionary(uniqueKeysWithValues: zip(Self.roles, theirs).map { ($0, .list($1.map { .float($0) })) })),
            "norms": norms,
        ]
        let rawText = String(format: "%.3f", raw), centredText = String(format: "%.3f", centred)
        outcome.interpretation = "The fingerprint correlates at \(rawText) raw and \(centredText) with each role centred, over \(layers.count) "
            + "layers; a shuffle of the right model's layers reaches the centred figure with p = \(String(format: "%.3f", pCentred)). "
            + (references.isEmpty ? "No unrelated model in the case calibrates it. " : "The case's other models give the figures under null.unrelated_models. ")
            + "This is weak evidence whichever way it points: read it only beside the independence test and the identical tensors."
        return outcome
    }

    /// Norm weights per layer: mean-centred correlation, and the raw cosine that misleads.
    private static func norms(_ left: WeightModels.Model, _ right: WeightModels.Model, reader: TensorReadBack) -> Value {
        var compared: [Value] = []
        var skipped: [Value] = []
        for role in normRoles {
            for layer in Set(left.layers(with: role)).intersection(right.layers(with: role)).sorted().prefix(IndependenceTest.layerLimit) {
                guard let mine = left.tensor(role, layer: layer), let theirs = right.tensor(role, layer: layer),
                      mine.shape.count == 1, mine.shape == theirs.shape else { continue }
                do {
                    let a = try reader.read(mine).map(Double.init), b = try reader.read(theirs).map(Double.init)
                    compared.append(.object([
                        "role": .string(role), "layer": .integer(Int64(layer)),
                        "centred_pearson": .float(IndependenceTest.rounded(pearson(a, b), 6)),
                        "raw_cosine": .float(IndependenceTest.rounded(cosine(a, b), 6)),
                    ]))
                } catch {
                    skipped.append(.object(["role": .string(role), "layer": .integer(Int64(layer)), "reason": .string("\(error)")]))
                }
            }
        }
        return .object(["compared": .list(compared), "skipped": .list(skipped),
                        "reading": "norm weights all sit near 1, so their raw cosine is near 1 for any two models; only the mean-centred correlation says anything"])
    }

    /// Counts of `values` in `bins` equal bins over [−1, 1] (1 falls in the last).
    static func histogram(_ values: [Double], bins: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: bins)
        for value in values where value.isFinite {
            let bin = Int(((value + 1) / 2 * Double(bins)).rounded(.down))
            counts[min(max(bin, 0), bins - 1)] += 1
        }
        return counts
    }

    /// Each role's values centred on their mean across layers and scaled by their deviation.
    static func centred(_ byRole: [[Double]]) -> [Double] {
        byRole.flatMap { values -> [Double] in
            let mean = values.reduce(0, +) / Double(values.count)
            let spread = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            return values.map { spread > 0 ? ($0 - mean) / spread : 0 }
        }
    }

    /// Pearson's correlation (0 when either side is constant).
    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        guard x.count == y.count, x.count > 1 else { return 0 }
        let meanX = x.reduce(0, +) / Double(x.count), meanY = y.reduce(0, +) / Double(y.count)
        var xy = 0.0, xx = 0.0, yy = 0.0
        for index in x.indices {
            let dx = x[index] - meanX, dy = y[index] - meanY
            xy += dx * dy
            xx += dx * dx
            yy += dy * dy
        }
        return xx > 0 && yy > 0 ? xy / (xx * yy).squareRoot() : 0
    }

    static func cosine(_ x: [Double], _ y: [Double]) -> Double {
        var xy = 0.0, xx = 0.0, yy = 0.0
        for index in x.indices {
            xy += x[index] * y[index]
            xx += x[index] * x[index]
            yy += y[index] * y[index]
        }
        return xx > 0 && yy > 0 ? xy / (xx * yy).squareRoot() : 0
    }

    static func factorial(_ n: Int) -> Int {
        var product = 1
        for k in stride(from: 2, through: n, by: 1) {
            let (next, overflow) = product.multipliedReportingOverflow(by: k)
            if overflow { return .max }
            product = next
        }
        return product
    }

    static let limits = "Per-layer statistics are shared by unrelated models of the same design (initialization scale by role, "
        + "depth trends), so a high raw correlation means little: the role-centred figure and the shuffle null remove part of "
        + "that, not all. With few layers the shuffle cannot give a small p-value (see null.smallest_p_possible). Fine-tuning "
        + "changes statistics little, so a derived model correlates highly, but so can an independent model trained the same "
        + "way. The standard deviations are the extractor's, over dequantized values. Norm weights inside archives are read "
        + "from copies of their members made again for the comparison."
}
