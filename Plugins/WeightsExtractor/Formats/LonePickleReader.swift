import EvidenceKit
import Foundation

/// A pickle on its own — a `.pkl`, or a legacy (pre-1.6) `torch.save` file, which is a run of
/// pickles (magic number, protocol version, system info, the object, the storage keys) followed
/// by raw storages. Each pickle is emulated, never unpickled: its unsafe globals are reported and
/// its tensor table listed. The legacy storage data is not read (unsupported), and says so.
struct LonePickleReader: WeightsFileReader {
    /// The pickles a legacy checkpoint starts with: magic, protocol, system info, object, keys.
    static let legacyPickles = 5

    let file: WeightsFile
    let legacy: Bool

    func read() throws {
        let policy = PickleGlobalPolicy(torchScript: false)
        let run = PickleRun(reader: reader, sink: sink, limits: artifact.limits, policy: policy, record: nil)
        var tensors: [CheckpointTable.TensorReference] = []
        for index in 0..<(legacy ? Self.legacyPickles : 1) {
            let result = try run.run(end: nil)
            // The legacy object is the fourth pickle; the others hold no tensors.
            if !legacy || index == 3 { tensors = result.tensors }
            if try !result.complete || reader.atEnd() { break }
        }
        for tensor in tensors {
            var record = TensorRecord(name: tensor.name, encoding: tensor.encoding, shape: tensor.shape)
            record.attributes["storage"] = .string(tensor.storageKey)
            record.attributes["storage_offset"] = .integer(tensor.storageOffset)
            record.unread = legacy ? "a legacy checkpoint's storages are not read" : "the pickle refers to storages kept elsewhere"
            inventory.add(record)
        }
        if artifact.name == "pickle" {
            // The `pickle` member of a legacy tar checkpoint (`sys_info`, `pickle`, `tensors`, `storages`).
            inventory.format = "pytorch_legacy_tar"
            sink.limitation("the pickle of a legacy tar checkpoint (before PyTorch 0.4): emulated for its globals; its tensors, "
                            + "kept in the tensors and storages members beside it, are not read (unsupported)",
                            limit: "unsupported_format")
        }
        if legacy {
            inventory.formatVersion = "legacy (before PyTorch 1.6)"
            sink.limitation("a legacy (pre-1.6) PyTorch checkpoint: its pickles were emulated and its tensors listed; its storage "
                            + "data is not read (unsupported)", limit: "unsupported_format",
                            at: Locator(byteOffset: reader.offset))
        }
        try reader.skip(Int64.max)
    }
}
