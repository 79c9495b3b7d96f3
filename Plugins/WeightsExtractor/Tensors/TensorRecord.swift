import EvidenceFormats
import EvidenceKit
import Foundation

/// One tensor as a weights file declares it, and what reading its bytes showed.
struct TensorRecord {
    /// Its name as stored.
    var name: String
    /// How its values are stored.
    var encoding: TensorEncoding
    /// Its dimensions, outermost first (as PyTorch and NumPy list them; GGUF stores them innermost
    /// first, kept apart in `attributes["ggml_dims"]`).
    var shape: [Int64]
    /// The offset of its first stored byte in the artifact, when known.
    var offset: Int64?
    /// How many bytes it occupies there.
    var length: Int64?
    /// What the format adds: storage key, strides, GGUF dims, ONNX quantization, …
    var attributes: [String: Value] = [:]
    /// The SHA-256 of its stored bytes, once read whole.
    var sha256: String?
    /// The statistics of its values, once read whole.
    var statistics: RunningStatistics.Summary?
    /// Why its bytes were not read, or were read only in part.
    var unread: String?
    /// What its name says it is.
    let role: MLVocabulary.TensorRole

    init(name: String, encoding: TensorEncoding, shape: [Int64], offset: Int64? = nil, length: Int64? = nil) {
        self.name = name
        self.encoding = encoding
        self.shape = shape
        self.offset = offset
        self.length = length
        role = MLVocabulary.tensorRole(named: name)
    }

    /// The number of elements, or `nil` when a dimension is negative or the product overflows.
    var elementCount: Int64? {
        var product: Int64 = 1
        for dimension in shape {
            guard dimension >= 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
            if overflow { return nil }
            product = next
        }
        return product
    }

    /// Whether it is a fixed buffer rather than a learned weight: by name, or an integer tensor
    /// that is not a packed quantized weight.
    var fixedBuffer: String? {
        if let kind = role.fixedBuffer { return kind }
        let last = name.split(separator: ".").last.map(String.init) ?? name
        if encoding.isInteger, !["weight", "qweight", "qzeros", "g_idx", "weight_packed"].contains(last),
           !name.hasSuffix("_quantized"), attributes["quantization"] == nil {
            return "integer_buffer"
        }
        return nil
    }

    /// Approximate bytes this record holds in memory, for the budget.
    var memoryEstimate: Int { 160 + name.utf8.count + shape.count * 8 }

    /// The `weights.tensor` finding.
    func finding() -> Finding {
        var attributes = self.attributes
        attributes["name"] = .string(name)
        attributes["dtype"] = .string(encoding.name)
        attributes["shape"] = .list(shape.map { .integer($0) })
        if let count = elementCount { attributes["elements"] = .integer(count) }
        if let offset { attributes["offset"] = .integer(offset) }
        if let length { attributes["length"] = .integer(length) }
        if let sha256 { attributes["sha256"] = .string(sha256) }
        if let statistics { attributes.merge(statistics.attributes) { _, new in new } }
        if let layer = role.layer { attributes["layer"] = .integer(Int64(layer)) }
        if let role = role.role { attributes["role"] = .string(role) }
        if let expert = role.expert { attributes["expert"] = .integer(Int64(expert)) }
        if let kind = fixedBuffer {
            attributes["learned"] = false
            attributes["fixed_buffer"] = .string(kind)
        } else {
            attributes["learned"] = true
        }
        if let rowLength = shape.last, let layout = encoding.layout, rowLength > 0, rowLength % Int64(layout.elements) == 0 {
            attributes["row_bytes"] = .integer(rowLength / Int64(layout.elements) * Int64(layout.bytes))
        }
        if let unread { attributes["unread"] = .string(unread) }
        let shapeText = "[" + shape.map(String.init).joined(separator: ", ") + "]"
        let figures = statistics.map { String(format: ", mean %.4g, std %.4g", $0.mean, $0.standardDeviation) } ?? ""
        let digest = sha256.map { ", sha256 \($0.prefix(12))" } ?? ""
        return Finding("weights.tensor", summary: "\(name) \(encoding.name) \(shapeText)\(digest)\(figures)",
                       attributes: attributes,
                       at: Locator(byteOffset: offset, byteLength: length))
    }
}
