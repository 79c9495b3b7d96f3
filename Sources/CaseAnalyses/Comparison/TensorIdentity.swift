import CaseStore
import EvidenceKit

/// `compare.weights.identical_tensors`: tensors whose stored bytes are identical on both sides
/// (`weights.tensor` SHA-256), as the fraction of the left side's *learned* parameters found
/// byte for byte on the right, and the other way round.
///
/// Two kinds of identical tensor are set apart, because unrelated models share them: fixed
/// buffers (rotary frequencies, position ids, masks: `learned: false`) and constant tensors (every
/// value the same, as a norm weight of ones before training). They are listed as controls and
/// never counted.
public struct TensorIdentity: ComparisonMethod {
    public let id = "compare.weights.identical_tensors"
    public let version = "1"
    public let summary = "the fraction of learned parameters whose tensors are byte for byte identical (SHA-256), fixed buffers and constants set apart"
    /// How many identical tensors are listed by name; the fractions count them all.
    static let listed = 1000
    public var parameters: [String: Value] {
        ["digest": "sha256 of each tensor's stored bytes", "excluded": "fixed buffers (learned: false), constant tensors (std 0)",
         "weighted_by": "elements", "listed": .integer(Int64(Self.listed))]
    }

    public init() {}

    /// One tensor as this method reads it.
    private struct Tensor {
        var name: String
        var digest: String
        var elements: Int64
        var kind: Kind
        enum Kind { case learned, fixedBuffer, constant }
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let summaries = try sides.findings(["weights.summary"])
        guard !summaries.left.isEmpty, !summaries.right.isEmpty else { return [] }
        var left: [Tensor] = [], right: [Tensor] = []
        try sides.view.forEachFinding(FindingQuery(kinds: ["weights.tensor"])) { finding in
            let onLeft = sides.left.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath)
            let onRight = sides.right.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath)
            guard onLeft || onRight, let tensor = Self.tensor(ComparedSides.attributes(finding)) else { return }
            if onLeft { left.append(tensor) }
            if onRight { right.append(tensor) }
        }
        let rightDigests = Dictionary(right.map { ($0.digest, $0.name) }, uniquingKeysWith: { first, _ in first })
        let leftDigests = Set(left.map(\.digest))
        func learned(_ tensors: [Tensor]) -> Int64 { tensors.filter { $0.kind == .learned }.reduce(0) { $0 + $1.elements } }
        let leftLearned = learned(left), rightLearned = learned(right)
        var identicalLearned: Int64 = 0
        var listed: [Value] = []
        var identicalCount = 0, fixedIdentical: [String] = [], constantIdentical: [String] = []
        for tensor in left {
            guard let match = rightDigests[tensor.digest] else { continue }
            switch tensor.kind {
            case .fixedBuffer: fixedIdentical.append(tensor.name)
            case .constant: constantIdentical.append(tensor.name)
            case .learned:
                identicalLearned += tensor.elements
                identicalCount += 1
                if listed.count < Self.listed {
                    listed.append(.object(["left": .string(tensor.name), "right": .string(match),
                                           "sha256": .string(tensor.digest), "elements": .integer(tensor.elements)]))
                }
            }
        }
        let rightIdenticalLearned = right.filter { $0.kind == .learned && leftDigests.contains($0.digest) }
            .reduce(Int64(0)) { $0 + $1.elements }
        let leftFraction = leftLearned == 0 ? 0 : Double(identicalLearned) / Double(leftLearned)
        let rightFraction = rightLearned == 0 ? 0 : Double(rightIdenticalLearned) / Double(rightLearned)
        var outcome = ComparisonOutcome(left: summaries.left.map(sides.node), right: summaries.right.map(sides.node),
                                        statistic: "learned_parameter_fraction_identical", null: [:], result: [:],
                                        interpretation: "", limits: "")
        outcome.score = leftFraction
        outcome.null = [
            "kind": "exact",
            "reading": "independently initialised or trained floating-point tensors do not share bytes: a learned, non-constant tensor identical on both sides is not chance",
        ]
        outcome.controls = [
            "fixed_buffers_identical": .list(fixedIdentical.prefix(Self.listed).map(Value.string)),
            "constant_tensors_identical": .list(constantIdentical.prefix(Self.listed).map(Value.string)),
            "reading": "unrelated models share these byte for byte; they are not counted",
        ]
        outcome.result = [
            "left_tensors": .integer(Int64(left.count)), "right_tensors": .integer(Int64(right.count)),
            "left_learned_parameters": .integer(leftLearned), "right_learned_parameters": .integer(rightLearned),
            "identical_learned_tensors": .integer(Int64(identicalCount)),
            "identical_learned_parameters_left": .integer(identicalLearned),
            "identical_learned_parameters_right": .integer(rightIdenticalLearned),
            "left_fraction_identical": .float(leftFraction), "right_fraction_identical": .float(rightFraction),
            "identical": .list(listed), "listed_all": .bool(identicalCount <= Self.listed),
        ]
        let share = ContentComparison.percent(leftFraction), back = ContentComparison.percent(rightFraction)
        outcome.interpretation = identicalCount == 0
            ? "No learned tensor of \(sides.left.name) is byte for byte in \(sides.right.name)"
                + " (\(fixedIdentical.count) fixed buffer(s) and \(constantIdentical.count) constant tensor(s) are, as unrelated models' are)."
            : "\(identicalCount) learned tensor(s) are byte for byte identical: \(share) of \(sides.left.name)'s learned parameters "
                + "are in \(sides.right.name), and \(back) of \(sides.right.name)'s are in \(sides.left.name). Identical learned "
                + "tensors show that the two sides' weights share a lineage (one taken from the other, or both from a common "
                + "source, such as a licensed base model or a frozen public embedding)."
        outcome.limits = "Only exact byte identity is found: any fine-tuning, added noise, re-quantization or change of dtype "
            + "makes a tensor's bytes differ, and then this method shows nothing — the statistical methods of a later version "
            + "address derived weights. Distillation and retraining leave no weight trace at all. Tensors the extractor did "
            + "not hash (views, unread data) are not compared."
        return [outcome]
    }

    private static func tensor(_ attributes: [String: Value]) -> Tensor? {
        guard case .string(let name)? = attributes["name"], case .string(let digest)? = attributes["sha256"] else { return nil }
        let elements: Int64
        switch attributes["elements"] {
        case .integer(let count)?: elements = count
        default: elements = 0
        }
        let kind: Tensor.Kind
        if attributes["learned"] == false {
            kind = .fixedBuffer
        } else if attributes["std"] == .integer(0) || attributes["std"] == .float(0) || (attributes["min"] != nil && attributes["min"] == attributes["max"]) {
            kind = .constant
        } else {
            kind = .learned
        }
        return Tensor(name: name, digest: digest, elements: elements, kind: kind)
    }
}
