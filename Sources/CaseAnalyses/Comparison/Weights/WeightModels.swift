import CaseStore
import EvidenceKit

/// The models on each side of a comparison, as the weights extractor described them: each file
/// with a `weights.summary`, and its tensors (`weights.tensor`) in read order.
struct WeightModels {
    /// One model file and its tensors.
    struct Model {
        var summary: FindingRecord
        var tensors: [StoredTensor]

        /// The tensor of `role` in `layer` (its weight, not a bias), when there is one.
        func tensor(_ role: String, layer: Int) -> StoredTensor? {
            tensors.first { $0.role == role && $0.layer == layer && !$0.name.hasSuffix("bias") }
        }

        /// The layers holding a tensor of `role`, ascending.
        func layers(with role: String) -> [Int] {
            Array(Set(tensors.compactMap { $0.role == role && !$0.name.hasSuffix("bias") ? $0.layer : nil })).sorted()
        }
    }

    var left: [Model] = []
    var right: [Model] = []
    /// Models of the case on neither side: unrelated references, when the examiner added some.
    var others: [Model] = []

    /// Reads every model of the case and sorts it to its side.
    init(_ sides: ComparedSides) throws {
        var summaries: [String: FindingRecord] = [:]
        var order: [String] = []
        try sides.view.forEachFinding(FindingQuery(kinds: ["weights.summary"])) { summary in
            if summaries[summary.artifactID] == nil { order.append(summary.artifactID) }
            summaries[summary.artifactID] = summaries[summary.artifactID] ?? summary
        }
        // An ONNX initializer's scalar scale and zero point are on a finding of their own.
        var quantization: [String: [String: (scale: Double?, zeroPoint: Double?)]] = [:]
        try sides.view.forEachFinding(FindingQuery(kinds: ["weights.quantization"])) { finding in
            let attributes = ComparedSides.attributes(finding)
            guard case .string(let name)? = attributes["tensor"] else { return }
            quantization[finding.artifactID, default: [:]][name] = (StoredTensor.number(attributes["scale"]),
                                                                    StoredTensor.number(attributes["zero_point"]))
        }
        var tensors: [String: [StoredTensor]] = [:]
        try sides.view.forEachFinding(FindingQuery(kinds: ["weights.tensor"])) { finding in
            guard summaries[finding.artifactID] != nil, var tensor = StoredTensor(finding) else { return }
            if let quantized = quantization[finding.artifactID]?[tensor.name] {
                tensor.scale = tensor.scale ?? quantized.scale
                tensor.zeroPoint = tensor.zeroPoint ?? quantized.zeroPoint
            }
            tensors[finding.artifactID, default: []].append(tensor)
        }
        for artifact in order {
            let summary = summaries[artifact]!
            let model = Model(summary: summary, tensors: tensors[artifact] ?? [])
            let onLeft = sides.left.holds(exhibit: summary.exhibit, evidencePath: summary.evidencePath)
            let onRight = sides.right.holds(exhibit: summary.exhibit, evidencePath: summary.evidencePath)
            if onLeft { left.append(model) }
            if onRight { right.append(model) }
            if !onLeft, !onRight { others.append(model) }
        }
    }

    /// The pairs to compare, left × right, at most `limit` of them, in read order.
    func pairs(limit: Int) -> [(Model, Model)] {
        var pairs: [(Model, Model)] = []
        for model in left {
            for other in right where pairs.count < limit { pairs.append((model, other)) }
        }
        return pairs
    }
}
