import CaseStore
import Crypto
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// Reads a tensor's values back from the original file it was found in — opened read-only, its
/// bytes streamed once and their SHA-256 checked against the digest taken at intake (or, read a
/// row at a time, ``TensorRows``, hashed before and after) — and decodes
/// them to `Float` (plain types widened exactly, ggml blocks dequantized by ggml's rules; a
/// numeric scale and zero point on the finding applied, when the extractor put them there).
///
/// Tensors are read from files that exist on disk as given (a file added by itself, or a file
/// of an added folder), or from copies of archive members made again for the comparison
/// (``ComparedSides/reopen``); a tensor in a member that could not be copied is refused with a
/// reason, which the analysis reports.
struct TensorReadBack {
    /// Where each artifact's bytes are, by artifact id, and why any other could not be read.
    private let sources: [String: String]
    private let refusals: [String: String]

    init(sources: [String: String], refusals: [String: String] = [:]) {
        self.sources = sources
        self.refusals = refusals
    }

    /// Why a tensor could not be read back.
    enum Refusal: Error, CustomStringConvertible {
        case insideContainer(String)
        case notLocated(String)
        case notDecoded(String, dtype: String)
        case unreadable(String, reason: String)
        case changed(String, expected: String, found: String)

        var description: String {
            switch self {
            case .insideContainer(let name): return "\(name) is inside a container that could not be read again: extract that member and add it to read its values"
            case .notLocated(let name): return "\(name) has no byte offset and length in its finding"
            case .notDecoded(let name, let dtype): return "\(name) is \(dtype), which is not decoded"
            case .unreadable(let name, let reason): return "\(name) could not be read back: \(reason)"
            case .changed(let name, let expected, let found):
                return "\(name) no longer has the bytes hashed at intake (expected sha256 \(expected), found \(found)): the file changed since it was added"
            }
        }
    }

    /// The tensor as a matrix (a 2-D tensor; anything else is refused by the caller first).
    func matrix(_ tensor: StoredTensor) throws -> RowMatrix {
        guard let shape = tensor.matrixShape else { throw Refusal.unreadable(tensor.name, reason: "not a matrix") }
        let values = try read(tensor)
        guard values.count == shape.rows * shape.columns else {
            throw Refusal.unreadable(tensor.name, reason: "\(values.count) values for a \(shape.rows) × \(shape.columns) matrix")
        }
        return RowMatrix(rows: shape.rows, columns: shape.columns, values: values)
    }

    /// Every value of the tensor, in stored order.
    func read(_ tensor: StoredTensor) throws -> [Float] {
        let stored = try locate(tensor)
        var decoder = stored.decoder
        var values: [Float] = []
        // As many values as the shape holds and the bytes can (a byte count is not a value count).
        let (count, overflow) = tensor.shape.reduce((1, false)) { total, dimension in
            let (product, over) = total.0.multipliedReportingOverflow(by: max(dimension, 0))
            return (product, total.1 || over)
        }
        let layout = stored.decoder.encoding.layout ?? (elements: 1, bytes: 1)
        let fitting = stored.length / Int64(layout.bytes) * Int64(layout.elements)
        values.reserveCapacity(overflow ? 0 : Int(min(Int64(count), fitting, 1 << 28)))
        let scale = Float(tensor.scale ?? 1), zeroPoint = Float(tensor.zeroPoint ?? 0)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: ValueDecoder.scratchCapacity)
        defer { scratch.deallocate() }
        try Self.checkDigest(tensor, stored) { chunk in
            decoder.feed(chunk, scratch: scratch) { batch, count in
                for index in 0..<count {
                    let value = Float(batch[index])
                    values.append(scale * (value - zeroPoint))
                }
            }
        }
        return values
    }

    /// The tensor's rows, read one at a time when asked for (the tensor is never held whole):
    /// its shape checked against its bytes, then its bytes hashed and checked against their
    /// digest at intake; ``TensorRows/checkUnchanged()`` hashes them again once they are read.
    func rows(_ tensor: StoredTensor) throws -> TensorRows {
        guard let shape = tensor.matrixShape else { throw Refusal.unreadable(tensor.name, reason: "not a matrix") }
        let rows = try TensorRows(tensor, try locate(tensor), rows: shape.rows, columns: shape.columns)
        try rows.checkUnchanged()
        return rows
    }

    /// A tensor's bytes found: the file opened read-only, where they lie in it, and how they decode.
    struct Located {
        var file: FileByteSource
        var offset: Int64
        var length: Int64
        var decoder: ValueDecoder
        /// The evidence path the tensor was found at, for messages.
        var place: String
    }

    private func locate(_ tensor: StoredTensor) throws -> Located {
        guard let path = sources[tensor.finding.artifactID] else {
            if let reason = refusals[tensor.finding.artifactID] { throw Refusal.unreadable(tensor.name, reason: reason) }
            throw Refusal.insideContainer(tensor.name)
        }
        // Messages name the evidence, not the path read (a copy's path names this run).
        let place = tensor.finding.evidencePath
        guard let offset = tensor.offset, let length = tensor.length, offset >= 0, length >= 0 else {
            throw Refusal.notLocated(tensor.name)
        }
        guard let encoding = TensorEncoding(name: tensor.dtype), let decoder = ValueDecoder(encoding) else {
            throw Refusal.notDecoded(tensor.name, dtype: tensor.dtype)
        }
        let file: FileByteSource
        do {
            file = try FileByteSource(path: path)
        } catch {
            throw Refusal.unreadable(tensor.name, reason: "\(place) cannot be opened")
        }
        return Located(file: file, offset: offset, length: length, decoder: decoder, place: place)
    }

    /// Streams the tensor's bytes once, each chunk to `take`, and checks their SHA-256 against
    /// the one taken at intake.
    static func checkDigest(_ tensor: StoredTensor, _ stored: Located, _ take: (UnsafeRawBufferPointer) -> Void) throws {
        var hash = SHA256()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < stored.length {
            let want = Int(min(stored.length - done, Int64(buffer.count)))
            let count: Int
            do {
                count = try stored.file.read(at: stored.offset + done, into: UnsafeMutableRawBufferPointer(rebasing: buffer.prefix(want)))
            } catch {
                throw Refusal.unreadable(tensor.name, reason: "\(stored.place): \(error)")
            }
            guard count > 0 else { throw Refusal.unreadable(tensor.name, reason: "the file ends \(stored.length - done) bytes early") }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer.prefix(count))
            hash.update(bufferPointer: chunk)
            take(chunk)
            done += Int64(count)
        }
        let digest = Hex.encode(hash.finalize())
        if let expected = tensor.sha256, expected != digest {
            throw Refusal.changed(tensor.name, expected: expected, found: digest)
        }
    }
}
