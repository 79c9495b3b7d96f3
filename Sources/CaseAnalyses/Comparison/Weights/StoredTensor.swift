import CaseStore
import EvidenceKit

/// A tensor as the weights extractor described it in a `weights.tensor` finding: where its bytes
/// lie in which file, how they are encoded, and their SHA-256 at intake.
struct StoredTensor: Sendable {
    var finding: FindingRecord
    var name: String
    /// The extractor's role for it (`ffn_up`, `ffn_gate`, `attn_q`, `norm`, …), when named.
    var role: String?
    var layer: Int?
    var dtype: String
    var shape: [Int]
    /// Absolute offset of the stored bytes in the artifact, and their length.
    var offset: Int64?
    var length: Int64?
    var sha256: String?
    /// The standard deviation of its values, when the extractor computed it.
    var std: Double?
    /// A scalar scale and zero point (ONNX QuantizeLinear), when the extractor found numeric ones
    /// (on the tensor's finding, or on its `weights.quantization` finding).
    var scale: Double?
    var zeroPoint: Double?

    init?(_ finding: FindingRecord) {
        let attributes = ComparedSides.attributes(finding)
        guard case .string(let name)? = attributes["name"], case .string(let dtype)? = attributes["dtype"] else { return nil }
        self.finding = finding
        self.name = name
        self.dtype = dtype
        role = attributes["role"].flatMap(Self.string)
        layer = attributes["layer"].flatMap(Self.integer).map(Int.init)
        if case .list(let dimensions)? = attributes["shape"] {
            shape = dimensions.compactMap(Self.integer).map(Int.init)
        } else {
            shape = []
        }
        offset = attributes["offset"].flatMap(Self.integer)
        length = attributes["length"].flatMap(Self.integer)
        sha256 = attributes["sha256"].flatMap(Self.string)
        std = Self.number(attributes["std"])
        scale = Self.number(attributes["scale"])
        zeroPoint = Self.number(attributes["zero_point"])
    }

    /// Rows and columns when read as a matrix: the last dimension is a row.
    var matrixShape: (rows: Int, columns: Int)? {
        guard shape.count == 2, shape[0] > 0, shape[1] > 0 else { return nil }
        return (shape[0], shape[1])
    }

    private static func string(_ value: Value) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }

    private static func integer(_ value: Value) -> Int64? {
        if case .integer(let number) = value { return number }
        return nil
    }

    static func number(_ value: Value?) -> Double? {
        switch value {
        case .integer(let number)?: return Double(number)
        case .float(let number)?: return number
        default: return nil
        }
    }
}
