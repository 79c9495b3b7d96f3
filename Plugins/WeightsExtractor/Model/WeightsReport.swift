import Crypto
import EvidenceFormats
import EvidenceKit
import Foundation

/// The findings made from one file's inventory, once its reader is done: the summary, the
/// architecture its metadata declares, where that metadata and the tensors disagree, value and
/// reward heads, and one bulk finding per tensor.
enum WeightsReport {
    static func emit(_ inventory: WeightsInventory, into sink: any FindingSink) {
        let records = inventory.records
        let inferred = ArchitectureInference.infer(records)
        var headline = summary(inventory, inferred: inferred)
        // The statistics down the model's depth, one series per kind of tensor and statistic.
        headline.series = LayerSeries.sequences(records).map { sequence in
            var series = Series(name: sequence.name, axis: .step)
            for (layer, value) in zip(sequence.layers, sequence.values) { series.append(step: layer, value: value) }
            return series
        }
        if !headline.series.isEmpty { headline.attributes["layer_series"] = .integer(Int64(headline.series.count)) }
        sink.emit(headline)
        if !inventory.declaredArchitecture.isEmpty { sink.emit(declaredArchitecture(inventory)) }
        var statements = inventory.declaredArchitecture.keys.sorted().map { field in
            (field: field, value: inventory.declaredArchitecture[field]!,
             source: inventory.declaredSources[field]?.description ?? field)
        }
        statements += inventory.crossChecks
        crossCheck(statements, inferred: inferred.fields, into: sink)
        heads(records, into: sink)
        for record in records { sink.emit(record.finding()) }
    }

    private static func summary(_ inventory: WeightsInventory,
                                inferred: (fields: [String: Value], notes: [String])) -> Finding {
        let records = inventory.records
        var dtypes: [String: Int64] = [:]
        var parameters: Int64 = 0, learned: Int64 = 0, bytes: Int64 = 0
        var fixed: [String] = []
        for record in records {
            dtypes[record.encoding.name, default: 0] += 1
            let count = record.elementCount ?? 0
            parameters = parameters.addingReportingOverflow(count).partialValue
            bytes = bytes.addingReportingOverflow(record.length ?? 0).partialValue
            if record.fixedBuffer == nil { learned = learned.addingReportingOverflow(count).partialValue } else { fixed.append(record.name) }
        }
        let tensorCount = Int64(records.count) + inventory.unlistedTensors
        var architecture = inferred.fields
        architecture["source"] = "tensor_names_and_shapes"
        if !inferred.notes.isEmpty { architecture["notes"] = .list(inferred.notes.map(Value.string)) }
        var attributes = inventory.facts
        attributes["format"] = .string(inventory.format)
        if let version = inventory.formatVersion { attributes["format_version"] = version }
        attributes["tensor_count"] = .integer(tensorCount)
        attributes["parameter_count"] = .integer(parameters)
        attributes["learned_parameter_count"] = .integer(learned)
        attributes["dtypes"] = .object(dtypes.mapValues { .integer($0) })
        attributes["bytes"] = .integer(bytes)
        attributes["architecture"] = .object(architecture)
        attributes["fixed_buffers"] = .integer(Int64(fixed.count))
        if !fixed.isEmpty { attributes["fixed_buffer_names"] = .list(fixed.prefix(64).map(Value.string)) }
        let hashed = records.filter { $0.sha256 != nil }.count
        attributes["tensors_hashed"] = .integer(Int64(hashed))
        attributes["tensors_with_statistics"] = .integer(Int64(records.filter { $0.statistics != nil }.count))
        if hashed == records.count, !records.isEmpty, inventory.unlistedTensors == 0 {
            attributes["content_digest"] = .string(contentDigest(records))
        }
        let layers = inferred.fields["num_hidden_layers"].map { ", \($0) layers" } ?? ""
        let hidden = inferred.fields["hidden_size"].map { ", hidden \($0)" } ?? ""
        let dtypeText = dtypes.keys.sorted().map { "\($0)×\(dtypes[$0]!)" }.joined(separator: " ")
        return Finding("weights.summary",
                       summary: "\(inventory.format): \(tensorCount) tensors, \(parameters) parameters (\(dtypeText))\(layers)\(hidden)",
                       attributes: attributes)
    }

