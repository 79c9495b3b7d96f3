import Crypto
import EvidenceKit
import Foundation

extension TorchZipReader {
    /// `data.pkl`: emulated (from a copy in memory when it fits a quarter of the budget, so that
    /// its SHA-256 is known too); its tensors join the inventory, keyed by storage.
    func readPickle(_ header: ZipLocalHeader, length: Int64, state: State) throws {
        let result = try emulate(header, length: length, state: state)
        let prefix = header.name.split(separator: "/").first.map(String.init) ?? "archive"
        state.tensors = result.tensors
        for (position, tensor) in result.tensors.enumerated() {
            var record = TensorRecord(name: tensor.name, encoding: tensor.encoding, shape: tensor.shape)
            record.attributes["storage"] = .string(tensor.storageKey)
            record.attributes["storage_offset"] = .integer(tensor.storageOffset)
            record.attributes["storage_type"] = .string(tensor.storageType)
            record.attributes["member_path"] = .string("\(prefix)/data/\(tensor.storageKey)")
            if !tensor.isContiguous { record.attributes["strides"] = .list(tensor.strides.map { .integer($0) }) }
            if let location = tensor.location { record.attributes["location"] = .string(location) }
            if tensor.isParameter { record.attributes["parameter"] = true }
            guard inventory.add(record) else { continue }
            let index = inventory.records.count - 1
            state.byStorage[tensor.storageKey, default: []].append(index)
            state.references[index] = position
            if let storage = state.storages[tensor.storageKey] { adoptStorageHash(index, tensor: tensor, storage: storage) }
        }
        if inventory.unlistedTensors > 0 {
            let reason = inventory.fullReason
            sink.limitation("\(inventory.unlistedTensors) tensor(s) not listed: \(reason.text)", limit: reason.limit)
        }
    }

    /// Another pickle of the archive (`constants.pkl`, TorchScript's debug pickles): emulated for
    /// its globals only.
    func scanPickle(_ header: ZipLocalHeader, length: Int64, state: State) throws {
        _ = try emulate(header, length: length, state: state)
    }

    /// A pickle record emulated — from a copy in memory when it fits a quarter of the budget, so
    /// that its SHA-256 is known too — and listed.
    private func emulate(_ header: ZipLocalHeader, length: Int64,
                         state: State) throws -> (tensors: [CheckpointTable.TensorReference], complete: Bool) {
        let policy = PickleGlobalPolicy(torchScript: state.storagesBeforePickle)
        guard length <= Int64(artifact.limits.maxInMemoryBytes / 4) else {
            emitRecord(header, length: length, sha256: nil,
                       note: "larger than a quarter of the memory budget: emulated as it streamed, not hashed")
            return try PickleRun(reader: reader, sink: sink, limits: artifact.limits, policy: policy, record: header.name)
                .run(end: header.dataOffset + length)
        }
        var copy = Data()
        var hash = SHA256()
        let read = try reader.stream(length) { chunk in
            hash.update(bufferPointer: chunk)
            copy.append(contentsOf: chunk)
        }
        if read < length {
            throw WeightsExtractorError.truncated(what: "the record \(header.name)", offset: reader.offset, needed: length - read)
        }
        emitRecord(header, length: length, sha256: hash.hexDigest(), note: nil)
        var run = PickleRun(reader: ForwardReader(DataByteSource(copy)), sink: sink, limits: artifact.limits,
                            policy: policy, record: header.name)
        run.origin = header.dataOffset
        return try run.run(end: length)
    }

    /// A TorchScript tensor whose storage passed before the pickle: it takes the storage's
    /// SHA-256 when it fills the storage whole.
    private func adoptStorageHash(_ index: Int, tensor: CheckpointTable.TensorReference, storage: Storage) {
        let size = Int64(tensor.encoding.layout?.bytes ?? 0)
        let bytes = (tensor.extent ?? -1) * size
        inventory.update(index) { record in
            record.offset = storage.offset + tensor.storageOffset * size
            record.length = bytes
            if tensor.isContiguous, tensor.storageOffset == 0, bytes == storage.length, let sha256 = storage.sha256 {
                record.sha256 = sha256
                record.unread = "statistics not computed: TorchScript stores tensor data before the pickle that types it"
            } else {
                record.unread = "not read: TorchScript stored its storage before the pickle, and the tensor is part of it"
            }
        }
    }

    /// `data/N`: the storage record, hashed whole, and each tensor in it hashed and decoded.
    func readStorage(_ header: ZipLocalHeader, key: String, length: Int64, state: State) throws {
        if state.tensors == nil { state.storagesBeforePickle = true }
        guard options.tensorData else {
            emitRecord(header, length: length, sha256: nil, note: "tensor data not read (weights.tensor_data=false)")
            return
        }
        inventory.dataRead = true
        var spans = [SpanStreamer.Span(record: -1, start: header.dataOffset, end: header.dataOffset + length,
                                       encoding: .uint8, decode: false)]
        let end = header.dataOffset + length
        for index in state.byStorage[key] ?? [] {
            guard let position = state.references[index], let tensor = state.tensors?[position],
                  let size = tensor.encoding.layout?.bytes else { continue }
            let elements = tensor.isContiguous ? inventory.records[index].elementCount : tensor.extent
            let start = header.dataOffset.addingReportingOverflow(tensor.storageOffset.multipliedReportingOverflow(by: Int64(size)).partialValue)
            let bytes = elements?.multipliedReportingOverflow(by: Int64(size))
            guard let bytes, !bytes.overflow, !start.overflow, tensor.storageOffset >= 0,
                  start.partialValue + bytes.partialValue <= end else {
                inventory.update(index) { $0.unread = "its extent lies past the end of its storage record \(header.name)" }
                continue
            }
            inventory.update(index) { record in
                record.offset = start.partialValue
                record.length = bytes.partialValue
                if !tensor.isContiguous { record.attributes["layout"] = "strided view: sha256 over the stored range it spans" }
            }
            spans.append(SpanStreamer.Span(record: index, start: start.partialValue, end: start.partialValue + bytes.partialValue,
                                           encoding: tensor.encoding, decode: tensor.isContiguous && !state.bigEndian))
        }
        var storageHash: String?
        try SpanStreamer(statistics: options.statistics, limits: artifact.limits).stream(spans, from: reader) { outcome in
            guard outcome.record >= 0 else {
                storageHash = outcome.sha256
                return
            }
            inventory.update(outcome.record) { record in
                record.sha256 = outcome.sha256
                record.statistics = outcome.statistics
                if outcome.sha256 == nil { record.unread = "its storage record ends early" }
            }
        }
        state.storages[key] = Storage(key: key, path: header.name, offset: header.dataOffset, length: length, sha256: storageHash)
        emitRecord(header, length: length, sha256: storageHash, note: storageHash == nil ? "truncated" : nil)
    }
}
