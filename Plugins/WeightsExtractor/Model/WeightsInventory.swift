import EvidenceKit
import Foundation

/// What one weights file holds, as its reader finds it: the format, the tensor table with what
/// reading each tensor's bytes showed, the architecture its metadata declares, and the facts the
/// summary reports. One per artifact; the report is made from it at the end.
final class WeightsInventory {
    /// `safetensors`, `gguf`, `pytorch_zip`, `torchscript`, `pytorch_legacy`, `pickle`, `onnx`.
    var format: String
    /// The format's own version, where it states one.
    var formatVersion: Value?
    /// The tensors, in the order the file declares them.
    private(set) var records: [TensorRecord] = []
    /// Architecture fields the file's own metadata declares (normalized names), and where.
    var declaredArchitecture: [String: Value] = [:]
    var declaredSources: [String: Value] = [:]
    /// Other statements to hold the tensors to (a tokenizer's size against the embedding's rows).
    var crossChecks: [(field: String, value: Value, source: String)] = []
    /// Facts for the summary: metadata keys, shard, alignment, byte order, …
    var facts: [String: Value] = [:]
    /// Tensors declared beyond what was listed (a budget stopped the table).
    var unlistedTensors: Int64 = 0
    /// Whether tensor data was read (not only the table).
    var dataRead = false
    private var memoryUsed = 0
    private let memoryLimit: Int
    private let maxTensors: Int

    init(format: String, limits: ExtractionLimits, maxTensors: Int) {
        self.format = format
        // The table may use half the memory budget; buffers and the rest take the other half.
        memoryLimit = max(limits.maxInMemoryBytes / 2, 1 << 20)
        self.maxTensors = maxTensors
    }

    /// Adds a tensor; `false` (and the tensor not added) when the table is at its limit.
    @discardableResult
    func add(_ record: TensorRecord) -> Bool {
        guard records.count < maxTensors, memoryUsed + record.memoryEstimate <= memoryLimit else {
            unlistedTensors += 1
            return false
        }
        memoryUsed += record.memoryEstimate
        records.append(record)
        return true
    }

    /// Whether another tensor would fit.
    var isFull: Bool { records.count >= maxTensors || memoryUsed >= memoryLimit }

    /// Why the table is full, for the limitation finding.
    var fullReason: (limit: String, text: String) {
        records.count >= maxTensors
            ? ("max_tensors", "more than \(maxTensors) tensors (weights.max_tensors)")
            : ("memory_bytes", "the tensor table reached half the memory budget (\(memoryLimit) bytes)")
    }

    /// Updates the tensor at `index`.
    func update(_ index: Int, _ change: (inout TensorRecord) -> Void) {
        change(&records[index])
    }
}
