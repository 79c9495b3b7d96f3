import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// Hashes and statistics against an independent reading (Python's struct, hashlib, zipfile,
/// a protobuf field walk for ONNX, exact sums with math.fsum; NumPy for ggml's float32
/// dequantization).
@Suite struct OracleTests {
    static let samples = [
        "weights/tiny-llama.safetensors", "weights/all-dtypes.safetensors", "weights/unrelated-mini.safetensors",
        "weights/sharded/model-00001-of-00002.safetensors", "weights/tiny-llama.gguf", "weights/tiny-llama-v2.gguf",
        "weights/checkpoint.pt", "weights/tiny-head.onnx",
    ]

    @Test(arguments: samples)
    func matchesTheOracle(_ sample: String) throws {
        let path = Repository.format(sample)
        let ours = Weights.tensors(try Weights.extract(path))
        let oracle = try Weights.oracle(path)
        #expect(Set(ours.keys) == Set(oracle.tensors.keys), "\(sample)")
        for (name, expected) in oracle.tensors {
            let found = try #require(ours[name], "\(sample): \(name)")
            if expected["external"] != nil {
                #expect(found["sha256"] == nil && found["unread"] != nil, "\(sample): \(name) lies in another file")
                continue
            }
            #expect(found["sha256"] == .string(expected["sha256"] as? String ?? "?"), "\(sample): \(name) sha256")
            if expected["skipped"] != nil {
                #expect(!Oracles.required, "the oracle needs NumPy (make test installs it into .venv)")
                continue
            }
            guard let count = expected["count"] as? Int else {
                #expect(found["count"] == nil, "\(sample): \(name) has statistics the oracle does not compute")
                continue
            }
            #expect(found["count"] == .integer(Int64(count)), "\(sample): \(name) count")
            for key in ["mean", "std", "min", "max", "l2_norm"] {
                if expected[key] as? String == "inf" {
                    #expect(found[key]?.number?.isInfinite == true, "\(sample): \(name) \(key)")
                    continue
                }
                let want = try #require(expected[key] as? Double)
                let got = try #require(found[key]?.number, "\(sample): \(name) \(key)")
                #expect(abs(got - want) <= 1e-12 + 1e-9 * abs(want), "\(sample): \(name) \(key) \(got) vs \(want)")
            }
        }
    }

    /// The case's two models, and what a comparison will start from: the respondent's is the
    /// claimant's fine-tuned from layer 2 up — layers 0 and 1 and the final norm are identical
    /// byte for byte, layers 2 and 3 and the output projection differ, and the embedding's rows
    /// were moved with the re-numbered vocabulary.
    @Test func theCaseModels() throws {
        let claimant = Repository.samples.appendingPathComponent("case/claimant/aurora-mini-v1.safetensors").path
        let respondent = Repository.samples.appendingPathComponent("case/respondent/borealis-mini.safetensors").path
        let left = Weights.tensors(try Weights.extract(claimant)), right = Weights.tensors(try Weights.extract(respondent))
        #expect(Set(left.keys) == Set(right.keys))
        let identical = left.keys.filter { left[$0]?["sha256"] == right[$0]?["sha256"] }.sorted()
        for name in ["model.norm.weight", "model.layers.0.mlp.up_proj.weight",
                     "model.layers.1.self_attn.q_proj.weight", "model.layers.3.self_attn.rotary_emb.inv_freq"] {
            #expect(identical.contains(name), "\(name)")
        }
        for name in ["model.embed_tokens.weight", "model.layers.2.mlp.up_proj.weight", "model.layers.3.input_layernorm.weight",
                     "lm_head.weight"] {
            #expect(!identical.contains(name), "\(name)")
        }
        #expect(identical.count == 2 * 10 + 2 + 1, "the frozen layers, the tuned layers' rotary buffers and the final norm")
        for path in [claimant, respondent] {
            let oracle = try Weights.oracle(path)
            let ours = Weights.tensors(try Weights.extract(path))
            for (name, expected) in oracle.tensors {
                #expect(ours[name]?["sha256"] == .string(expected["sha256"] as? String ?? "?"))
            }
        }
    }
}
