import CaseStore
import EvidenceFormats
import EvidenceKit
import Foundation

/// `compare.tokenizer`: the sides' vocabularies (`ml.tokenizer_vocabulary`, with their MinHash
/// sketches) compared after normalizing their spelling — byte-level BPE, SentencePiece and
/// WordPiece tokens made one form — and read against a panel of public tokenizers: the Jaccard
/// similarity of the token sets with containment both ways, the share of (token, id) pairs in
/// common (a vocabulary re-ordered keeps its tokens and loses its ids), the merges' Jaccard,
/// special tokens compared as written, and the chat templates' digests.
public struct TokenizerComparison: ComparisonMethod {
    public let id = "compare.tokenizer"
    public let version = "1"
    public let summary = "vocabularies normalized across spellings: Jaccard of tokens, ids and merges from MinHash sketches, special tokens, chat templates, against a panel of public tokenizers"
    /// Pairs of vocabularies compared, at most (the first in read order).
    static let pairLimit = 4
    /// A panel tokenizer this close to a vocabulary is the same vocabulary, within the sketch's error.
    static let sameVocabulary = 0.9

    public var parameters: [String: Value] {
        ["sketch": .string(VocabularySketch.recipe), "sketch_k": .integer(Int64(VocabularySketch.k)),
         "panel_version": .string(PublicTokenizers.version), "panel_size": .integer(Int64(Self.panel.count)),
         "same_vocabulary_at": .float(Self.sameVocabulary), "pair_limit": .integer(Int64(Self.pairLimit))]
    }

    public init() {}

    /// One side's vocabulary, as its finding states it.
    struct Vocabulary {
        let finding: FindingRecord
        let attributes: [String: Value]
        let tokens: BottomKSketch
        let ids: BottomKSketch?
        let merges: BottomKSketch?
        var size: Int { Self.integer(attributes["vocab_size"]) ?? 0 }

        init?(_ finding: FindingRecord) {
            let attributes = ComparedSides.attributes(finding)
            guard attributes["sketch_recipe"] == .string(VocabularySketch.recipe),
                  let tokens = Self.sketch(attributes["token_sketch"]) else { return nil }
            self.finding = finding
            self.attributes = attributes
            self.tokens = tokens
            ids = Self.sketch(attributes["id_sketch"])
            merges = Self.sketch(attributes["merge_sketch"])
        }

        static func sketch(_ value: Value?) -> BottomKSketch? {
            guard case .list(let items)? = value else { return nil }
            return BottomKSketch(k: VocabularySketch.k, text: items.compactMap { if case .string(let text) = $0 { return text } else { return nil } })
        }

        static func integer(_ value: Value?) -> Int? {
            if case .integer(let number)? = value { return Int(number) }
            return nil
        }

        var specialTokens: [String] {
            guard case .list(let items)? = attributes["special_tokens"] else { return [] }
            return items.compactMap { if case .string(let text) = $0 { return text } else { return nil } }
        }
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let found = try sides.findings(["ml.tokenizer_vocabulary"])
        let left = found.left.compactMap(Vocabulary.init), right = found.right.compactMap(Vocabulary.init)
        guard !left.isEmpty, !right.isEmpty else { return [] }
        // The chat templates are each side's, whichever vocabularies are paired.
        let templates = try sides.findings(["ml.tokenizer"])
        let leftTemplates = templates.left.compactMap { finding in Self.template(finding).map { (finding, $0) } }
        let rightTemplates = templates.right.compactMap { finding in Self.template(finding).map { (finding, $0) } }
        let leftDigests = Set(leftTemplates.map(\.1)).sorted(), rightDigests = Set(rightTemplates.map(\.1)).sorted()
        let shared = leftDigests.filter(rightDigests.contains)
        let chatTemplates: Value = .object(["left": .list(leftDigests.map(Value.string)), "right": .list(rightDigests.map(Value.string)),
                                            "identical": .bool(!shared.isEmpty)])
        var outcomes: [ComparisonOutcome] = []
        for mine in left {
            for theirs in right where outcomes.count < Self.pairLimit {
                var outcome = Self.compare(mine, theirs, sides: sides)
                outcome.result["chat_templates"] = chatTemplates
                if let first = shared.first {
                    outcome.interpretation += " Both sides' tokenizer configurations carry the same chat template (SHA-256 \(first.prefix(12))…)."
                }
                outcome.left += leftTemplates.map { sides.node($0.0) }
                outcome.right += rightTemplates.map { sides.node($0.0) }
                outcomes.append(outcome)
            }
        }
        return outcomes
    }

