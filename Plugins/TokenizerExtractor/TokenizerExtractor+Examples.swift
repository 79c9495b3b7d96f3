import EvidenceKit

extension TokenizerExtractor {
    private static func vocabulary(_ attributes: [String: Value]) -> ExpectedFinding {
        ExpectedFinding("ml.tokenizer_vocabulary", attributes.merging(["sketch_recipe": "exhibit-vocab-sketch-v1"]) { $1 }, count: 1)
    }

    private static func warning(_ problem: String) -> ExpectedFinding {
        ExpectedFinding(.extractionWarning, ["problem": .string(problem)], count: 1)
    }

    /// Sample files under `samples/formats/tokenizer/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // The respondent's vocabulary as a SentencePiece BPE model: 297 pieces, four of them
        // control or user-defined, 162 byte pieces (TokenizerExtractorTests: the same digest as its tokenizer.json).
        .yields("tokenizer/borealis-spiece.model", findings: [vocabulary([
            "source": "sentencepiece_model", "model_type": "BPE", "vocab_size": 297, "trainer_vocab_size": 297,
            "special_token_count": 4, "byte_tokens": 162, "normalizer": "identity", "spelling": "sentencepiece"])]),
        // The claimant's byte-level vocabulary as tiktoken ranks; a WordPiece vocab.txt with BERT's specials.
        .yields("tokenizer/aurora.tiktoken", findings: [vocabulary([
            "source": "tiktoken", "model_type": "BPE", "vocab_size": 293, "spelling": "byte_level"])]),
        .yields("tokenizer/bert-mini/vocab.txt", findings: [vocabulary([
            "source": "vocab_txt", "model_type": "WordPiece", "vocab_size": 62, "special_token_count": 5, "spelling": "wordpiece"])]),
        // Hostile: cut short, a length past the end, bytes that are not UTF-8, lines that are not ranks;
        // the pieces before the break are still reported.
        .yields("tokenizer/hostile/truncated.model", findings: [ExpectedFinding("ml.tokenizer_vocabulary", count: 1), warning("malformed")]),
        .yields("tokenizer/hostile/lying-length.model", findings: [vocabulary(["vocab_size": 3]), warning("malformed")]),
        .yields("tokenizer/hostile/invalid-utf8.model", findings: [vocabulary(["vocab_size": 3]), warning("invalid_utf8")]),
        .yields("tokenizer/hostile/bad-lines.tiktoken", findings: [vocabulary(["vocab_size": 3]), warning("bad_rank_lines")]),
        .declines("tokenizer/hostile/text.model"),
        .declines("tokenizer/hostile/binary/vocab.txt"),
    ]
}
