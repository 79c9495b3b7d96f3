import EvidenceKit

extension WeightsExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "weights",
        version: "1.0.0",
        summary: "Model weight files (safetensors, GGUF, PyTorch zip and TorchScript checkpoints, pickles, ONNX): tensor tables, per-tensor SHA-256 and statistics, architecture, unsafe pickles",
        rationale: """
            Reads weight files itself, with no machine-learning framework and without running anything in them: \
            safetensors headers and data; GGUF v2/v3 metadata (every value type, arrays of arrays), tensor infos and \
            data; PyTorch zip checkpoints and TorchScript archives, whose data.pkl is read by emulating the pickle's \
            opcodes on a stack — never unpickled — with every global outside a tensor checkpoint's short list reported \
            as weights.unsafe_pickle; lone pickles and legacy (pre-1.6) checkpoints (their tensors listed, their storage \
            data not read); ONNX models through a small protobuf wire-format reader. Each tensor's stored bytes are \
            hashed (SHA-256) and decoded for count, mean, standard deviation, minimum, maximum and L2 norm (float64, \
            fixed-order sums; F16, BF16 and FP8 widened exactly; GGUF Q4_0, Q4_1, Q5_0, Q8_0, Q4_K and Q6_K dequantized \
            by ggml's rules) as they stream past, in flat memory. The architecture is taken from the file's metadata \
            where it states one and inferred from tensor names and shapes otherwise; fixed buffers, value and reward \
            heads are marked. It does not see: what a framework does when it loads the file (it never loads it), other \
            quantized formats' values (hashed, not decoded: IQ and other K types, GPTQ/AWQ packing), external ONNX \
            data files and shards other than the one read (each file is read alone; a config.json beside the weights is \
            compared by a later analysis, not here), storages that TorchScript writes before its pickle (hashed, not \
            decoded), compressed records of a checkpoint zip (listed, not inflated), and subgraphs inside ONNX nodes. \
            Records of a checkpoint zip are listed with their SHA-256 but not handed on to other extractors.
            """,
        accepts: Acceptance(
            signatures: [MagicSignature("gguf", bytes: Array("GGUF".utf8))],
            namePatterns: ["*.safetensors", "*.gguf", "*.onnx", "*.pkl", "*.pickle"],
            mediaTypes: ["application/vnd.safetensors", "application/x-gguf", "application/onnx"]),
        findingKinds: [
            .headline("weights.summary", "a weights file: format, tensor and parameter counts, dtypes, bytes, architecture, digest; the per-layer statistics as series"),
            .bulk("weights.tensor", "one tensor: name, dtype, shape, offset, length, SHA-256 of its stored bytes, statistics"),
            .headline("weights.unsafe_pickle", "a global a pickle would import and call on load: the attack surface of the file"),
            .headline("weights.head", "a value or reward (score) head: traces of reinforcement learning or reward modelling"),
            .headline("ml.architecture", "the architecture a weights file's own metadata declares, normalized and fingerprinted"),
            .detail("weights.inconsistency", "metadata that disagrees with the tensors (layers, hidden size, vocabulary…)"),
            .detail("weights.format_violation", "a place where the file breaks its format's rules"),
            .detail("weights.metadata", "one GGUF metadata entry: key, type, value (arrays summarized)"),
            .detail("ml.tokenizer_vocabulary", "the vocabulary embedded in a GGUF file: size and digests"),
            .detail("weights.quantization", "a quantized ONNX initializer with its scale and zero point"),
            .bulk("weights.record", "one record of a PyTorch checkpoint zip: path, offset, length, SHA-256"),
        ],
        options: ["tensor_data": true, "statistics": true, "max_tensors": 1_000_000],
        examples: examples)
}
