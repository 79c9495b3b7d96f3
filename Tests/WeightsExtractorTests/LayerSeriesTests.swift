import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// Per-layer sequences of the statistics (the summary's series once Case store v5 is in): one
/// point per layer, the same figures as the tensor findings, and the case's fine-tune visible.
@Suite struct LayerSeriesTests {
    /// The sequences of a sample, by name, and its tensor findings.
    private static func model(_ sample: String) throws -> (sequences: [String: LayerSeries.Sequence],
                                                           tensors: [String: [String: Value]]) {
        let path = Repository.samples.appendingPathComponent(sample).path
        let head = try FileByteSource(path: path).read(upTo: ExampleVerifier.headLength)
        let artifact = Artifact(name: (path as NSString).lastPathComponent, head: head, content: try FileByteSource(path: path))
        let inventory = WeightsInventory(format: "safetensors", limits: artifact.limits, maxTensors: 1_000_000)
        let sink = CollectingSink()
        let file = WeightsFile(reader: ForwardReader(artifact.content), inventory: inventory, sink: sink,
                               options: Weights.options(), artifact: artifact)
        try SafetensorsReader(file: file).read()
        let sequences = LayerSeries.sequences(inventory.records)
        return (Dictionary(uniqueKeysWithValues: sequences.map { ($0.name, $0) }), Weights.tensors(try Weights.extract(path)))
    }

    @Test func eachSequenceHoldsTheTensorFiguresByLayer() throws {
        let (sequences, tensors) = try Self.model("case/claimant/aurora-mini-v1.safetensors")
        let std = try #require(sequences["ffn_up.weight.std"])
        #expect(std.layers == [0, 1, 2, 3])
        for (layer, value) in zip(std.layers, std.values) {
            #expect(tensors["model.layers.\(layer).mlp.up_proj.weight"]?["std"] == .float(value))
        }
        for role in ["attn_q", "attn_k", "attn_v", "attn_o", "ffn_gate", "ffn_up", "ffn_down", "attn_norm", "ffn_norm"] {
            for statistic in LayerSeries.statistics {
                #expect(sequences["\(role).weight.\(statistic)"]?.layers.count == 4, "\(role) \(statistic)")
            }
        }
        #expect(sequences.count == 9 * LayerSeries.statistics.count, "fixed buffers have none: \(sequences.keys.sorted())")
    }

    @Test func theFineTuneShowsInTheUpperLayersOnly() throws {
        let claimant = try Self.model("case/claimant/aurora-mini-v1.safetensors").sequences
        let respondent = try Self.model("case/respondent/borealis-mini.safetensors").sequences
        #expect(Set(claimant.keys) == Set(respondent.keys))
        let left = try #require(claimant["attn_q.weight.l2_norm"]).values
        let right = try #require(respondent["attn_q.weight.l2_norm"]).values
        #expect(left[0] == right[0] && left[1] == right[1])
        #expect(left[2] != right[2] && left[3] != right[3])
    }
}
