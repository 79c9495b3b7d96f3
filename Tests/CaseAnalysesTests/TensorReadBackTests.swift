import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// Reading a tensor back from its original: int8 values dequantized with their scale and zero
/// point, the digest from intake checked, and a changed file refused.
@Suite struct TensorReadBackTests {
    private func tensor(_ attributes: String) -> StoredTensor? {
        StoredTensor(FindingRecord(id: "f", artifactID: "a", originalID: "a", exhibit: "EX-0001", exhibitSequence: 1, ordinal: 0,
                                   kind: "weights.tensor", severity: "info", summary: "", attributes: attributes, locator: "{}",
                                   evidencePath: "m.onnx", timeUTC: nil, timeOriginal: nil, timeZoneSource: nil,
                                   extractorID: "weights", extractorVersion: "1"))
    }

    @Test func integersAreDequantizedWithTheirZeroPoint() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("m.onnx")
        // Padding, then four int8 values: -2, 0, 2, 127.
        let bytes: [UInt8] = [0xAA, 0xAA, 0xFE, 0x00, 0x02, 0x7F]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let digest = "442b6c56915ca0b9851880b5023723270cbb7735048dba55a5f4e097212bc354"  // sha256 of fe 00 02 7f, by Python's hashlib
        let reader = TensorReadBack(sources: ["a": path])
        var stored = try #require(tensor(#"{"name":"w","dtype":"I8","shape":[2,2],"offset":2,"length":4,"sha256":"\#(digest)"}"#))
        #expect(try reader.read(stored) == [-2, 0, 2, 127])
        stored.scale = 0.5
        stored.zeroPoint = 2
        #expect(try reader.read(stored) == [-2, -1, 0, 62.5])
        stored.sha256 = String(repeating: "0", count: 64)
        #expect(throws: TensorReadBack.Refusal.self) { try reader.read(stored) }
    }

    /// An ONNX initializer's scale and zero point, on a `weights.quantization` finding of their
    /// own, reach the tensor the comparison reads back.
    @Test func aQuantizationFindingGivesItsTensorItsScale() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("c.exhibit"), info: CaseInfo(
            caseID: "c0ffee00-0000-4000-8000-000000000021", title: "t", examiner: "e", organization: "", created: "2026-01-01T00:00:00Z"))
        let path = EvidencePath(original: "m.onnx")
        try file.write(SyntheticOriginal(name: "m.onnx", findings: [
            (path, "weights.summary", "weights", ["format": "onnx"]),
            (path, "weights.tensor", "weights", ["name": "w", "dtype": "I8", "shape": [2, 2], "offset": 2, "length": 4]),
            (path, "weights.tensor", "weights", ["name": "v", "dtype": "I8", "shape": [2, 2], "offset": 6, "length": 4]),
            (path, "weights.quantization", "weights", ["tensor": "w", "scale": 0.5, "zero_point": 2.0]),
        ]).batch)
        try file.write(SyntheticOriginal(name: "n.onnx", party: "respondent").batch)
        let models = try file.read { view in
            let (left, right) = try Comparison.sides("claimant", "respondent", in: view)
            return try WeightModels(ComparedSides(left: left, right: right, view: view))
        }
        let tensors = try #require(models.left.first?.tensors)
        #expect(tensors.first { $0.name == "w" }.map { ($0.scale, $0.zeroPoint) }! == (0.5, 2))
        #expect(tensors.first { $0.name == "v" }?.zeroPoint == nil)
    }
}
