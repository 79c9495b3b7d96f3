import EvidenceKit

/// A tokenizer's vocabulary and merges summarized as they stream by, so that two vocabularies —
/// or a vocabulary and a public one — can be compared without either: MinHash sketches
/// (``BottomKSketch``) of the normalized token set, of the (token, id) pairs and of the merges.
/// Tokens are normalized by their spelling (``TokenSpelling``), decided from a hint or from the
/// first ``sampleSize`` tokens, which are held until it is.
///
/// Recipe `exhibit-vocab-sketch-v1`: ``TokenSpelling`` normalization, `StableHash.of` over the
/// normalized bytes (a pair: the bytes, NUL, the id in decimal; a merge: both sides' bytes joined
/// by NUL), the 256 smallest hashes. Change the name with any change to these rules.
///
/// ```swift
/// var sketch = VocabularySketch(spelling: nil)
/// sketch.add(token: "Ġthe", id: 262)
/// sketch.addMerge("Ġ", "the")
/// sketch.finish()
/// sketch.attributes["spelling"]     // "byte_level"
/// ```
public struct VocabularySketch: Sendable {
    public static let recipe = "exhibit-vocab-sketch-v1"
    public static let k = 256
    /// Tokens held until the spelling is decided.
    public static let sampleSize = 5000

    public private(set) var spelling: TokenSpelling?
    public private(set) var tokens = 0
    public private(set) var merges = 0
    public private(set) var tokenSketch = BottomKSketch(k: k)
    public private(set) var idSketch = BottomKSketch(k: k)
    public private(set) var mergeSketch = BottomKSketch(k: k)
    private var heldTokens: [(token: String, id: Int64?)] = []
    private var heldMerges: [(String, String)] = []

    /// A sketch whose spelling is `spelling`, or decided from the tokens when nil.
    public init(spelling: TokenSpelling?) {
        self.spelling = spelling
    }

    public mutating func add(token: String, id: Int64?) {
        tokens += 1
        guard let spelling else {
            heldTokens.append((token, id))
            if heldTokens.count >= Self.sampleSize { decide() }
            return
        }
        let bytes = spelling.normalized(token)
        tokenSketch.insert(StableHash.of(bytes))
        if let id { idSketch.insert(StableHash.of(bytes + [0] + Array(String(id).utf8))) }
    }

    public mutating func addMerge(_ left: String, _ right: String) {
        merges += 1
        guard let spelling else {
            heldMerges.append((left, right))
            if heldMerges.count >= Self.sampleSize { decide() }
            return
        }
        mergeSketch.insert(StableHash.of(spelling.normalized(left) + [0] + spelling.normalized(right)))
    }

    /// Decides the spelling from what is held, if it is not yet.
    public mutating func finish() {
        if spelling == nil { decide() }
    }

    private mutating func decide() {
        let tokens = heldTokens, merges = heldMerges
        spelling = TokenSpelling.detect(tokens.isEmpty ? merges.flatMap { [$0.0, $0.1] } : tokens.map(\.token))
        heldTokens = []
        heldMerges = []
        self.tokens -= tokens.count
        self.merges -= merges.count
        for held in tokens { add(token: held.token, id: held.id) }
        for held in merges { addMerge(held.0, held.1) }
    }

    /// The sketches as finding attributes: `spelling`, `sketch_recipe`, `sketch_k`,
    /// `token_sketch`, `id_sketch` (when ids were given) and `merge_sketch` (when merges were).
    public var attributes: [String: Value] {
        var attributes: [String: Value] = [
            "spelling": .string((spelling ?? .plain).rawValue), "sketch_recipe": .string(Self.recipe),
            "sketch_k": .integer(Int64(Self.k)), "token_sketch": .list(tokenSketch.text.map(Value.string)),
        ]
        if !idSketch.hashes.isEmpty { attributes["id_sketch"] = .list(idSketch.text.map(Value.string)) }
        if !mergeSketch.hashes.isEmpty { attributes["merge_sketch"] = .list(mergeSketch.text.map(Value.string)) }
        return attributes
    }
}
