import EvidenceKit

extension TokenizerExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "tokenizer",
        version: "1.0.0",
        summary: "Tokenizer files that are not JSON (SentencePiece models, WordPiece vocab.txt, tiktoken ranks): the vocabulary's size, digests, special tokens and sketches",
        rationale: """
            Reads a vocabulary from the file a party shipped it in, into the same ml.tokenizer_vocabulary finding the \
            config extractor makes of a tokenizer.json, so compare.tokenizer meets it in any form: the token count, the \
            SHA-256 of its `token TAB id` lines in id order (the same digest as the same vocabulary in a tokenizer.json), \
            the special tokens as written, and MinHash sketches of the normalized tokens and (token, id) pairs \
            (exhibit-vocab-sketch-v1). A SentencePiece model (tokenizer.model, spiece.model, or any *.model whose first \
            bytes are a model's first piece) is a protocol buffer read whole within the memory budget and walked field \
            by field with every length checked: its pieces in id order with their types (control, user-defined and \
            unknown pieces are its special tokens; byte pieces are counted), the trainer's model type and vocabulary \
            size, the normalizer's name. A WordPiece vocab.txt is one token a line, its id the line's number from 0 \
            (bracketed upper-case tokens, [CLS] and the like, are its special tokens); a tiktoken file is a base64 token \
            and its rank a line, the token's raw bytes read as byte-level BPE spells them. Files stream in flat memory, \
            except the SentencePiece model. A model broken part way reports the pieces before the break, with a warning \
            at its byte. It does not see: a SentencePiece model's scores (not compared), merges (a SentencePiece BPE \
            keeps none; a merges.txt is not read), a tokenizer's normalization and pre-tokenization rules beyond the \
            normalizer's name, and what the tokenizer does to text (it never runs it).
            """,
        accepts: Acceptance(namePatterns: ["tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "*.spm", "vocab.txt",
                                           "*-vocab.txt", "*_vocab.txt", "*.tiktoken"]),
        findingKinds: [
            .detail("ml.tokenizer_vocabulary", "a vocabulary: source file form, model type, size, digest, special tokens, sketches"),
        ],
        options: ["max_tokens": 4_000_000],
        examples: examples)
}
