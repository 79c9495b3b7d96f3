import Crypto
import EvidenceFormats
import EvidenceKit
import Foundation

/// GGUF's typed metadata values, read forward: the twelve scalar types (integers of 8 to 64
/// bits, float32 and float64, bool), strings and arrays — of any type, arrays included. Strings
/// longer than what is kept are streamed past, and arrays are summarized as they pass (count,
/// SHA-256 of their elements, the first few items), never held.
struct GGUFMetadataReader {
    /// GGUF value types.
    enum ValueType: UInt32 {
        case uint8 = 0, int8, uint16, int16, uint32, int32, float32, bool, string, array, uint64, int64, float64

        var name: String {
            switch self {
            case .uint8: return "uint8"
            case .int8: return "int8"
            case .uint16: return "uint16"
            case .int16: return "int16"
            case .uint32: return "uint32"
            case .int32: return "int32"
            case .float32: return "float32"
            case .bool: return "bool"
            case .string: return "string"
            case .array: return "array"
            case .uint64: return "uint64"
            case .int64: return "int64"
            case .float64: return "float64"
            }
        }

        /// Bytes of a scalar of this type; `nil` for strings and arrays.
        var size: Int? {
            switch self {
            case .uint8, .int8, .bool: return 1
            case .uint16, .int16: return 2
            case .uint32, .int32, .float32: return 4
            case .uint64, .int64, .float64: return 8
            case .string, .array: return nil
            }
        }
    }

    /// The longest string kept whole (chat templates are a few KiB); longer ones are cut.
    static let keptStringBytes = 64 * 1024
    /// Array items shown in a finding.
    static let previewItems = 8
    /// The deepest arrays of arrays read.
    static let maxArrayDepth = 16

    let reader: ForwardReader
    let limits: ExtractionLimits

    /// A string: a u64 length, then its bytes; more than ``keptStringBytes`` are streamed past
    /// (the text keeps the start, and `cut` says so).
    func string(for what: String) throws -> (text: String, length: UInt64, cut: Bool) {
        let length = try reader.integer(UInt64.self, for: "the length of \(what)")
        let kept = Int(min(length, UInt64(Self.keptStringBytes)))
        let bytes = try reader.bytes(kept, for: what)
        let text = String(decoding: bytes, as: UTF8.self)
        if length > UInt64(kept) {
            let rest = Int64(clamping: length - UInt64(kept))
            let skipped = try reader.skip(rest)
            if skipped < rest || length > UInt64(Int64.max) {
                throw WeightsExtractorError.truncated(what: what, offset: reader.offset, needed: rest - skipped)
            }
        }
        return (text, length, length > UInt64(kept))
    }

    /// A value of `type`: scalars as themselves, strings as text, arrays summarized; `tokens`
    /// and `merges` arrays also feed the vocabulary digests.
    func value(_ type: ValueType, key: String, vocabulary: VocabularyDigests) throws -> (value: Value, typeName: String) {
        switch type {
        case .string:
            let string = try string(for: "the value of \(key)")
            return (.string(string.text), string.cut ? "string (\(string.length) bytes, cut)" : "string")
        case .array:
            let summary = try array(key: key, depth: 1, vocabulary: vocabulary)
            return (summary.value, summary.typeName)
        default:
            return (try scalar(type, for: key), type.name)
        }
    }

    private func scalar(_ type: ValueType, for key: String) throws -> Value {
        let what = "the value of \(key)"
        switch type {
        case .uint8: return .integer(Int64(try reader.integer(UInt8.self, for: what)))
        case .int8: return .integer(Int64(try reader.integer(Int8.self, for: what)))
        case .uint16: return .integer(Int64(try reader.integer(UInt16.self, for: what)))
        case .int16: return .integer(Int64(try reader.integer(Int16.self, for: what)))
        case .uint32: return .integer(Int64(try reader.integer(UInt32.self, for: what)))
        case .int32: return .integer(Int64(try reader.integer(Int32.self, for: what)))
        case .uint64:
            let number = try reader.integer(UInt64.self, for: what)
            return number <= UInt64(Int64.max) ? .integer(Int64(number)) : .string(String(number))
        case .int64: return .integer(try reader.integer(Int64.self, for: what))
        case .float32:
            // The decimal the writer meant: float32 1e-5 is 9.99999974e-06 as a double.
            let number = Float(bitPattern: try reader.integer(UInt32.self, for: what))
            return .float(number.isFinite ? Double(number.description) ?? Double(number) : Double(number))
        case .float64: return .float(Double(bitPattern: try reader.integer(UInt64.self, for: what)))
        case .bool: return .bool(try reader.integer(UInt8.self, for: what) != 0)
        case .string, .array: return .null
        }
    }

