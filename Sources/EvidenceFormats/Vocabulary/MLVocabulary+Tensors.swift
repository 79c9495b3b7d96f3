import EvidenceKit
import Foundation

extension MLVocabulary {
    /// What a tensor's name says it is: its layer (when it belongs to one), its role under one
    /// normalized name across Hugging Face, GPT-2, Megatron, Meta and GGUF spellings, the expert
    /// it belongs to in a mixture of experts, and whether it is a fixed buffer rather than a
    /// learned weight.
    public struct TensorRole: Sendable, Hashable {
        /// The layer index, for tensors of a repeated block (`model.layers.12.…`, `blk.12.…`).
        public var layer: Int?
        /// The normalized role (`attn_q`, `ffn_up`, `token_embedding`, …), `nil` when unknown.
        public var role: String?
        /// The expert index of a mixture-of-experts weight.
        public var expert: Int?
        /// For a fixed, non-learned buffer: what kind (`rotary_inv_freq`, `position_ids`, …).
        public var fixedBuffer: String?
        /// For a value or reward head: which (`value_head`, `score_head`).
        public var head: String?
    }

    /// The components that precede a layer index in tensor names.
    static let layerContainers: Set<String> = ["layers", "layer", "h", "blocks", "blk", "block", "decoder_layers"]

    /// Roles by the component (or pair of components) that names them, after the layer index; the
    /// first spelling that matches wins. GPT-2's `c_proj` is an attention output under `attn` and an
    /// FFN down-projection under `mlp`, hence the pairs.
    public static let tensorRoleSpellings: [(role: String, spellings: [String])] = [
        ("attn_qkv", ["c_attn", "query_key_value", "qkv_proj", "wqkv", "attn_qkv", "qkv"]),
        ("attn_q", ["q_proj", "attn_q", "query", "wq", "q"]),
        ("attn_k", ["k_proj", "attn_k", "key", "wk", "k"]),
        ("attn_v", ["v_proj", "attn_v", "value", "wv", "v"]),
        ("attn_o", ["o_proj", "attn_output", "out_proj", "wo", "attn.c_proj", "attention.output.dense",
                    "self_attention.dense", "attention.dense"]),
        ("q_norm", ["q_norm", "attn_q_norm", "q_layernorm"]),
        ("k_norm", ["k_norm", "attn_k_norm", "k_layernorm"]),
        ("ffn_gate", ["gate_proj", "ffn_gate", "w1", "ffn_gate_exps"]),
        ("ffn_up", ["up_proj", "ffn_up", "w3", "fc1", "c_fc", "intermediate.dense", "dense_h_to_4h", "ffn_up_exps"]),
        ("ffn_down", ["down_proj", "ffn_down", "w2", "fc2", "mlp.c_proj", "output.dense", "dense_4h_to_h",
                      "ffn_down_exps"]),
        ("moe_router", ["mlp.gate", "ffn_gate_inp", "router", "block_sparse_moe.gate"]),
        ("attn_norm", ["input_layernorm", "attn_norm", "ln_1", "attention_norm", "attention.output.layernorm"]),
        ("ffn_norm", ["post_attention_layernorm", "ffn_norm", "ln_2", "output.layernorm", "pre_feedforward_layernorm"]),
    ]

    /// Roles of tensors outside the repeated blocks.
    public static let globalTensorSpellings: [(role: String, spellings: [String])] = [
        ("token_embedding", ["embed_tokens", "wte", "token_embd", "word_embeddings", "tok_embeddings", "embed_in",
                             "embedding.word_embeddings"]),
        ("position_embedding", ["wpe", "position_embeddings", "embed_positions", "position_embd"]),
        ("lm_head", ["lm_head", "output", "embed_out"]),
        ("final_norm", ["norm", "ln_f", "output_norm", "final_layernorm", "final_layer_norm"]),
    ]

    /// Value and reward heads: their presence shows reinforcement learning (a PPO value head) or
    /// reward modelling (a scalar score head).
    public static let headSpellings: [(head: String, spellings: [String])] = [
        ("value_head", ["v_head", "value_head", "critic_head", "value_model"]),
        ("score_head", ["score", "reward_head", "rm_head"]),
    ]

