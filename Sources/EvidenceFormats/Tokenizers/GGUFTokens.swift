import EvidenceKit
import Foundation

/// A GGUF file's `tokenizer.ggml.tokens`, read from its metadata (GGUF v2 and v3: the magic, the
/// version, the tensor and metadata counts, then each key, its type and its value, little-endian)
/// — every other value skipped by its type, nested arrays to a bounded depth, keys, strings and
/// the tokens' text held within limits (an array's count is only skipped over, to the file's end
/// at most) — stopping at the tokens: the tensors after the metadata are never parsed. The
/// weights extractor reads the whole file; this is the comparisons' read-back.
final class GGUFTokens {
    private let source: any ByteSource
    private var buffer: [UInt8] = []
    private var position = 0
    private var offset: Int64 = 0
    private static let maxKeyBytes = 1 << 16, maxStringBytes = 1 << 20, maxDepth = 8, maxTokenBytes = 256 << 20

    init(_ source: any ByteSource) {
        self.source = source
    }

    func read(maxTokens: Int) throws -> [(token: String, id: Int64)] {
        guard try bytes(4) == Array("GGUF".utf8) else { throw failure("not a GGUF file") }
        let version = try integer(UInt32.self)
        guard version == 2 || version == 3 else { throw failure("GGUF version \(version) is not read back") }
        _ = try integer(UInt64.self)
        let count = try integer(UInt64.self)
        for _ in 0..<count {
            let key = try string(limit: Self.maxKeyBytes)
            let type = try integer(UInt32.self)
            guard key == "tokenizer.ggml.tokens" else {
                try skip(type: type, depth: 0)
                continue
            }
            guard type == 9, try integer(UInt32.self) == 8 else { throw failure("tokenizer.ggml.tokens is not an array of strings") }
            let count = try integer(UInt64.self)
            guard count <= UInt64(maxTokens) else { throw failure("more than \(maxTokens) tokens") }
            // Read as they come (a count is only a claim), within a total for their text.
            var tokens: [(token: String, id: Int64)] = []
            var bytes = 0
            for id in 0..<Int(count) {
                let token = try string(limit: Self.maxStringBytes)
                bytes += token.utf8.count
                guard bytes <= Self.maxTokenBytes else { throw failure("tokens of more than \(Self.maxTokenBytes) bytes in all") }
                tokens.append((token, Int64(id)))
            }
            return tokens
        }
        throw failure("no tokenizer.ggml.tokens in the metadata")
    }

    private func skip(type: UInt32, depth: Int) throws {
        switch type {
        case 0, 1, 7: try skip(1)
        case 2, 3: try skip(2)
        case 4, 5, 6: try skip(4)
        case 10, 11, 12: try skip(8)
        case 8: try skip(Int(try length(limit: Self.maxStringBytes)))
        case 9:
            guard depth < Self.maxDepth else { throw failure("arrays nested more than \(Self.maxDepth) deep") }
            let element = try integer(UInt32.self)
            let count = try integer(UInt64.self)
            let size: Int? = [0: 1, 1: 1, 7: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 10: 8, 11: 8, 12: 8][element]
            if let size {
                guard count <= UInt64(Int64.max / 16) else { throw failure("an array of \(count) values") }
                try skip(Int(count) * size)
            } else {
                for _ in 0..<count { try skip(type: element, depth: depth + 1) }
            }
        default:
            throw failure("a value of unknown type \(type)")
        }
    }

    private func string(limit: Int) throws -> String {
        String(decoding: try bytes(Int(try length(limit: limit))), as: UTF8.self)
    }

    private func length(limit: Int) throws -> UInt64 {
        let length = try integer(UInt64.self)
        guard length <= UInt64(limit) else { throw failure("a string of \(length) bytes") }
        return length
    }

    private func integer<T: FixedWidthInteger>(_: T.Type) throws -> T {
        try bytes(MemoryLayout<T>.size).reversed().reduce(T(0)) { $0 << 8 | T($1) }
    }

    private func bytes(_ count: Int) throws -> [UInt8] {
        try fill(count)
        defer { position += count; offset += Int64(count) }
        return Array(buffer[position..<(position + count)])
    }

    private func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            if position == buffer.count { try fill(1) }
            let step = min(left, buffer.count - position)
            position += step
            offset += Int64(step)
            left -= step
        }
    }

    /// At least `count` bytes buffered after `position`, or a failure at the file's end.
    private func fill(_ count: Int) throws {
        if position > 0, buffer.count - position < count {
            buffer.removeFirst(position)
            position = 0
        }
        while buffer.count - position < count {
            let chunk = try source.read(upTo: max(1 << 16, count))
            guard !chunk.isEmpty else { throw failure("the file ends at byte \(offset + Int64(buffer.count - position))") }
            buffer += chunk
        }
    }

    private func failure(_ reason: String) -> VocabularyReader.Failure {
        VocabularyReader.Failure(description: "GGUF metadata, at byte \(offset): \(reason)")
    }
}
