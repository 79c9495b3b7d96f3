/// Per-layer sequences of the tensor statistics, attached to the summary as series: for
/// each kind of tensor a layer holds once (`attn_q.weight`, `ffn_up.weight`, `attn_norm.weight`, …)
/// and each statistic, the value at each layer index. A model's statistics down its depth are its
/// profile: a fine-tune bends some layers of it and keeps the others, a copy keeps it all, an
/// unrelated model has its own — the raw material of the comparisons between parties.
///
/// Sequences are named `<role>.<last name component>.<statistic>` (`ffn_up.weight.std`), the role
/// from `MLVocabulary.tensorRole`, so the same sequence has the same name in safetensors, GGUF,
/// PyTorch and ONNX files. Fixed buffers (the same in unrelated models) and experts' tensors
/// (several per layer) are left out, and so is a kind of tensor that appears twice in one layer
/// (its sequence would be ambiguous).
enum LayerSeries {
    /// One sequence: the value of one statistic of one kind of tensor, layer by layer.
    struct Sequence: Equatable {
        let name: String
        /// Layer indices, ascending.
        var layers: [Int] = []
        var values: [Double] = []
    }

    /// The statistics given a sequence each, named as the tensor findings name them.
    static let statistics = ["mean", "std", "min", "max", "l2_norm"]

    /// The sequences of these records, in name order (whatever the file's order).
    static func sequences(_ records: [TensorRecord]) -> [Sequence] {
        var points: [String: [(layer: Int, figures: RunningStatistics.Summary)]] = [:]
        var ambiguous: Set<String> = []
        for record in records where record.role.expert == nil && record.fixedBuffer == nil {
            guard let layer = record.role.layer, let role = record.role.role, let figures = record.statistics,
                  figures.count > 0 else { continue }
            let key = "\(role).\(record.name.split(separator: ".").last.map(String.init) ?? "")"
            if points[key, default: []].contains(where: { $0.layer == layer }) { ambiguous.insert(key) }
            points[key, default: []].append((layer, figures))
        }
        var sequences: [Sequence] = []
        for key in points.keys.sorted() where !ambiguous.contains(key) {
            let byLayer = points[key]!.sorted { $0.layer < $1.layer }
            for statistic in statistics {
                var sequence = Sequence(name: "\(key).\(statistic)")
                for point in byLayer {
                    sequence.layers.append(point.layer)
                    sequence.values.append(value(statistic, of: point.figures))
                }
                sequences.append(sequence)
            }
        }
        return sequences
    }

    private static func value(_ statistic: String, of figures: RunningStatistics.Summary) -> Double {
        switch statistic {
        case "mean": return figures.mean
        case "std": return figures.standardDeviation
        case "min": return figures.minimum
        case "max": return figures.maximum
        default: return figures.l2Norm
        }
    }
}
