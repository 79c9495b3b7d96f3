import EvidenceFormats
import EvidenceKit
import Foundation

/// A model-architecture configuration (Hugging Face `config.json`, Mistral `params.json`,
/// DeepSeek, Megatron / NeMo `model:` sections) → one `ml.architecture` finding with normalized
/// fields and a fingerprint: SHA-256 over the canonical architecture-defining fields, also an
/// entity, so identical architectures meet in the graph whatever the files call their fields.
enum ArchitectureRecognizer {
    static func recognize(_ document: ConfigDocument, into sink: any FindingSink) {
        // NeMo and Megatron keep the model under `model:`.
        for (section, node) in [("", document.root), ("/model", document.root["model"])] {
            guard let node, case .object = node, node.uniformKind == nil else { continue }
            var fields: [String: Value] = [:]
            var sources: [String: Value] = [:]
            for (field, keys) in MLVocabulary.architectureFields {
                guard let key = keys.first(where: { node[$0] != nil }), let value = node[key]?.value else { continue }
                fields[field] = MLVocabulary.canonical(value)
                sources[field] = .string(section + "/" + key)
            }
            let (fingerprint, shapeFields) = MLVocabulary.architectureFingerprint(fields)
            let named = fields["model_type"] != nil || fields["architectures"] != nil
            guard shapeFields.count >= 3, named || shapeFields.count >= 4 else { continue }
            var attributes = fields
            attributes["fingerprint"] = .string(fingerprint)
            attributes["fingerprint_fields"] = .list(shapeFields.map(Value.string))
            attributes["source_keys"] = .object(sources)
            let name = fields["architectures"].map { $0.description } ?? fields["model_type"]?.description ?? "unnamed"
            var mentions = [EntityRef(kind: .architectureFingerprint, value: fingerprint, role: "fingerprint")]
            if case .string(let type)? = fields["model_type"] { mentions.append(EntityRef(kind: "model_type", value: type)) }
            sink.emit(Finding("ml.architecture",
                              summary: "\(name): \(fields["num_hidden_layers"]?.description ?? "?") layers, hidden "
                                  + "\(fields["hidden_size"]?.description ?? "?"), \(fields["num_attention_heads"]?.description ?? "?") heads"
                                  + (fields["num_local_experts"].map { ", \($0) experts" } ?? "")
                                  + " — fingerprint \(fingerprint.prefix(12))",
                              attributes: attributes, at: Locator(jsonPointer: section.isEmpty ? "" : section), mentions: mentions))
            return
        }
    }
}
