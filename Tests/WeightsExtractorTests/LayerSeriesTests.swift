import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import WeightsExtractor

/// Per-layer statistics as series on the summary: one point per layer, the same figures as the
/// tensor findings, and the case's fine-tune visible in them.
@Suite struct LayerSeriesTests {
    /// The summary's series of a sample, by name, and its tensor findings.
    private static func model(_ sample: String) throws -> (sequences: [String: Series], tensors: [String: [String: Value]]) {
        let findings = try Weights.extract(Repository.samples.appendingPathComponent(sample).path)
        let summary = try #require(findings.first { $0.kind == "weights.summary" })
        #expect(summary.attributes["layer_series"] == .integer(Int64(summary.series.count)))
        return (Dictionary(uniqueKeysWithValues: summary.series.map { ($0.name, $0) }), Weights.tensors(findings))
    }

    @Test func eachSeriesHoldsTheTensorFiguresByLayer() throws {
        let (sequences, tensors) = try Self.model("case/claimant/aurora-mini-v1.safetensors")
        let std = try #require(sequences["ffn_up.weight.std"])
        #expect(std.axis == .step)
        #expect(std.points.map(\.x) == [0, 1, 2, 3])
        for (layer, value) in std.points {
            #expect(tensors["model.layers.\(Int(layer)).mlp.up_proj.weight"]?["std"] == .float(value))
        }
        for role in ["attn_q", "attn_k", "attn_v", "attn_o", "ffn_gate", "ffn_up", "ffn_down", "attn_norm", "ffn_norm"] {
            for statistic in LayerSeries.statistics {
                #expect(sequences["\(role).weight.\(statistic)"]?.count == 4, "\(role) \(statistic)")
            }
        }
        #expect(sequences.count == 9 * LayerSeries.statistics.count, "fixed buffers have none: \(sequences.keys.sorted())")
    }

    @Test func theFineTuneShowsInTheUpperLayersOnly() throws {
        let claimant = try Self.model("case/claimant/aurora-mini-v1.safetensors").sequences
        let respondent = try Self.model("case/respondent/borealis-mini.safetensors").sequences
        #expect(Set(claimant.keys) == Set(respondent.keys))
        let left = try #require(claimant["attn_q.weight.l2_norm"]).points.map(\.value)
        let right = try #require(respondent["attn_q.weight.l2_norm"]).points.map(\.value)
        #expect(left[0] == right[0] && left[1] == right[1])
        #expect(left[2] != right[2] && left[3] != right[3])
    }
}
