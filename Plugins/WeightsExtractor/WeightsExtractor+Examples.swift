import EvidenceKit

extension WeightsExtractor {
    private static func summary(_ attributes: [String: Value]) -> ExpectedFinding {
        ExpectedFinding("weights.summary", attributes, count: 1)
    }

    private static func violation(_ kind: String, count: Int? = nil) -> ExpectedFinding {
        ExpectedFinding("weights.format_violation", ["violation": .string(kind)], count: count)
    }

    private static let noUnsafeGlobals = ExpectedFinding("weights.unsafe_pickle", count: 0)

    /// Sample files under `samples/formats/weights/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // safetensors: every dtype, a small Llama-shaped model, a sharded model.
        .yields("weights/tiny-llama.safetensors", findings: [
            summary(["format": "safetensors", "tensor_count": 23, "parameter_count": 41128, "fixed_buffers": 2]),
            ExpectedFinding("weights.tensor", count: 23),
            ExpectedFinding("weights.tensor", ["name": "model.layers.1.self_attn.rotary_emb.inv_freq", "learned": false,
                                               "fixed_buffer": "rotary_inv_freq", "layer": 1]),
            ExpectedFinding("weights.tensor", ["name": "model.layers.0.mlp.up_proj.weight", "role": "ffn_up", "dtype": "BF16",
                                               "shape": [96, 32], "layer": 0]),
            ExpectedFinding("weights.format_violation", count: 0),
        ]),
        .yields("weights/all-dtypes.safetensors", findings: [
            summary(["tensor_count": 12, "tensors_hashed": 12, "tensors_with_statistics": 12]),
            ExpectedFinding("weights.tensor", ["name": "t_f8_e4m3", "dtype": "F8_E4M3", "min": -1.0, "max": 448.0]),
            ExpectedFinding("weights.tensor", ["name": "t_bool", "count": 3, "min": 0.0, "max": 1.0]),
        ]),
        .yields("weights/unrelated-mini.safetensors", findings: [summary(["tensor_count": 43])]),
        .yields("weights/sharded/model-00001-of-00002.safetensors", findings: [
            summary(["tensor_count": 8, "shard": ["index": 1, "count": 2]]),
        ]),
        .yields("weights/sharded/model-00002-of-00002.safetensors", findings: [
            summary(["tensor_count": 15, "shard": ["index": 2, "count": 2]]),
        ]),
        .declines("weights/sharded/model.safetensors.index.json"),
        // GGUF: v3 and v2, every metadata type, quantized blocks, a split model's first part.
        .yields("weights/tiny-llama.gguf", findings: [
            summary(["format": "gguf", "format_version": 3, "tensor_count": 13, "tensors_with_statistics": 12]),
            ExpectedFinding("weights.metadata", count: 29),
            ExpectedFinding("weights.metadata", ["key": "exhibit.sample.nested", "type": "array[array[uint16]]"]),
            ExpectedFinding("weights.metadata", ["key": "llama.attention.layer_norm_rms_epsilon", "value": 1e-05]),
            ExpectedFinding("ml.architecture", ["model_type": "llama", "num_hidden_layers": 2, "hidden_size": 64,
                                                "num_key_value_heads": 2, "rope_theta": 500000]),
            ExpectedFinding("ml.tokenizer_vocabulary", ["vocab_size": 64, "merges": 2, "model_type": "llama", "spelling": "sentencepiece",
                                                       "sketch_recipe": "exhibit-vocab-sketch-v1"]),
            ExpectedFinding("weights.tensor", ["name": "blk.0.ffn_down.weight", "dtype": "Q4_K", "shape": [64, 256],
                                               "ggml_dims": [256, 64], "count": 16384]),
            ExpectedFinding("weights.tensor", ["name": "blk.0.ffn_gate.weight", "dtype": "IQ4_NL",
                                               "unread": "statistics not computed for IQ4_NL (its values are not decoded)"]),
            ExpectedFinding("weights.inconsistency", count: 0),
        ]),
        .yields("weights/tiny-llama-v2.gguf", findings: [summary(["format_version": 2, "tensor_count": 13])]),
        .yields("weights/split/tiny-llama-00001-of-00002.gguf", findings: [
            summary(["shard": ["index": 1, "count": 2, "total_tensors": 13]]),
        ]),
        // PyTorch: a torch.save zip (tied embedding, a strided view, a value head), TorchScript, legacy.
        .yields("weights/checkpoint.pt", findings: [
            summary(["format": "pytorch_zip", "tensor_count": 7, "parameter_count": 792, "byteorder": "little"]),
            ExpectedFinding("weights.record", count: 10),
            ExpectedFinding("weights.head", ["head": "value_head", "outputs": 1]),
            ExpectedFinding("weights.tensor", ["name": "model.layers.0.self_attn.k_proj.weight", "strides": [1, 8]]),
            noUnsafeGlobals,
        ]),
        .yields("weights/torchscript.pt", findings: [
            summary(["format": "torchscript", "tensor_count": 2, "tensors_hashed": 2]), noUnsafeGlobals,
        ]),
        .yields("weights/legacy.pt", findings: [
            summary(["format": "pytorch_legacy", "tensor_count": 1]),
            ExpectedFinding("limitation", ["limit": "unsupported_format"], count: 1), noUnsafeGlobals,
        ]),
        .yields("weights/legacy-tar/pickle", findings: [
            summary(["format": "pytorch_legacy_tar", "tensor_count": 0]),
            ExpectedFinding("limitation", ["limit": "unsupported_format"], count: 1), noUnsafeGlobals,
        ]),
        // Pickles that would run a command when unpickled: reported, never run.
        .yields("weights/malicious-checkpoint.pt", findings: [
            ExpectedFinding("weights.unsafe_pickle", ["global": "posix.system", "opcode": "GLOBAL", "risk": "executes_code",
                                                      "called": true, "called_with": "('touch /tmp/exhibit-weights-pickle-ran')"],
                            count: 1),
            summary(["tensor_count": 7, "tensors_hashed": 7]),
        ]),
        .yields("weights/malicious.pkl", findings: [
            ExpectedFinding("weights.unsafe_pickle", ["global": "posix.system", "risk": "executes_code"], count: 1),
            summary(["format": "pickle", "tensor_count": 0]),
        ]),
        // ONNX: raw and typed initializers, an int8 weight with its scale and zero point, external data.
        .yields("weights/tiny-head.onnx", findings: [
            summary(["format": "onnx", "format_version": 8, "tensor_count": 7, "producer_name": "aurora-export"]),
            ExpectedFinding("weights.quantization", ["tensor": "Wq", "zero_point": 2.0, "scale_initializer": "Wq_scale"]),
            ExpectedFinding("weights.tensor", ["name": "B", "stored_as": "float_data", "mean": 0.125]),
            ExpectedFinding("weights.tensor", ["name": "big_external", "shape": [1024]]),
        ]),
        // Hostile: lying headers, bad layouts, truncation, bombs.
        .yields("weights/hostile/header-too-large.safetensors", findings: [violation("header_too_large", count: 1),
                                                                          violation("header_beyond_file", count: 1)]),
        .yields("weights/hostile/header-beyond-file.safetensors", findings: [violation("header_beyond_file", count: 1)]),
        .yields("weights/hostile/bad-layout.safetensors", findings: [
            violation("overlap", count: 1), violation("gap", count: 1), violation("unknown_dtype", count: 1),
            violation("shape_length_mismatch", count: 2), violation("out_of_bounds", count: 1), violation("truncated", count: 1),
        ]),
        .yields("weights/hostile/truncated.safetensors", findings: [violation("truncated", count: 1),
                                                                     violation("out_of_bounds", count: 1)]),
        .yields("weights/hostile/model-00002-of-00002.safetensors", findings: [
            violation("truncated", count: 1), summary(["shard": ["index": 2, "count": 2]]),
            ExpectedFinding("weights.tensor", ["name": "lm_head.weight",
                                               "unread": "only 13384 of its 16384 bytes were read: the content ended or the span lies outside it"]),
        ]),
        .yields("weights/hostile/huge-string.gguf", findings: [violation("truncated", count: 1)]),
        .yields("weights/hostile/billion-tensors.gguf", findings: [violation("truncated", count: 1),
                                                                   summary(["declared_tensor_count": 1_000_000_000])]),
        .yields("weights/hostile/deep-arrays.gguf", findings: [violation("malformed", count: 1)]),
        .yields("weights/hostile/inconsistent.gguf", findings: [
            ExpectedFinding("weights.inconsistency", ["field": "num_hidden_layers", "declared": 3, "observed": 2], count: 1),
        ]),
        .yields("weights/hostile/truncated.gguf", findings: [violation("truncated", count: 1)]),
        .yields("weights/hostile/memo-bomb.pkl", findings: [summary(["format": "pickle"])]),
        .yields("weights/hostile/recursive.pkl", findings: [summary(["format": "pickle"])]),
        .yields("weights/hostile/huge-int.pkl", findings: [violation("truncated", count: 1)]),
        .yields("weights/hostile/underflow.pkl", findings: [violation("malformed", count: 1)]),
        .yields("weights/hostile/zip-bomb.pt", findings: [
            ExpectedFinding("limitation", ["limit": "unsupported_format"], count: 1), summary(["tensors_hashed": 0]),
        ]),
        .yields("weights/hostile/overrun.onnx", findings: [violation("truncated", count: 1)]),
        // Not weights: a zip that is not a checkpoint, a JSON index.
        .declines("archive/code.zip"),
        .declines("config/model.safetensors.index.json"),
    ]
}
