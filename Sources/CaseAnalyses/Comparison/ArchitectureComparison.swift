import CaseStore
import EvidenceFormats
import EvidenceKit

/// `compare.architecture`: normalized `ml.architecture` findings compared field by field, each
/// matching value read against how many public models share it (``PublicArchitectures``), and
/// the whole matching combination against the same table.
///
/// Each left architecture is paired with the right one that agrees with it on most fields (ties:
/// the first read); one analysis per left architecture.
public struct ArchitectureComparison: ComparisonMethod {
    public let id = "compare.architecture"
    public let version = "1"
    public let summary = "ml.architecture field by field, each match read against a table of public model configurations"
    /// The fields compared, in MLVocabulary's names.
    static let fields = [
        "model_type", "num_hidden_layers", "hidden_size", "intermediate_size", "num_attention_heads", "num_key_value_heads",
        "head_dim", "vocab_size", "max_position_embeddings", "rope_theta", "rms_norm_eps", "layer_norm_eps",
        "layer_norm_epsilon", "tie_word_embeddings", "num_local_experts", "hidden_act",
    ]
    public var parameters: [String: Value] {
        ["fields": .list(Self.fields.map(Value.string)), "reference": .string("public-architectures " + PublicArchitectures.version)]
    }

    public init() {}

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let found = try sides.findings(["ml.architecture"])
        guard !found.right.isEmpty else { return [] }
        let rights = found.right.map { ($0, Self.stated(ComparedSides.attributes($0))) }
        return found.left.map { finding in
            let mine = Self.stated(ComparedSides.attributes(finding))
            var best = rights[0]
            var bestCount = -1
            for candidate in rights {
                let count = Self.fields.filter { mine[$0] != nil && mine[$0] == candidate.1[$0] }.count
                if count > bestCount { best = candidate; bestCount = count }
            }
            return outcome(sides, left: (finding, mine), right: best)
        }
    }

    private func outcome(_ sides: ComparedSides, left: (FindingRecord, [String: Value]),
                         right: (FindingRecord, [String: Value])) -> ComparisonOutcome {
        var rows: [Value] = []
        var equal: [String: Value] = [:]
        var compared = 0
        for field in Self.fields {
            guard let mine = left.1[field], let theirs = right.1[field] else { continue }
            compared += 1
            var row: [String: Value] = ["field": .string(field), "left": mine, "right": theirs, "equal": .bool(mine == theirs)]
            if mine == theirs {
                equal[field] = mine
                let sharing = PublicArchitectures.models.filter { Self.stated($0.fields)[field] == mine }
                row["public_models"] = .integer(Int64(sharing.count))
                row["public_examples"] = .list(sharing.prefix(5).map { .string($0.name) })
            }
            rows.append(.object(row))
        }
        let models = PublicArchitectures.models
        // Public models stating every field that matched, with the same values: the combination's frequency.
        let combination = models.filter { model in
            let stated = Self.stated(model.fields)
            return !equal.isEmpty && equal.allSatisfy { stated[$0.key] == $0.value }
        }
        // The public model closest to the left side: a control for "both sides used a public configuration".
        var closest: (name: String, equal: Int, stated: Int)?
        for model in models {
            let stated = Self.stated(model.fields)
            let shared = Self.fields.filter { left.1[$0] != nil && stated[$0] != nil }
            let agreeing = shared.filter { left.1[$0] == stated[$0] }.count
            if closest == nil || agreeing > closest!.equal { closest = (model.name, agreeing, shared.count) }
        }
        var outcome = ComparisonOutcome(left: [sides.node(left.0)], right: [sides.node(right.0)],
                                        statistic: "fields_equal_fraction", null: [:], result: [:], interpretation: "", limits: "")
        outcome.score = compared == 0 ? nil : Double(equal.count) / Double(compared)
        outcome.null = [
            "kind": "reference_table", "table": .string("public-architectures " + PublicArchitectures.version),
            "models": .integer(Int64(models.count)), "combination_found_in": .integer(Int64(combination.count)),
            "combination_examples": .list(combination.prefix(10).map { .string($0.name) }),
            "reading": "a field or combination that public models share is evidence of a common public design, not of copying",
        ]
        if let closest {
            outcome.controls = ["closest_public_model_to_left": .string(closest.name),
                                "fields_equal": .integer(Int64(closest.equal)), "fields_compared": .integer(Int64(closest.stated))]
        }
        outcome.result = ["fields": .list(rows), "fields_compared": .integer(Int64(compared)),
                          "fields_equal": .integer(Int64(equal.count))]
        let uncommon = rows.compactMap { row -> String? in
            guard case .object(let fields) = row, fields["equal"] == true, fields["public_models"] == .integer(0),
                  case .string(let name)? = fields["field"] else { return nil }
            return name
        }
        var words = "\(equal.count) of \(compared) architecture fields stated on both sides are equal "
            + "(\(left.0.evidencePath) and \(right.0.evidencePath)). "
        if equal.isEmpty {
            words += "The two configurations describe different models."
        } else {
            words += combination.isEmpty
                ? "No model in the reference table of \(models.count) public configurations has this whole combination of matching values"
                : "\(combination.count) of \(models.count) public configurations in the reference table share this whole combination "
                    + "(\(combination.prefix(3).map(\.name).joined(separator: ", ")))"
            words += uncommon.isEmpty ? "; every matching value is also used by public models."
                : "; matching values no public model in the table uses: \(uncommon.joined(separator: ", "))."
        }
        outcome.interpretation = words
        outcome.limits = "Architecture fields are few and public designs are copied legitimately all the time: equal fields "
            + "show a shared design, never copied weights or code. The reference table holds \(models.count) public models read "
            + "from their published configurations (some from copies; see each row's source) and is not a random sample, so "
            + "its frequencies are indicative. Names of model classes are not compared."
        return outcome
    }

    /// The compared fields a configuration states, canonical.
    static func stated(_ attributes: [String: Value]) -> [String: Value] {
        var stated: [String: Value] = [:]
        for field in fields {
            if let value = attributes[field], value != .null { stated[field] = MLVocabulary.canonical(value) }
        }
        return stated
    }
}
