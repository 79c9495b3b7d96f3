import EvidenceFormats
import EvidenceKit
import Foundation

/// One ONNX initializer (`TensorProto`), read as it streams: dims, data type and name come before
/// the data in field order, so `raw_data` — or packed `float_data`, `double_data`, `int32_data`,
/// `int64_data`, `uint64_data`, turned into the little-endian bytes `raw_data` would hold — is
/// hashed and decoded as it passes, never held.
struct ONNXInitializerReader {
    let onnx: ONNXReader
    let state: ONNXReader.GraphState

    private var reader: ForwardReader { onnx.reader }
    private var wire: ProtobufReader { onnx.wire }

    /// What has been read of the tensor so far.
    private final class Progress {
        var dims: [Int64] = []
        var dataType: Int64?
        var name = ""
        var digest: TensorDigest?
        var dataOffset: Int64?
        var external: [String: Value] = [:]
        var location: Int64 = 0
        var typed: String?
        var strings: Int64 = 0
    }

    func read(until end: Int64) throws {
        let progress = Progress()
        while let key = try wire.key(before: end) {
            switch (key.number, key.wireType) {
            case (1, _): try wire.integers(key, before: end, into: &progress.dims)
            case (2, 0): progress.dataType = Int64(bitPattern: try wire.varint())
            case (8, 2): progress.name = try wire.string(before: end)
            case (9, 2):
                let length = try wire.length(before: end)
                progress.dataOffset = reader.offset
                try feed(bytes: length, progress)
            case (4, 2), (10, 2):
                progress.typed = key.number == 4 ? "float_data" : "double_data"
                try feed(bytes: try wire.length(before: end), progress)
            case (5, _), (7, _), (11, _):
                progress.typed = key.number == 5 ? "int32_data" : key.number == 7 ? "int64_data" : "uint64_data"
                try feedIntegers(key, before: end, progress)
            case (6, 2):
                progress.strings += 1
                try wire.skip(key, before: end)
            case (13, 2):
                let pair = try onnx.readPair(until: try wire.end(before: end))
                progress.external[pair.key] = .string(pair.value)
            case (14, 0): progress.location = Int64(bitPattern: try wire.varint())
            default: try wire.skip(key, before: end)
            }
        }
        record(progress)
    }

    private func encoding(_ progress: Progress) -> TensorEncoding {
        progress.dataType.flatMap(TensorEncoding.onnx) ?? .opaque(name: "ONNX_TYPE_\(progress.dataType ?? -1)", elementBytes: nil)
    }

    private func digest(_ progress: Progress) -> TensorDigest {
        if let digest = progress.digest { return digest }
        let digest = TensorDigest(encoding(progress), statistics: onnx.options.statistics)
        progress.digest = digest
        return digest
    }

    private func feed(bytes length: Int64, _ progress: Progress) throws {
        guard onnx.options.tensorData else {
            try reader.skip(length)
            return
        }
        onnx.inventory.dataRead = true
        let digest = digest(progress)
        let read = try reader.stream(length) { digest.feed($0, scratch: state.scratch) }
        if read < length { throw WeightsExtractorError.truncated(what: "the initializer \(progress.name)", offset: reader.offset, needed: length - read) }
    }

    /// Typed integer data: varints, each turned into its element's little-endian bytes.
    private func feedIntegers(_ key: ProtobufReader.Key, before end: Int64, _ progress: Progress) throws {
        let size = encoding(progress).layout?.bytes ?? 8
        let stop = key.wireType == 0 ? nil : try wire.end(before: end)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(8192)
        let digest = onnx.options.tensorData ? digest(progress) : nil
        func flush() {
            buffer.withUnsafeBytes { digest?.feed($0, scratch: state.scratch) }
            buffer.removeAll(keepingCapacity: true)
        }
        repeat {
            let value = try wire.varint()
            withUnsafeBytes(of: value.littleEndian) { buffer.append(contentsOf: $0.prefix(size)) }
            if buffer.count >= 8000 { flush() }
        } while stop.map { reader.offset < $0 } ?? false
        flush()
        if digest != nil { onnx.inventory.dataRead = true }
    }

    private func record(_ progress: Progress) {
        let encoding = encoding(progress)
        var record = TensorRecord(name: progress.name, encoding: encoding, shape: progress.dims, offset: progress.dataOffset)
        if let typed = progress.typed { record.attributes["stored_as"] = .string(typed) }
        let expected = record.elementCount.flatMap { encoding.byteCount(elements: $0) }
        if progress.location == 1 || !progress.external.isEmpty {
            record.attributes["external_data"] = .object(progress.external)
            record.length = progress.external["length"].flatMap { Int64($0.description) } ?? expected
            record.unread = "stored in an external file (\(progress.external["location"]?.description ?? "unnamed")), not in this artifact"
        } else if let digest = progress.digest {
            record.length = digest.bytes
            let result = digest.finish()
            if digest.bytes == expected || (expected == nil && progress.typed == nil) {
                record.sha256 = result.sha256
                record.statistics = result.statistics
            } else {
                record.unread = "its data holds \(digest.bytes) bytes where its dims call for \(expected.map(String.init) ?? "an unknown number")"
                onnx.sink.violation("onnx", "data_length_mismatch", "the initializer \(progress.name): \(record.unread!)",
                                    at: progress.dataOffset ?? reader.offset)
            }
        } else if progress.strings > 0 {
            record.unread = "a string tensor (\(progress.strings) strings): not hashed"
        } else if expected == 0 {
            record.length = 0
        } else {
            record.unread = onnx.options.tensorData ? "no data was stored for it" : "tensor data not read (weights.tensor_data=false)"
        }
        if onnx.inventory.add(record) { state.initializers[progress.name] = onnx.inventory.records.count - 1 }
    }
}
