import EvidenceFormats
import EvidenceKit
import Foundation

/// A tokenizer's vocabulary, summarized while the scanner streams its leaves, so that files of
/// tens of MB never need their millions of entries in a tree: `ml.tokenizer_vocabulary` with the
/// model type and the shared ``VocabularyFacts`` (size, digests, special tokens as written,
/// sketches for `compare.tokenizer`).
///
/// Read from a `tokenizer.json` (`/model/vocab` as a token → id map, or Unigram's list of
/// `[token, score]`; `/model/merges` as strings or pairs; `/added_tokens/N/content`), or from a
/// GPT-2 style `vocab.json` / `encoder.json` (the whole file a token → id map).
final class VocabularyDigest {
    private var type: Value?
    private var pendingPair: String?
    /// Started at the first token or merge, when the spelling is known.
    private var facts: VocabularyFacts?
    /// Special tokens met before the first token (the first ``VocabularyFacts/specialTokenLimit``;
    /// the rest counted).
    private var specialBefore: [String] = []
    private var specialBeforeCount = 0
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
        } else if pointer.hasSuffix("/type"), pointer.hasPrefix("/decoder") || pointer.hasPrefix("/pre_tokenizer"), facts == nil {
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
            if facts != nil {
                facts!.addSpecial(content)
            } else {
                specialBeforeCount += 1
                if specialBefore.count < VocabularyFacts.specialTokenLimit { specialBefore.append(content) }
            }
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
        start()
        facts!.add(token: token, id: id)
    }

    private func addMerge(_ left: String, _ right: String) {
        start()
        facts!.addMerge(left, right)
    }

    private func start() {
        guard facts == nil else { return }
        facts = VocabularyFacts(spelling: Self.spelling(of: type) ?? spellingHint)
        for token in specialBefore { facts!.addSpecial(token) }
        facts!.countSpecials(specialBeforeCount - specialBefore.count)
        specialBefore = []
        specialBeforeCount = 0
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
        guard let type, var facts, facts.tokens > 0 else { return }
        var attributes = facts.attributes()
        attributes["model_type"] = type
        sink.emit(Finding("ml.tokenizer_vocabulary", summary: "\(type) vocabulary of \(facts.tokens) tokens, \(facts.merges) merges",
                          attributes: attributes, at: Locator(jsonPointer: vocabularyPrefix == "/" ? "" : "/model")))
    }
}
