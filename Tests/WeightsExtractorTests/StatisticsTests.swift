import EvidenceFormats
import Foundation
import Testing
@testable import WeightsExtractor

@Suite struct StatisticsTests {
    /// Fixed-order sums: the same values give the same bits however they are split.
    @Test func sumsDoNotDependOnChunks() throws {
        var generator = SystemRandomNumberGenerator()
        let values = (0..<10_007).map { _ in Double.random(in: -1...1, using: &generator) * 1e-2 + 1 }
        func run(_ sizes: [Int]) -> RunningStatistics.Summary? {
            var statistics = RunningStatistics()
            var at = 0, turn = 0
            values.withUnsafeBufferPointer { buffer in
                while at < buffer.count {
                    let count = min(sizes[turn % sizes.count], buffer.count - at)
                    statistics.add(buffer.baseAddress! + at, count: count)
                    at += count
                    turn += 1
                }
            }
            return statistics.summary()
        }
        let whole = run([values.count])
        #expect(run([1]) == whole)
        #expect(run([7, 3, 4096, 5]) == whole)
        let exact = values.reduce(0, +) / Double(values.count)
        #expect(abs(whole!.mean - exact) < 1e-12)
    }

    @Test func nonFiniteValuesAreCountedApart() {
        var statistics = RunningStatistics()
        let values: [Double] = [.nan, 1, 2, .infinity, 3, -.infinity]
        values.withUnsafeBufferPointer { statistics.add($0.baseAddress!, count: $0.count) }
        let summary = statistics.summary()!
        #expect(summary.count == 3 && summary.nanCount == 1 && summary.infinityCount == 2)
        #expect(summary.mean == 2 && summary.minimum == 1 && summary.maximum == 3)
    }

    @Test func smallFloatsWidenExactly() {
        #expect(SmallFloats.e4m3[0x7E] == 448)
        #expect(SmallFloats.e4m3[0x7F].isNaN)
        #expect(SmallFloats.e4m3[0x01] == 0.001953125)
        #expect(SmallFloats.e5m2[0x7B] == 57344)
        #expect(SmallFloats.e5m2[0x7C] == .infinity)
        #expect(SmallFloats.half[0x3C00] == 1)
        #expect(SmallFloats.half[0x0001] == Float(sign: .plus, exponent: -24, significand: 1))
        #expect(SmallFloats.bfloat16(0x3F80) == 1)
    }

    @Test func tensorNamesSayTheirRoles() {
        #expect(TensorRecord(name: "model.layers.3.mlp.up_proj.weight", encoding: .bfloat16, shape: [8, 4]).role.role == "ffn_up")
        #expect(TensorRecord(name: "transformer.h.0.attn.c_proj.weight", encoding: .float32, shape: [4, 4]).role.role == "attn_o")
        #expect(TensorRecord(name: "transformer.h.0.mlp.c_proj.weight", encoding: .float32, shape: [4, 4]).role.role == "ffn_down")
        #expect(TensorRecord(name: "blk.7.attn_q.weight", encoding: .float32, shape: [4, 4]).role.layer == 7)
        #expect(TensorRecord(name: "transformer.h.0.attn.bias", encoding: .bool, shape: [1, 1, 4, 4]).fixedBuffer == "attention_mask")
        #expect(TensorRecord(name: "bn.num_batches_tracked", encoding: .int64, shape: []).fixedBuffer == "batch_norm_count")
        #expect(TensorRecord(name: "model.layers.0.mlp.qweight", encoding: .int32, shape: [4, 4]).fixedBuffer == nil)
        #expect(TensorRecord(name: "score.weight", encoding: .float32, shape: [1, 4]).role.head == "score_head")
    }
}
