import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// Reading a tensor back from its original: int8 values dequantized with their scale and zero
/// point, the digest from intake checked, and a changed file refused; rows read one at a time
/// are the whole tensor's rows.
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

    /// Rows read one at a time (plain floats, bfloat16, ggml Q8_0 blocks, int8 with a scale and
    /// zero point) are the rows of the tensor read whole, whatever order they are asked in.
    @Test func rowsReadOneAtATimeAreTheWholeTensorsRows() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("m.bin")
        var bytes: [UInt8] = [0xAA, 0xAA, 0xAA]   // padding before the first tensor
        let floats: [Float] = (0..<12).map { Float($0) * 0.25 - 1 }
        for value in floats { withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes += $0 } }
        for value in floats { withUnsafeBytes(of: UInt16(value.bitPattern >> 16).littleEndian) { bytes += $0 } }
        for block in 0..<2 {   // Q8_0: a float16 scale (0.5, then 2), then 32 int8 values
            bytes += block == 0 ? [0x00, 0x38] : [0x00, 0x40]
            bytes += (0..<32).map { UInt8(bitPattern: Int8($0 - 16 + block)) }
        }
        bytes += [0xFE, 0x00, 0x02, 0x7F, 0x10, 0xF0]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let reader = TensorReadBack(sources: ["a": path])
        let cases = [#"{"name":"f","dtype":"F32","shape":[3,4],"offset":3,"length":48}"#,
                     #"{"name":"b","dtype":"BF16","shape":[4,3],"offset":51,"length":24}"#,
                     #"{"name":"q","dtype":"Q8_0","shape":[2,32],"offset":75,"length":68}"#,
                     #"{"name":"i","dtype":"I8","shape":[3,2],"offset":143,"length":6,"scale":0.5,"zero_point":2}"#]
        for attributes in cases {
            let stored = try #require(tensor(attributes))
            let whole = try reader.matrix(stored)
            let rows = try reader.rows(stored)
            #expect(rows.rows == whole.rows && rows.columns == whole.columns)
            for index in (0..<whole.rows).reversed() {
                #expect(try rows.withRow(index) { Array($0) } == Array(whole.row(index)), "\(attributes) row \(index)")
            }
        }
        #expect(try reader.rows(try #require(tensor(cases[2]))).withRow(1) { $0[0] } == -30)
    }

    /// A shape the stored bytes do not fill, a row that is not whole blocks, and bytes changed
    /// since intake are refused before a row is read.
    @Test func rowsThatCannotBeReadAsStoredAreRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("m.bin")
        try Data(repeating: 0x3F, count: 128).write(to: URL(fileURLWithPath: path))
        let reader = TensorReadBack(sources: ["a": path])
        for attributes in [#"{"name":"f","dtype":"F32","shape":[3,4],"offset":0,"length":44}"#,
                           #"{"name":"q","dtype":"Q8_0","shape":[2,33],"offset":0,"length":68}"#,
                           #"{"name":"f","dtype":"F32","shape":[2,4],"offset":0,"length":32,"sha256":"\#(String(repeating: "0", count: 64))"}"#,
                           #"{"name":"f","dtype":"F32","shape":[2,4],"offset":120,"length":32}"#] {
            #expect(throws: TensorReadBack.Refusal.self, "\(attributes)") { try reader.rows(try #require(self.tensor(attributes))) }
        }
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
