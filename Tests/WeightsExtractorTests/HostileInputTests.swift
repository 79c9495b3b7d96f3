import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// Lying headers, tables past the budget and bytes in any chunking: findings, never a crash.
@Suite struct HostileInputTests {
    /// A safetensors file of `count` empty tensors.
    static func manyTensors(_ count: Int) -> Data {
        let entries = (0..<count).map { "\"t\($0)\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}" }
        var header = Data(("{" + entries.joined(separator: ",") + "}").utf8)
        header.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - header.count % 8) % 8))
        var length = UInt64(header.count).littleEndian
        return Data(bytes: &length, count: 8) + header
    }

    @Test func aTableLargerThanItsLimitIsCut() throws {
        let findings = try Weights.extract(Self.manyTensors(5000), name: "many.safetensors", options: Weights.options(maxTensors: 1000))
        #expect(findings.filter { $0.kind == "weights.tensor" }.count == 1000)
        #expect(Weights.summary(findings)["tensor_count"] == 5000)
        #expect(findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "max_tensors" })
    }

    @Test func aGGUFArrayPastAnyFileIsRefused() throws {
        var data = Data("GGUF".utf8)
        func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        append(UInt32(3)); append(UInt64(0)); append(UInt64(1))
        append(UInt64(4)); data.append(contentsOf: "keys".utf8)
        append(UInt32(9)); append(UInt32(10)); append(UInt64(1) << 62)        // an array of 2^62 uint64
        let findings = try Weights.extract(data, name: "bomb.gguf")
        #expect(findings.contains { $0.kind == "weights.format_violation" && $0.attributes["violation"] == "too_large" })
    }

    /// The same bytes in chunks of any size give the same findings, bit for bit.
    @Test(arguments: ["weights/tiny-llama.gguf", "weights/checkpoint.pt", "weights/tiny-llama.safetensors", "weights/tiny-head.onnx"])
    func chunkingChangesNothing(_ sample: String) throws {
        let path = Repository.format(sample)
        let whole = try Weights.extract(path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        for seed in [1, 2, 3] as [UInt64] {
            var chopped = try Weights.extract(path, source: ChoppedSource(data, seed: seed))
            var expected = whole
            // Bytes read differ with the chunking; everything else must not.
            for index in chopped.indices where chopped[index].kind == "weights.summary" { chopped[index].attributes["bytes_read"] = nil }
            for index in expected.indices where expected[index].kind == "weights.summary" { expected[index].attributes["bytes_read"] = nil }
            #expect(chopped == expected, "\(sample), seed \(seed)")
        }
    }

    /// Headers only: the bytes taken from the content are the header and at most one read of
    /// 64 KiB past it.
    @Test func theHeaderOnlyPathReadsTheHeader() throws {
        let path = Repository.format("weights/tiny-llama.safetensors")
        let findings = try Weights.extract(path, options: Weights.options(tensorData: false))
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let header = Int64(data.prefix(8).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }) + 8
        let read = try #require(Weights.summary(findings)["bytes_read"]?.number)
        #expect(read <= Double(header + 64 * 1024))
        #expect(Weights.summary(findings)["tensors_hashed"] == 0)
        #expect(Weights.tensors(findings).count == 23)
    }

    @Test func theArchitectureIsInferredFromNamesAndShapes() throws {
        let summary = Weights.summary(try Weights.extract(Repository.format("weights/tiny-llama.safetensors")))
        guard case .object(let architecture)? = summary["architecture"] else { Issue.record("no architecture"); return }
        #expect(architecture["num_hidden_layers"] == 2)
        #expect(architecture["hidden_size"] == 32)
        #expect(architecture["intermediate_size"] == 96)
        #expect(architecture["vocab_size"] == 256)
        #expect(architecture["head_dim"] == 8)
        #expect(architecture["num_attention_heads"] == 4)
        #expect(architecture["num_key_value_heads"] == 2)
        #expect(architecture["tie_word_embeddings"] == false)
    }
}
