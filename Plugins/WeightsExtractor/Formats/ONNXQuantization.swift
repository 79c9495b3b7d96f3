import EvidenceKit
import Foundation

/// Quantized ONNX initializers with the scale and zero point their nodes give them
/// (`weights.quantization`): with a scalar scale and zero point, the statistics of the values
/// they stand for, `scale × (q − zero_point)`, follow from the stored integers' own — the
/// dequantized figures a comparison needs.
struct ONNXQuantization {
    let inventory: WeightsInventory
    let sink: any FindingSink

    func report(_ state: ONNXReader.GraphState) {
        for name in state.quantized.keys.sorted() {
            guard let index = state.initializers[name], let (scaleName, zeroPointName) = state.quantized[name] else { continue }
            let tensor = inventory.records[index]
            guard tensor.encoding.isInteger else { continue }
            inventory.update(index) { $0.attributes["quantization"] = ["scale": .string(scaleName), "zero_point": .string(zeroPointName ?? "")] }
            var attributes: [String: Value] = ["tensor": .string(name), "dtype": .string(tensor.encoding.name),
                                               "scale_initializer": .string(scaleName)]
            if let zeroPointName { attributes["zero_point_initializer"] = .string(zeroPointName) }
            let scale = scalar(state.initializers[scaleName])
            let zeroPoint = zeroPointName.map { scalar(state.initializers[$0]) } ?? 0
            if let scale { attributes["scale"] = .float(scale) }
            if let zeroPoint { attributes["zero_point"] = .float(zeroPoint) }
            if let scale, let zeroPoint, let stored = tensor.statistics, stored.count > 0 {
                attributes["dequantized"] = .object(dequantized(stored, scale: scale, zeroPoint: zeroPoint))
            }
            sink.emit(Finding("weights.quantization",
                              summary: "\(name) (\(tensor.encoding.name)) is quantized: scale \(scale.map { "\($0)" } ?? scaleName), "
                                  + "zero point \(zeroPoint.map { "\($0)" } ?? zeroPointName ?? "none")",
                              attributes: attributes, at: Locator(byteOffset: tensor.offset, byteLength: tensor.length)))
        }
    }

    /// The value of a one-element initializer (its statistics' mean is that value).
    private func scalar(_ index: Int?) -> Double? {
        guard let index, let statistics = inventory.records[index].statistics, statistics.count == 1 else { return nil }
        return statistics.mean
    }

    /// Statistics of `scale × (q − zero_point)` from those of `q`.
    private func dequantized(_ q: RunningStatistics.Summary, scale: Double, zeroPoint: Double) -> [String: Value] {
        let n = Double(q.count)
        let sumSquares = q.l2Norm * q.l2Norm
        let centredSquares = max(0, sumSquares - 2 * zeroPoint * q.mean * n + n * zeroPoint * zeroPoint)
        let low = scale * (q.minimum - zeroPoint), high = scale * (q.maximum - zeroPoint)
        return ["count": .integer(q.count), "mean": .float(scale * (q.mean - zeroPoint)),
                "std": .float(abs(scale) * q.standardDeviation), "min": .float(min(low, high)), "max": .float(max(low, high)),
                "l2_norm": .float(abs(scale) * centredSquares.squareRoot())]
    }
}
