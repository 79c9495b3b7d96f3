import Crypto
import EvidenceKit
import Foundation

/// A PyTorch zip checkpoint (`torch.save` since 1.6) or TorchScript archive, read as the stream
/// it is: `torch.save` writes every record stored (uncompressed), 64-byte aligned, `data.pkl`
/// first and the storages `data/N` after it, so the local headers are read in order and each
/// storage is hashed — and each tensor in it hashed and decoded — as it passes. `data.pkl` is
/// emulated, never unpickled. TorchScript writes its storages before the pickle that types them:
/// their SHA-256 are kept and given to the tensors that fill a storage whole; their statistics
/// would need a second read and are not computed. Every record is listed (`weights.record`) with
/// its offset, length and SHA-256; none is handed on to other extractors (see docs).
struct TorchZipReader: WeightsFileReader {
    let file: WeightsFile

    /// A storage record seen: its key, where, how long, and its SHA-256.
    struct Storage {
        let key: String
        let path: String
        let offset: Int64
        let length: Int64
        var sha256: String?
    }

    /// What the reading has learned so far.
    final class State {
        var tensors: [CheckpointTable.TensorReference]?
        /// Inventory indices of the tensors of each storage key.
        var byStorage: [String: [Int]] = [:]
        /// The position in `tensors` of each inventory index.
        var references: [Int: Int] = [:]
        var storages: [String: Storage] = [:]
        var storagesBeforePickle = false
        var bigEndian = false
        var records = 0
    }

    func read() throws {
        let state = State()
        while let header = try ZipLocalHeader.read(reader) {
            state.records += 1
            if state.records % 256 == 0 { try artifact.limits.checkDeadline() }
            try readRecord(header, state: state)
        }
        // The central directory and end records: read to the end, not interpreted.
        try reader.skip(Int64.max)
        inventory.format = state.storagesBeforePickle ? "torchscript" : "pytorch_zip"
        inventory.facts["records"] = .integer(Int64(state.records))
        if state.tensors == nil {
            sink.warn("no data.pkl was found among the archive's records: no tensor table")
        }
    }

    private func readRecord(_ header: ZipLocalHeader, state: State) throws {
        let relative = header.name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? header.name
        guard !header.sizesFollowData else {
            sink.limitation("\(header.name): sizes follow the data (a data descriptor), so its end cannot be found in a stream: "
                            + "the rest of the archive was not read", limit: "unsupported_format",
                            at: Locator(byteOffset: header.headerOffset))
            throw WeightsExtractorError.malformed(what: "the record \(header.name)", offset: header.headerOffset,
                                                  reason: "a data descriptor without sizes")
        }
        guard header.compressedSize <= UInt64(Int64.max) else {
            throw WeightsExtractorError.tooLarge(what: "the record \(header.name)", offset: header.headerOffset,
                                                 declared: "\(header.compressedSize) bytes", limit: "2^63")
        }
        let length = Int64(header.compressedSize)
        let end = header.dataOffset + length
        if header.method != 0 {
            // Compressed (TorchScript's code, or a re-zipped checkpoint): listed, never inflated.
            let sha256 = try hashRecord(length, header: header)
            emitRecord(header, length: length, sha256: sha256, note: "compressed (method \(header.method)): not read")
            if relative == "data.pkl" || relative.hasPrefix("data/") {
                sink.limitation("\(header.name) is compressed: PyTorch writes it stored; its contents were not read",
                                limit: "unsupported_format", at: Locator(byteOffset: header.dataOffset))
            }
            return
        }
        switch relative {
        case "data.pkl":
            try readPickle(header, length: length, state: state)
        case "byteorder", ".format_version", "version", ".data/version", ".storage_alignment":
            let text = try smallText(header, length: length)
            inventory.facts[relative == ".data/version" ? "version" : relative.replacingOccurrences(of: ".", with: "")] = .string(text)
            if relative == "byteorder", text == "big" {
                state.bigEndian = true
                sink.limitation("the storages are big-endian: tensors are hashed, their statistics not computed",
                                limit: "unsupported_format")
            }
        default:
            if let key = storageKey(relative) {
                try readStorage(header, key: key, length: length, state: state)
            } else {
                if relative.hasSuffix("pkl") {
                    try scanPickle(header, length: length, state: state)
                } else {
                    emitRecord(header, length: length, sha256: try hashRecord(length, header: header), note: nil)
                }
            }
        }
        if reader.offset < end, try reader.skip(end - reader.offset) < end - reader.offset {
            throw WeightsExtractorError.truncated(what: "the record \(header.name)", offset: reader.offset, needed: end - reader.offset)
        }
    }

    /// `data/3` → `3`; TorchScript's shared storages `.data/3.storage` → `3.storage`.
    private func storageKey(_ relative: String) -> String? {
        for prefix in ["data/", ".data/"] where relative.hasPrefix(prefix) && relative.count > prefix.count {
            let key = String(relative.dropFirst(prefix.count))
            if !key.contains("/") { return key }
        }
        return nil
    }

    /// A record of a few bytes of text (`byteorder`, `version`), hashed whole, its start kept.
    private func smallText(_ header: ZipLocalHeader, length: Int64) throws -> String {
        var hash = SHA256()
        var kept = Data()
        let read = try reader.stream(length) { chunk in
            hash.update(bufferPointer: chunk)
            if kept.count < 256 { kept.append(contentsOf: chunk.prefix(256 - kept.count)) }
        }
        if read < length {
            throw WeightsExtractorError.truncated(what: "the record \(header.name)", offset: reader.offset, needed: length - read)
        }
        emitRecord(header, length: length, sha256: hash.hexDigest(), note: nil)
        return String(decoding: kept, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// SHA-256 of the next `length` bytes, consumed.
    func hashRecord(_ length: Int64, header: ZipLocalHeader) throws -> String {
        var hash = SHA256()
        let read = try reader.stream(length) { hash.update(bufferPointer: $0) }
        if read < length {
            throw WeightsExtractorError.truncated(what: "the record \(header.name)", offset: reader.offset, needed: length - read)
        }
        return hash.hexDigest()
    }

    func emitRecord(_ header: ZipLocalHeader, length: Int64, sha256: String?, note: String?) {
        var attributes: [String: Value] = ["path": .string(header.name), "offset": .integer(header.dataOffset),
                                           "length": .integer(length), "method": .integer(Int64(header.method))]
        if let sha256 { attributes["sha256"] = .string(sha256) }
        if let note { attributes["note"] = .string(note) }
        sink.emit(Finding("weights.record", summary: "\(header.name): \(length) bytes" + (note.map { ", \($0)" } ?? ""),
                          attributes: attributes, at: Locator(byteOffset: header.dataOffset, byteLength: length)))
    }
}