    /// An array: element type, count, then the elements; summarized as it streams.
    private func array(key: String, depth: Int, vocabulary: VocabularyDigests) throws -> (value: Value, typeName: String) {
        let place = reader.offset
        guard depth <= Self.maxArrayDepth else {
            throw WeightsExtractorError.malformed(what: "the value of \(key)", offset: place,
                                                  reason: "arrays nested deeper than \(Self.maxArrayDepth)")
        }
        let rawType = try reader.integer(UInt32.self, for: "the element type of \(key)")
        guard let elementType = ValueType(rawValue: rawType) else {
            throw WeightsExtractorError.malformed(what: "the value of \(key)", offset: place, reason: "unknown element type \(rawType)")
        }
        let count = try reader.integer(UInt64.self, for: "the element count of \(key)")
        var hash = SHA256()
        var preview: [Value] = []
        var innerType = elementType.name
        if let size = elementType.size {
            // Fixed-size elements stream through as bytes: a billion of them cost no memory.
            let (total, overflow) = count.multipliedReportingOverflow(by: UInt64(size))
            guard !overflow, total <= UInt64(Int64.max) else {
                throw WeightsExtractorError.tooLarge(what: "the array \(key)", offset: place, declared: "\(count) elements",
                                                     limit: "what a file can hold")
            }
            for _ in 0..<min(count, UInt64(Self.previewItems)) {
                let item = try scalar(elementType, for: key)
                preview.append(item)
                hash.update(data: Data(item.description.utf8))
                hash.update(data: Data([0x0A]))
            }
            let rest = Int64(total) - Int64(min(count, UInt64(Self.previewItems))) * Int64(size)
            let read = try reader.stream(rest) { hash.update(bufferPointer: $0) }
            if read < rest { throw WeightsExtractorError.truncated(what: "the array \(key)", offset: reader.offset, needed: rest - read) }
        } else {
            var index: UInt64 = 0
            while index < count {
                if index % 4096 == 0 { try limits.checkDeadline() }
                if elementType == .string {
                    let item = try string(for: "item \(index) of \(key)")
                    vocabulary.observe(key: key, index: index, text: item.text)
                    hash.update(data: Data(item.text.utf8))
                    hash.update(data: Data([0x0A]))
                    if preview.count < Self.previewItems { preview.append(.string(String(item.text.prefix(256)))) }
                } else {
                    let inner = try array(key: key, depth: depth + 1, vocabulary: vocabulary)
                    innerType = inner.typeName
                    hash.update(data: Data(inner.value.description.utf8))
                    if preview.count < Self.previewItems { preview.append(inner.value) }
                }
                index += 1
            }
        }
        let digest = hash.hexDigest()
        let summary: Value = ["count": count <= UInt64(Int64.max) ? .integer(Int64(count)) : .string(String(count)),
                              "items": .list(preview), "sha256": .string(digest)]
        return (summary, "array[\(innerType)]")
    }
}

/// The vocabulary of a GGUF tokenizer, as ``VocabularyFacts`` states every vocabulary (the same
/// vocabulary gives the same digests and sketches in a GGUF and in a `tokenizer.json`), its
/// spelling from `tokenizer.ggml.model` when that comes first.
final class VocabularyDigests {
    private var spelling: TokenSpelling?
    /// Started at the first token or merge, when the spelling is known.
    private var facts: VocabularyFacts?
    var tokenCount: Int64 { Int64(facts?.tokens ?? 0) }
    var mergeCount: Int64 { Int64(facts?.merges ?? 0) }

    /// The tokenizer model GGUF names (`llama`, `gpt2`, `bert`, `t5`…): how its tokens are spelled.
    func model(_ name: String) {
        switch name {
        case "llama", "t5", "gemma", "gemma3": spelling = .sentencePiece
        case "gpt2": spelling = .byteLevel
        case "bert": spelling = .wordPiece
        default: break
        }
    }

    func observe(key: String, index: UInt64, text: String) {
        guard key == "tokenizer.ggml.tokens" || key == "tokenizer.ggml.merges" else { return }
        if facts == nil { facts = VocabularyFacts(spelling: spelling) }
        if key == "tokenizer.ggml.tokens" {
            facts!.add(token: text, id: Int64(index))
        } else {
            let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
            facts!.addMerge(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
    }

    /// Size, digests and sketches, as ``VocabularyFacts`` states them.
    func attributes() -> [String: Value] {
        facts?.attributes() ?? [:]
    }
}
