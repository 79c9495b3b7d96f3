import EvidenceFormats
import EvidenceKit
import Foundation

/// Model weight files — safetensors, GGUF, PyTorch checkpoints (zip and TorchScript, pickles
/// emulated, never unpickled) and ONNX — read without a framework and without running anything:
/// the tensor table, each tensor's SHA-256 and statistics as its bytes stream past, the
/// architecture they show, fixed buffers, value and reward heads, and whatever in a pickle would
/// have run code.
public struct WeightsExtractor: ConfigurableExtractor {
    /// What an investigator may set (`--extractor-option weights.tensor_data=false`, …).
    public struct Options: Codable, Sendable {
        /// Read tensor data (hashes, statistics); `false` reads the headers and tables only.
        public var tensorData: Bool
        /// Decode values for statistics while hashing.
        public var statistics: Bool
        /// Tensors listed per file; past this, a limitation says how many were not.
        public var maxTensors: Int

        enum CodingKeys: String, CodingKey {
            case tensorData = "tensor_data", statistics, maxTensors = "max_tensors"
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        guard let format = WeightsFormat.of(head: artifact.head, name: artifact.name) else {
            throw EvidenceError.notMyFormat("not a weights format this extractor reads")
        }
        let reader = ForwardReader(artifact.content)
        let inventory = WeightsInventory(format: format.rawValue, limits: artifact.limits, maxTensors: options.maxTensors)
        var stop: (any Error)?
        do {
            try read(format, reader: reader, inventory: inventory, artifact: artifact, sink: sink)
        } catch let problem as WeightsExtractorError {
            sink.violation(inventory.format, problem.violationKind, problem.errorDescription ?? "\(problem)", at: problem.offset)
        } catch {
            // A budget or an I/O failure: what was found is still reported, then the host is told.
            stop = error
        }
        // What this extractor took from the content (the host reads the rest for its hash).
        inventory.facts["bytes_read"] = .integer(reader.pulled)
        if inventory.dataRead {
            for (index, record) in inventory.records.enumerated() where record.sha256 == nil && record.unread == nil {
                inventory.update(index) { $0.unread = stop == nil ? "its bytes were not reached" : "reading stopped before its bytes" }
            }
        }
        WeightsReport.emit(inventory, into: sink)
        if let stop { throw stop }
    }

    private func read(_ format: WeightsFormat, reader: ForwardReader, inventory: WeightsInventory, artifact: Artifact,
                      sink: any FindingSink) throws {
        let file = WeightsFile(reader: reader, inventory: inventory, sink: sink, options: options, artifact: artifact)
        switch format {
        case .safetensors: try SafetensorsReader(file: file).read()
        case .gguf: try GGUFReader(file: file).read()
        case .pytorchZip: try TorchZipReader(file: file).read()
        case .pytorchLegacy, .pickle: try LonePickleReader(file: file, legacy: format == .pytorchLegacy).read()
        case .onnx: try ONNXReader(file: file).read()
        }
    }
}

extension WeightsExtractor: ContentRecognizing {
    /// safetensors, PyTorch zip and legacy checkpoints, and pickles with a checkpoint's name are
    /// told from their heads (GGUF by its magic, ONNX by its name).
    public static func claims(head: Data, name: String) -> Bool {
        switch WeightsFormat.of(head: head, name: name) {
        case .safetensors: return WeightsFormat.isSafetensors(head)
        case .pytorchZip, .pytorchLegacy: return true
        case .pickle: return head.first == 0x80
        case .gguf, .onnx, nil: return false
        }
    }
}
