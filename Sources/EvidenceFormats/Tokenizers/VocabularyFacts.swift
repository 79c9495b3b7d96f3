import Crypto
import EvidenceKit
import Foundation

/// What an `ml.tokenizer_vocabulary` finding states of a vocabulary, gathered as its tokens
/// stream by, whatever file holds them (a `tokenizer.json`, a `vocab.json`, a GGUF's metadata, a
/// SentencePiece model, a WordPiece `vocab.txt`, a tiktoken file): the tokens' count and SHA-256
/// (`token TAB id` lines in the file's order), the merges' count and SHA-256 (`left SPACE right`
/// lines), the special tokens as written (the first ``specialTokenLimit``), and the sketches
/// `compare.tokenizer` reads (``VocabularySketch``). The same vocabulary gives the same digests
/// and sketches in every file that holds it.
///
/// ```swift
/// var facts = VocabularyFacts(spelling: .sentencePiece)
/// facts.add(token: "▁the", id: 3)
/// facts.attributes()["vocab_size"]   // 1
/// ```
public struct VocabularyFacts {
    /// Special tokens listed, at most.
    public static let specialTokenLimit = 1000
    public private(set) var tokens = 0
    public private(set) var merges = 0
    private var vocabularyDigest = SHA256()
    private var mergesDigest = SHA256()
    private var special: [Value] = []
    private var specialCount = 0
    private var sketch: VocabularySketch

    /// Facts whose tokens are spelled `spelling`, or whose spelling is read from the tokens when nil.
    public init(spelling: TokenSpelling?) {
        sketch = VocabularySketch(spelling: spelling)
    }

    public mutating func add(token: String, id: Int64?) {
        vocabularyDigest.update(data: Data("\(token)\t\(id.map(String.init) ?? "")\n".utf8))
        tokens += 1
        sketch.add(token: token, id: id)
    }

    public mutating func addMerge(_ left: String, _ right: String) {
        mergesDigest.update(data: Data("\(left) \(right)\n".utf8))
        merges += 1
        sketch.addMerge(left, right)
    }

    /// A special (added, control) token, as written.
    public mutating func addSpecial(_ token: String) {
        specialCount += 1
        if special.count < Self.specialTokenLimit { special.append(.string(token)) }
    }

    /// Special tokens past the listed ones, counted only.
    public mutating func countSpecials(_ count: Int) {
        specialCount += count
    }

    /// `vocab_size`, `vocab_sha256`, `merges` and `merges_sha256` (when there are merges),
    /// `special_tokens` and `special_token_count` (when there are any), and the sketch's.
    public mutating func attributes() -> [String: Value] {
        sketch.finish()
        var attributes: [String: Value] = ["vocab_size": .integer(Int64(tokens)),
                                           "vocab_sha256": .string(LowerHex.text(vocabularyDigest.finalize()))]
        if merges > 0 {
            attributes["merges"] = .integer(Int64(merges))
            attributes["merges_sha256"] = .string(LowerHex.text(mergesDigest.finalize()))
        }
        if specialCount > 0 {
            attributes["special_tokens"] = .list(special)
            attributes["special_token_count"] = .integer(Int64(specialCount))
        }
        attributes.merge(sketch.attributes) { $1 }
        return attributes
    }
}
