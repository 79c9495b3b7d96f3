import Crypto
import EvidenceKit
import Foundation

extension MLVocabulary {
    /// Model-architecture fields under their normalized names, each with the spellings it has in
    /// Hugging Face `config.json`, Mistral `params.json`, DeepSeek inference configs, Megatron and
    /// NeMo model sections and GGUF metadata; the first spelling present wins.
    /// (docs/config-extractor.md renders this table; a test keeps the two the same.)
    public static let architectureFields: [(field: String, keys: [String])] = [
        ("architectures", ["architectures"]),
        ("model_type", ["model_type"]),
        ("hidden_size", ["hidden_size", "dim", "d_model", "n_embd"]),
        ("intermediate_size", ["intermediate_size", "ffn_hidden_size", "inter_dim", "ffn_dim", "n_inner", "hidden_dim"]),
        ("num_hidden_layers", ["num_hidden_layers", "n_layers", "num_layers", "n_layer"]),
        ("num_attention_heads", ["num_attention_heads", "n_heads", "n_head", "num_heads"]),
        ("num_key_value_heads", ["num_key_value_heads", "n_kv_heads", "num_query_groups", "num_kv_heads"]),
        ("head_dim", ["head_dim", "kv_channels"]),
        ("hidden_act", ["hidden_act", "activation", "activation_function", "hidden_activation"]),
        ("max_position_embeddings", ["max_position_embeddings", "max_seq_len", "seq_length", "n_positions",
                                     "encoder_seq_length", "max_sequence_length"]),
        ("rms_norm_eps", ["rms_norm_eps", "norm_eps"]),
        ("layer_norm_eps", ["layer_norm_eps", "layer_norm_epsilon", "layernorm_epsilon"]),
        ("rope_theta", ["rope_theta", "rotary_base", "rope_base"]),
        ("rope_scaling", ["rope_scaling", "rope_parameters"]),
        ("vocab_size", ["vocab_size", "padded_vocab_size"]),
        ("tie_word_embeddings", ["tie_word_embeddings", "share_embeddings_and_output_weights"]),
        ("torch_dtype", ["torch_dtype", "dtype", "params_dtype"]),
        ("attention_bias", ["attention_bias", "add_qkv_bias", "qkv_bias"]),
        ("sliding_window", ["sliding_window"]),
        ("num_local_experts", ["num_local_experts", "n_routed_experts", "num_experts", "moe_num_experts", "n_experts"]),
        ("num_experts_per_tok", ["num_experts_per_tok", "n_activated_experts", "moe_router_topk", "moe_top_k"]),
        ("n_shared_experts", ["n_shared_experts", "num_shared_experts"]),
        ("moe_intermediate_size", ["moe_intermediate_size", "moe_inter_dim", "moe_ffn_hidden_size"]),
        ("router_aux_loss_coef", ["router_aux_loss_coef", "aux_loss_alpha", "moe_aux_loss_coeff"]),
        ("scoring_func", ["scoring_func", "score_func"]),
        ("topk_method", ["topk_method"]),
        ("n_group", ["n_group", "n_expert_groups"]),
        ("topk_group", ["topk_group", "n_limited_groups"]),
        ("routed_scaling_factor", ["routed_scaling_factor", "route_scale"]),
        ("norm_topk_prob", ["norm_topk_prob"]),
        ("kv_lora_rank", ["kv_lora_rank"]),
        ("q_lora_rank", ["q_lora_rank"]),
        ("qk_rope_head_dim", ["qk_rope_head_dim"]),
        ("qk_nope_head_dim", ["qk_nope_head_dim"]),
        ("v_head_dim", ["v_head_dim"]),
        ("quantization_config", ["quantization_config"]),
    ]

    /// The fields that define an architecture: the fingerprint is computed over these (names,
    /// dtypes, and quantization are packaging, not architecture).
    public static let fingerprintFields: Set<String> = [
        "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads",
        "head_dim", "hidden_act", "max_position_embeddings", "rms_norm_eps", "layer_norm_eps", "rope_theta",
        "rope_scaling", "vocab_size", "tie_word_embeddings", "attention_bias", "sliding_window", "num_local_experts",
        "num_experts_per_tok", "n_shared_experts", "moe_intermediate_size", "scoring_func", "topk_method", "n_group",
        "topk_group", "routed_scaling_factor", "norm_topk_prob", "kv_lora_rank", "q_lora_rank", "qk_rope_head_dim",
        "qk_nope_head_dim", "v_head_dim",
    ]

    /// The architecture fingerprint: SHA-256 (hex) over `name=value` lines, in name order, of
    /// the fingerprint fields present in `fields` (normalized names, canonical values), and the
    /// fields it covers. Two architectures with the same fingerprint agree on every such field
    /// both state.
    public static func architectureFingerprint(_ fields: [String: Value]) -> (sha256: String, fields: [String]) {
        let covered = fields.keys.filter { fingerprintFields.contains($0) }.sorted()
        let text = covered.map { "\($0)=\(fingerprintText(canonical(fields[$0]!)))" }.joined(separator: "\n")
        let digest = SHA256.hash(data: Data(text.utf8))
        return (LowerHex.text(digest), covered)
    }

    /// Stable text for a value in a fingerprint: sorted keys, canonical numbers.
    static func fingerprintText(_ value: Value) -> String {
        switch value {
        case .object(let object):
            return "{" + object.keys.sorted().map { "\($0):\(fingerprintText(canonical(object[$0]!)))" }.joined(separator: ",") + "}"
        case .list(let values): return "[" + values.map { fingerprintText(canonical($0)) }.joined(separator: ",") + "]"
        case .string(let text): return "\"\(text)\""
        default: return value.description
        }
    }
}
