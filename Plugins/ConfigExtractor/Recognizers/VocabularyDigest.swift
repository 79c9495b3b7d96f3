import Crypto
import EvidenceFormats
import EvidenceKit
import Foundation

/// A tokenizer's vocabulary, summarized while the scanner streams its leaves, so that files of
/// tens of MB never need their millions of entries in a tree: `ml.tokenizer_vocabulary` with the
/// model type, vocabulary size, merge count, the SHA-256 of the vocabulary (`token<TAB>id` lines
/// in file order) and of the merges (one per line, pairs joined by a space), the special tokens
/// as written, and MinHash sketches of the normalized tokens, (token, id) pairs and merges
/// (``VocabularySketch``) for `compare.tokenizer`.
///
/// Read from a `tokenizer.json` (`/model/vocab` as a token → id map, or Unigram's list of
/// `[token, score]`; `/model/merges` as strings or pairs; `/added_tokens/N/content`), or from a
/// GPT-2 style `vocab.json` / `encoder.json` (the whole file a token → id map).
final class VocabularyDigest {
    /// Special tokens listed, at most.
    static let specialTokenLimit = 1000
    private var type: Value?
    private var vocabulary = SHA256()
    private var merges = SHA256()
    private var tokens = 0
    private var mergeCount = 0
    private var pendingPair: String?
    private var special: [Value] = []
    private var specialCount = 0
    private var sketch: VocabularySketch?
    private var spellingHint: TokenSpelling?
    /// Where the token → id map is: `/model/vocab/`, or `/` for a whole-file vocabulary.
    private let vocabularyPrefix: String

    init(fileName: String) {
        let name = fileName.lowercased()
        if name == "vocab.json" || name == "encoder.json" {
            vocabularyPrefix = "/"
            type = "BPE"
        } else {
            vocabularyPrefix = "/model/vocab/"
        }
    }

    func observe(pointer: String, value: Value) {
        if pointer == "/model/type", vocabularyPrefix != "/" {
            type = value
        } else if pointer.hasSuffix("/type"), pointer.hasPrefix("/decoder") || pointer.hasPrefix("/pre_tokenizer"), sketch == nil {
            // The decoder and pre-tokenizer, written before the model, say how tokens are spelled.
            if value == "ByteLevel" { spellingHint = .byteLevel }
            if value == "Metaspace" || value == "ByteFallback" { spellingHint = spellingHint ?? .sentencePiece }
        } else if pointer.utf8.starts(with: vocabularyPrefix.utf8) {
            // Bytes, not characters: a token that is a lone combining mark (Devanagari `ा`) joins
            // the `/` before it into one Character, which `hasPrefix` and `dropFirst` would miss.
            let rest = pointer.utf8.dropFirst(vocabularyPrefix.utf8.count)
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                // Unigram: a list of [token, score]; the token's id is its place.
                guard vocabularyPrefix != "/" else { return }
                if String(decoding: rest[rest.index(after: slash)...], as: UTF8.self) == "0", case .string(let piece) = value {
                    add(token: piece, id: Int64(String(decoding: rest[..<slash], as: UTF8.self)))
                }
                return
            }
            let token = Self.unescaped(rest)
            if case .integer(let id) = value { add(token: token, id: id) } else { add(token: token, id: nil) }
        } else if pointer.hasPrefix("/model/merges/") {
            let rest = pointer.dropFirst("/model/merges/".count)
            if rest.contains("/") {
                // Newer tokenizers store each merge as a pair.
                if let first = pendingPair {
                    addMerge(first, value.description)
                    pendingPair = nil
                } else {
                    pendingPair = value.description
                }
            } else {
                let text = value.description
                let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                addMerge(String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
            }
        } else if pointer.hasPrefix("/added_tokens/"), pointer.hasSuffix("/content"), case .string(let content) = value {
            specialCount += 1
            if special.count < Self.specialTokenLimit { special.append(.string(content)) }
        }
    }

    /// A JSON pointer segment's text (`~1` is `/`, `~0` is `~`), unescaped byte by byte: string
    /// replacement compares whole Characters and misses `~1` before a combining mark.
    private static func unescaped(_ segment: Substring.UTF8View) -> String {
        guard segment.contains(UInt8(ascii: "~")) else { return String(decoding: segment, as: UTF8.self) }
        var bytes: [UInt8] = []
        var escape = false
        for byte in segment {
            if escape {
                bytes.append(byte == UInt8(ascii: "1") ? UInt8(ascii: "/") : byte == UInt8(ascii: "0") ? UInt8(ascii: "~") : byte)
                escape = false
            } else if byte == UInt8(ascii: "~") {
                escape = true
            } else {
                bytes.append(byte)
            }
        }
        if escape { bytes.append(UInt8(ascii: "~")) }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func add(token: String, id: Int64?) {
        if sketch == nil { sketch = VocabularySketch(spelling: Self.spelling(of: type) ?? spellingHint) }
        vocabulary.update(data: Data("\(token)\t\(id.map(String.init) ?? "")\n".utf8))
        tokens += 1
        sketch!.add(token: token, id: id)
    }

    private func addMerge(_ left: String, _ right: String) {
        if sketch == nil { sketch = VocabularySketch(spelling: Self.spelling(of: type) ?? spellingHint) }
        merges.update(data: Data("\(left) \(right)\n".utf8))
        mergeCount += 1
        sketch!.addMerge(left, right)
    }

    /// The spelling a model type implies (a BPE's is read from its tokens).
    private static func spelling(of type: Value?) -> TokenSpelling? {
        switch type {
        case "WordPiece": return .wordPiece
        case "Unigram": return .sentencePiece
        default: return nil
        }
    }

    func emit(into sink: any FindingSink) {
        guard let type, tokens > 0, var sketch else { return }
        sketch.finish()
        var attributes: [String: Value] = ["model_type": type, "vocab_size": .integer(Int64(tokens)),
                                           "vocab_sha256": .string(LowerHex.text(vocabulary.finalize()))]
        if mergeCount > 0 {
            attributes["merges"] = .integer(Int64(mergeCount))
            attributes["merges_sha256"] = .string(LowerHex.text(merges.finalize()))
        }
        if specialCount > 0 {
            attributes["special_tokens"] = .list(special)
            attributes["special_token_count"] = .integer(Int64(specialCount))
        }
        attributes.merge(sketch.attributes) { $1 }
        sink.emit(Finding("ml.tokenizer_vocabulary", summary: "\(type) vocabulary of \(tokens) tokens, \(mergeCount) merges",
                          attributes: attributes, at: Locator(jsonPointer: vocabularyPrefix == "/" ? "" : "/model")))
    }
}