    /// Fixed, non-learned buffers by the last components of their names: unrelated models share
    /// them byte for byte, so a comparison must leave them out.
    public static let fixedBufferSpellings: [(kind: String, spellings: [String])] = [
        ("rotary_inv_freq", ["inv_freq", "rope_freqs", "rotary_emb.inv_freq"]),
        ("rotary_cache", ["cos_cached", "sin_cached", "freqs_cis"]),
        ("position_ids", ["position_ids", "token_type_ids"]),
        ("attention_mask", ["attn.bias", "attn.masked_bias", "causal_mask", "attention.bias", "masked_bias"]),
        ("constant_basis", ["window", "mel_filters", "stft.forward_basis", "forward_basis_buffer", "inverse_basis"]),
        ("batch_norm_count", ["num_batches_tracked"]),
    ]

    /// The role of the tensor named `name`, read from its dot-separated components.
    ///
    /// ```swift
    /// MLVocabulary.tensorRole(named: "model.layers.3.mlp.up_proj.weight")   // layer 3, ffn_up
    /// MLVocabulary.tensorRole(named: "blk.0.attn_q.weight")                 // layer 0, attn_q
    /// ```
    public static func tensorRole(named name: String) -> TensorRole {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        var result = TensorRole()
        if let kind = fixedBufferSpellings.first(where: { endsWith(parts, any: $0.spellings) })?.kind {
            result.fixedBuffer = kind
        }
        if let head = headSpellings.first(where: { entry in entry.spellings.contains { parts.dropLast().contains($0) } })?.head,
           !parts.contains(where: { layerContainers.contains($0) }) {
            result.head = head
        }
        var rest = parts[...]
        if let at = parts.indices.dropLast().first(where: { layerContainers.contains(parts[$0]) && Int(parts[$0 + 1]) != nil }) {
            result.layer = Int(parts[at + 1])
            rest = parts[(at + 2)...]
        }
        if let at = rest.indices.dropLast().first(where: { rest[$0] == "experts" && Int(rest[$0 + 1]) != nil }) {
            result.expert = Int(rest[at + 1])
        }
        // The weight or bias suffix says nothing about the role.
        var body = Array(rest)
        if let last = body.last, ["weight", "bias", "scale", "qweight", "scales", "qzeros", "g_idx"].contains(last) {
            body.removeLast()
        }
        let table = result.layer == nil ? globalTensorSpellings : tensorRoleSpellings
        result.role = table.first { entry in entry.spellings.contains { endsWith(body, spelling: $0) } }?.role
        if result.layer == nil, result.role == nil, result.head == nil, body.count == 1 {
            result.role = globalTensorSpellings.first { $0.spellings.contains(body[0]) }?.role
        }
        return result
    }

    private static func endsWith(_ parts: [String], any spellings: [String]) -> Bool {
        spellings.contains { endsWith(parts, spelling: $0) }
    }

    /// Whether the components end with the dot-separated `spelling` (each component matched whole).
    private static func endsWith(_ parts: [String], spelling: String) -> Bool {
        let wanted = spelling.split(separator: ".").map(String.init)
        guard wanted.count <= parts.count else { return false }
        return Array(parts.suffix(wanted.count)) == wanted
    }

    /// GGUF metadata keys of an architecture (after the `<arch>.` prefix) under the normalized
    /// architecture fields of ``architectureFields``.
    public static let ggufArchitectureKeys: [(field: String, key: String)] = [
        ("hidden_size", "embedding_length"),
        ("intermediate_size", "feed_forward_length"),
        ("num_hidden_layers", "block_count"),
        ("num_attention_heads", "attention.head_count"),
        ("num_key_value_heads", "attention.head_count_kv"),
        ("head_dim", "attention.key_length"),
        ("max_position_embeddings", "context_length"),
        ("rms_norm_eps", "attention.layer_norm_rms_epsilon"),
        ("layer_norm_eps", "attention.layer_norm_epsilon"),
        ("rope_theta", "rope.freq_base"),
        ("vocab_size", "vocab_size"),
        ("sliding_window", "attention.sliding_window"),
        ("num_local_experts", "expert_count"),
        ("num_experts_per_tok", "expert_used_count"),
        ("n_shared_experts", "expert_shared_count"),
        ("moe_intermediate_size", "expert_feed_forward_length"),
        ("kv_lora_rank", "attention.kv_lora_rank"),
        ("q_lora_rank", "attention.q_lora_rank"),
    ]
}