    /// The panel's tokenizers with their sketches, read once.
    static let panel: [(PublicTokenizers.Tokenizer, BottomKSketch)] = PublicTokenizers.tokenizers.compactMap { tokenizer in
        BottomKSketch(k: VocabularySketch.k, text: tokenizer.tokenSketch).map { (tokenizer, $0) }
    }

    private static func template(_ finding: FindingRecord) -> String? {
        if case .string(let digest)? = ComparedSides.attributes(finding)["chat_template_sha256"] { return digest }
        return nil
    }

    private static func compare(_ mine: Vocabulary, _ theirs: Vocabulary, sides: ComparedSides) -> ComparisonOutcome {
        let jaccard = mine.tokens.jaccard(theirs.tokens)
        let error = (jaccard * (1 - jaccard) / Double(VocabularySketch.k)).squareRoot()
        // |A ∪ B| = (|A| + |B|) / (1 + J), so |A ∩ B| = J (|A| + |B|) / (1 + J).
        let sharedTokens = jaccard * Double(mine.size + theirs.size) / (1 + jaccard)
        let identical = mine.attributes["vocab_sha256"] != nil && mine.attributes["vocab_sha256"] == theirs.attributes["vocab_sha256"]
        let idAgreement = zip2(mine.ids, theirs.ids).map { $0.jaccard($1) }
        let mergeAgreement = zip2(mine.merges, theirs.merges).map { $0.jaccard($1) }
        let leftSpecial = mine.specialTokens, rightSpecial = theirs.specialTokens
        let sharedSpecial = leftSpecial.filter(Set(rightSpecial).contains)

        var panel: [Value] = []
        var publicMatches: [String] = []
        for (tokenizer, sketch) in Self.panel {
            let withLeft = mine.tokens.jaccard(sketch), withRight = theirs.tokens.jaccard(sketch)
            if withLeft >= sameVocabulary, withRight >= sameVocabulary { publicMatches.append(tokenizer.name) }
            panel.append(.object(["tokenizer": .string(tokenizer.name), "source": .string(tokenizer.source),
                                  "vocab_size": .integer(Int64(tokenizer.vocabularySize)),
                                  "jaccard_left": .float(rounded(withLeft)), "jaccard_right": .float(rounded(withRight))]))
        }

        func side(_ vocabulary: Vocabulary) -> Value {
            .object(["evidence_path": .string(vocabulary.finding.evidencePath), "model_type": vocabulary.attributes["model_type"] ?? .null,
                     "spelling": vocabulary.attributes["spelling"] ?? .null, "vocab_size": .integer(Int64(vocabulary.size)),
                     "merges": vocabulary.attributes["merges"] ?? .integer(0), "vocab_sha256": vocabulary.attributes["vocab_sha256"] ?? .null])
        }
        func row(_ measure: String, _ left: Value, _ right: Value, _ value: Value) -> Value {
            .object(["measure": .string(measure), "left": left, "right": right, "value": value])
        }
        var outcome = ComparisonOutcome(left: [sides.node(mine.finding)], right: [sides.node(theirs.finding)],
                                        statistic: "estimated_jaccard_of_normalized_tokens", null: [:], result: [:],
                                        interpretation: "", limits: limits)
        outcome.score = rounded(jaccard)
        outcome.result = [
            "left": side(mine), "right": side(theirs), "identical_vocabulary": .bool(identical),
            "token_jaccard": .float(rounded(jaccard)), "token_jaccard_standard_error": .float(rounded(error)),
            "estimated_shared_tokens": .integer(Int64(sharedTokens.rounded())),
            "left_contained_in_right": .float(rounded(min(1, sharedTokens / Double(max(1, mine.size))))),
            "right_contained_in_left": .float(rounded(min(1, sharedTokens / Double(max(1, theirs.size))))),
            "id_agreement": idAgreement.map { .float(rounded($0)) } ?? .null,
            "merge_jaccard": mergeAgreement.map { .float(rounded($0)) } ?? .null,
            "special_tokens": .object(["shared": .list(sharedSpecial.map(Value.string)),
                                       "left_only": .list(leftSpecial.filter { !sharedSpecial.contains($0) }.map(Value.string)),
                                       "right_only": .list(rightSpecial.filter { !sharedSpecial.contains($0) }.map(Value.string))]),
            "measures": .list([
                row("tokens", .integer(Int64(mine.size)), .integer(Int64(theirs.size)), .string("Jaccard \(rounded(jaccard)) ± \(rounded(error))")),
                row("spelling", mine.attributes["spelling"] ?? .null, theirs.attributes["spelling"] ?? .null,
                    .string(mine.attributes["spelling"] == theirs.attributes["spelling"] ? "same" : "different: compared normalized")),
                row("vocabulary SHA-256", mine.attributes["vocab_sha256"] ?? .null, theirs.attributes["vocab_sha256"] ?? .null,
                    .string(identical ? "identical" : "different")),
                row("(token, id) pairs", .null, .null, idAgreement.map { .string("Jaccard \(rounded($0))") } ?? "not both sketched"),
                row("merges", mine.attributes["merges"] ?? .integer(0), theirs.attributes["merges"] ?? .integer(0),
                    mergeAgreement.map { .string("Jaccard \(rounded($0))") } ?? "not both"),
                row("special tokens", .integer(Int64(leftSpecial.count)), .integer(Int64(rightSpecial.count)),
                    .string("\(sharedSpecial.count) shared")),
            ]),
        ]
        outcome.null = [
            "kind": "public tokenizer panel",
            "panel_version": .string(PublicTokenizers.version),
            "panel": .list(panel),
            "public_tokenizers_matching_both": .list(publicMatches.map(Value.string)),
            "estimator": .string("MinHash (bottom-\(VocabularySketch.k)) estimates of Jaccard similarity; standard error about √(J(1−J)/\(VocabularySketch.k))"),
            "no_p_value": "vocabularies are not drawn at random: a match is read against the public tokenizers that share it, not against a chance model",
        ]
        outcome.interpretation = interpretation(jaccard: jaccard, error: error, identical: identical, ids: idAgreement,
                                                publicMatches: publicMatches, panelSize: panel.count, sides: sides)
        return outcome
    }

