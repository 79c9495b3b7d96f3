import EvidenceFormats
import EvidenceKit
import Foundation

/// `model.safetensors.index.json` → `ml.weights_index`: how many tensors, in which shard files,
/// how many bytes, and the layer structure the tensor names reveal (layer count, the tensor
/// names of one layer) — comparable across releases without the weights.
enum SafetensorsIndexRecognizer {
    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) throws {
        guard case .object(let tensors, _)? = document.root["weight_map"], !tensors.isEmpty else { return }
        // Each tensor's file from its own member: looking each name up again scanned the map.
        var shardSet = Set<String>()
        var layers = Set<Int>()
        var perLayer = Set<String>()
        for (index, tensor) in tensors.enumerated() {
            if index % 4096 == 4095 { try document.limits.checkDeadline() }
            if case .scalar(.string(let file), _) = tensor.node { shardSet.insert(file) }
            let name = tensor.key
            let parts = name.split(separator: ".").map(String.init)
            guard let at = parts.firstIndex(where: { $0 == "layers" || $0 == "h" || $0 == "blocks" }), at + 1 < parts.count,
                  let layer = Int(parts[at + 1]) else { continue }
            layers.insert(layer)
            perLayer.insert(parts[(at + 2)...].joined(separator: "."))
        }
        let shards = shardSet.sorted()
        var attributes: [String: Value] = [
            "tensors": .integer(Int64(tensors.count)), "shards": .list(shards.map { Value.string($0) }),
            "layers": .integer(Int64(layers.count)), "tensors_per_layer": .list(perLayer.sorted().map { Value.string($0) }),
        ]
        if let total = document.root.at("metadata/total_size")?.value { attributes["total_size"] = MLVocabulary.canonical(total) }
        let size = attributes["total_size"].map { ", \($0) bytes" } ?? ""
        sink.emit(Finding("ml.weights_index",
                          summary: "\(tensors.count) tensors in \(shards.count) shard(s), \(layers.count) layers\(size)",
                          attributes: attributes, at: Locator(jsonPointer: "/weight_map")))
    }
}
