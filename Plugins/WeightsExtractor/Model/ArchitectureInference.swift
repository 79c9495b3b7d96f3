import EvidenceFormats
import EvidenceKit
import Foundation

/// The architecture a tensor table shows, read from names and shapes alone: layers, hidden size,
/// FFN size, attention widths and — where the head size can be known (a rotary frequency buffer,
/// a per-head norm) — heads and KV heads, vocabulary, tied embeddings, experts. Fields carry
/// MLVocabulary's normalized names, so they compare with a config's `ml.architecture`.
/// Nothing is assumed: a field the tensors cannot show is left out and `notes` says why.
enum ArchitectureInference {
    static func infer(_ records: [TensorRecord]) -> (fields: [String: Value], notes: [String]) {
        var fields: [String: Value] = [:]
        var notes: [String] = []
        let layers = Set(records.compactMap(\.role.layer))
        if let highest = layers.max() {
            fields["num_hidden_layers"] = .integer(Int64(highest + 1))
            if layers.count != highest + 1 { notes.append("layer indices are not contiguous: \(layers.count) of 0…\(highest) present") }
        }
        let matrices = records.filter { $0.shape.count >= 2 && $0.role.expert == nil }
        let embedding = records.first { $0.role.role == "token_embedding" && $0.shape.count == 2 }
        var hidden = embedding.map { $0.shape[1] }
        if hidden == nil, let norm = records.first(where: { $0.role.role == "attn_norm" && $0.shape.count == 1 }) {
            hidden = norm.shape[0]
        }
        if let hidden { fields["hidden_size"] = .integer(hidden) }
        if let embedding { fields["vocab_size"] = .integer(embedding.shape[0]) }
        if let position = records.first(where: { $0.role.role == "position_embedding" && $0.shape.count == 2 }) {
            fields["max_position_embeddings"] = .integer(position.shape[0])
        }
        func firstMatrix(_ role: String) -> TensorRecord? {
            matrices.filter { $0.role.role == role && $0.name.hasSuffix("weight") }.min { ($0.role.layer ?? 0) < ($1.role.layer ?? 0) }
        }
        // Linear weights are [out, in]; GPT-2's Conv1D are [in, out]: the FFN width is the side
        // that is not the hidden size.
        if let up = firstMatrix("ffn_up") ?? firstMatrix("ffn_gate"), let hidden {
            fields["intermediate_size"] = .integer(up.shape.first { $0 != hidden } ?? hidden)
        }
        if let q = firstMatrix("attn_q"), let k = firstMatrix("attn_k") {
            fields["attention_width"] = .integer(q.shape[0])
            fields["kv_width"] = .integer(k.shape[0])
            if let headDim = headDimension(records, hidden: hidden) {
                fields["head_dim"] = .integer(headDim)
                if q.shape[0] % headDim == 0 { fields["num_attention_heads"] = .integer(q.shape[0] / headDim) }
                if k.shape[0] % headDim == 0 { fields["num_key_value_heads"] = .integer(k.shape[0] / headDim) }
            } else {
                notes.append("heads not inferred: no rotary frequency buffer or per-head norm gives the head size")
            }
        } else if firstMatrix("attn_qkv") != nil {
            notes.append("attention projections are fused (qkv): heads not inferred")
        }
        let experts = Set(records.compactMap(\.role.expert))
        if !experts.isEmpty {
            fields["num_local_experts"] = .integer(Int64(experts.count))
        } else if let fused = records.first(where: { $0.name.contains("_exps.") && $0.shape.count == 3 }) {
            fields["num_local_experts"] = .integer(fused.shape[0])
        }
        if let tied = tiedEmbeddings(records, embedding: embedding) {
            fields["tie_word_embeddings"] = .bool(tied.tied)
            notes.append(tied.reason)
        }
        return (fields, notes)
    }

    /// The head size, where a tensor shows it: a rotary inverse-frequency buffer holds half of it;
    /// a per-head query norm (narrower than the hidden size) holds it.
    private static func headDimension(_ records: [TensorRecord], hidden: Int64?) -> Int64? {
        if let rotary = records.first(where: { $0.role.fixedBuffer == "rotary_inv_freq" && $0.shape.count == 1 }), rotary.shape[0] > 0 {
            return rotary.shape[0] * 2
        }
        if let norm = records.first(where: { $0.role.role == "q_norm" && $0.shape.count == 1 }),
           let hidden, norm.shape[0] < hidden, norm.shape[0] > 0 {
            return norm.shape[0]
        }
        return nil
    }

    /// Whether the output projection is the input embedding: absent (so the embedding serves),
    /// stored as the same bytes, or a view of the same storage.
    private static func tiedEmbeddings(_ records: [TensorRecord], embedding: TensorRecord?) -> (tied: Bool, reason: String)? {
        guard let embedding else { return nil }
        guard let head = records.first(where: { $0.role.role == "lm_head" && $0.shape.count == 2 }) else {
            return (true, "no output projection is stored: the token embedding serves as one (tied)")
        }
        if let storage = embedding.attributes["storage"], storage == head.attributes["storage"],
           embedding.attributes["storage_offset"] == head.attributes["storage_offset"] {
            return (true, "the output projection is a view of the embedding's storage (tied)")
        }
        if let left = embedding.sha256, let right = head.sha256 {
            return left == right ? (true, "the output projection's bytes are the embedding's (tied)")
                : (false, "the output projection is stored apart from the embedding, with other bytes")
        }
        return (false, "the output projection is stored apart from the embedding")
    }
}