    private static func interpretation(jaccard: Double, error: Double, identical: Bool, ids: Double?, publicMatches: [String],
                                       panelSize: Int, sides: ComparedSides) -> String {
        var text = identical
            ? "The two vocabularies are identical token for token and id for id (the same SHA-256)."
            : "About \(Int((jaccard * 100).rounded()))% (± \(Int((error * 100).rounded())) points) of the two vocabularies' normalized tokens are shared."
        if let ids, jaccard > 0.5, ids < jaccard / 2 {
            text += " Far fewer of the same tokens hold the same ids (Jaccard \(rounded(ids))): a vocabulary re-ordered or rebuilt from the same tokens."
        }
        if !publicMatches.isEmpty {
            text += " Both match the public tokenizer(s) \(publicMatches.joined(separator: ", ")): a shared public vocabulary, which dozens of models reuse legitimately, is no sign of common lineage."
        } else {
            text += " Neither matches any of the \(panelSize) public tokenizers of the panel (which is not every public tokenizer)."
        }
        return text
    }

    private static func zip2(_ a: BottomKSketch?, _ b: BottomKSketch?) -> (BottomKSketch, BottomKSketch)? {
        guard let a, let b else { return nil }
        return (a, b)
    }

    private static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    static let limits = "Estimates from 256-hash sketches, not exact counts (exact identity is by SHA-256). Public tokenizers are reused "
        + "by many models, and a vocabulary trained on similar data with the same algorithm overlaps a great deal by nature: a "
        + "shared vocabulary shows little alone; an identical one read beside the panel and the weights says more. A tokenizer "
        + "extended with added tokens keeps its base's tokens; every byte-level vocabulary shares the 256 byte tokens, which weigh "
        + "heavily in small ones. The panel of public tokenizers is not every public tokenizer. Slow tokenizers' vocab.txt, "
        + "merges.txt and SentencePiece .model files in evidence are not read yet: only tokenizer.json and vocab.json are."
}