    /// SHA-256 over `name TAB dtype TAB shape TAB sha256` lines in name order: the same tensors
    /// under the same names give the same digest in any container, in any order.
    static func contentDigest(_ records: [TensorRecord]) -> String {
        var hash = SHA256()
        for record in records.sorted(by: { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }) {
            let shape = record.shape.map(String.init).joined(separator: ",")
            hash.update(data: Data("\(record.name)\t\(record.encoding.name)\t\(shape)\t\(record.sha256 ?? "")\n".utf8))
        }
        return hash.hexDigest()
    }

    /// The architecture the file's metadata states, as `ml.architecture` — the same normalized
    /// fields and fingerprint as a config's, so a GGUF meets the config.json it came from.
    private static func declaredArchitecture(_ inventory: WeightsInventory) -> Finding {
        let fields = inventory.declaredArchitecture
        let (fingerprint, covered) = MLVocabulary.architectureFingerprint(fields)
        var attributes = fields
        attributes["fingerprint"] = .string(fingerprint)
        attributes["fingerprint_fields"] = .list(covered.map(Value.string))
        attributes["source_keys"] = .object(inventory.declaredSources)
        var mentions = [EntityRef(kind: .architectureFingerprint, value: fingerprint, role: "fingerprint")]
        if case .string(let type)? = fields["model_type"] { mentions.append(EntityRef(kind: "model_type", value: type)) }
        let name = fields["model_type"]?.description ?? "unnamed"
        return Finding("ml.architecture",
                       summary: "\(name): \(fields["num_hidden_layers"]?.description ?? "?") layers, hidden "
                           + "\(fields["hidden_size"]?.description ?? "?"), \(fields["num_attention_heads"]?.description ?? "?") heads"
                           + " — fingerprint \(fingerprint.prefix(12)) (from the file's metadata)",
                       attributes: attributes, mentions: mentions)
    }

    /// Fields both the metadata and the tensors show, where they differ.
    private static let checkedFields: Set<String> = [
        "num_hidden_layers", "hidden_size", "intermediate_size", "vocab_size", "num_attention_heads",
        "num_key_value_heads", "head_dim", "num_local_experts", "tie_word_embeddings",
    ]

    private static func crossCheck(_ statements: [(field: String, value: Value, source: String)], inferred: [String: Value],
                                   into sink: any FindingSink) {
        for (field, stated, source) in statements where checkedFields.contains(field) {
            guard let shown = inferred[field], MLVocabulary.canonical(stated) != MLVocabulary.canonical(shown) else { continue }
            sink.emit(Finding("weights.inconsistency", severity: .warning,
                              summary: "\(source) says \(field) = \(stated), the tensors show \(shown)",
                              attributes: ["field": .string(field), "declared": stated, "observed": shown,
                                           "declared_by": .string(source)]))
        }
    }

    /// Value heads (PPO's critic) and score heads (reward models, classifiers).
    private static func heads(_ records: [TensorRecord], into sink: any FindingSink) {
        var groups: [String: [TensorRecord]] = [:]
        for record in records { if let head = record.role.head { groups[head, default: []].append(record) } }
        for head in groups.keys.sorted() {
            let members = groups[head]!
            let weight = members.first { $0.name.hasSuffix("weight") && !$0.shape.isEmpty } ?? members[0]
            let outputs = weight.shape.first ?? 0
            let meaning = head == "value_head"
                ? "a value head: the model was trained with a critic, as in PPO-style reinforcement learning"
                : outputs == 1 ? "a scalar score head: a reward model (or a one-label classifier)"
                : "a score head with \(outputs) outputs: a sequence classifier"
            sink.emit(Finding("weights.head",
                              summary: "\(meaning) (\(members.map(\.name).joined(separator: ", ")))",
                              attributes: ["head": .string(head), "tensors": .list(members.map { .string($0.name) }),
                                           "shape": .list(weight.shape.map { .integer($0) }), "outputs": .integer(outputs),
                                           "meaning": .string(meaning)],
                              at: Locator(byteOffset: weight.offset, byteLength: weight.length)))
        }
    }
}
