import Foundation

/// What the tokenizer extractor says of a problem, in one voice.
enum TokenizerExtractorError: Error, LocalizedError, Sendable, Equatable {
    /// Not a tokenizer file this extractor reads (declined).
    case notATokenizer(String)
    /// The protocol-buffer bytes of a SentencePiece model break the wire format at `offset`.
    case malformed(offset: Int, reason: String)
    /// A file larger than the budget lets it hold (a SentencePiece model is read whole).
    case tooLarge(limit: Int)
    /// Lines that are not `base64 rank` in a tiktoken file.
    case badRankLines(count: Int, firstLine: Int)
    /// Tokens that are not valid UTF-8, read with U+FFFD in their place.
    case invalidUTF8(count: Int, first: String)
    /// More tokens than one vocabulary may hold: the rest were not read.
    case tooManyTokens(limit: Int)

    var errorDescription: String? {
        switch self {
        case .notATokenizer(let why): return why
        case .malformed(let offset, let reason): return "the model's protocol-buffer bytes are malformed at byte \(offset): \(reason)"
        case .tooLarge(let limit):
            return "more than \(limit) bytes: a SentencePiece model is read whole, and the budget holds \(limit) bytes in memory"
        case .badRankLines(let count, let first):
            return "\(count) line(s) are not `base64-token rank` (the first: line \(first)): not counted as tokens"
        case .invalidUTF8(let count, let first):
            return "\(count) token(s) are not valid UTF-8 (the first: \(first)); they are read with U+FFFD in place of the bad bytes"
        case .tooManyTokens(let limit): return "more than \(limit) tokens: the rest were not read"
        }
    }

    /// The `problem` attribute of the warning.
    var problem: String {
        switch self {
        case .notATokenizer: return "not_a_tokenizer"
        case .malformed: return "malformed"
        case .tooLarge: return "too_large"
        case .badRankLines: return "bad_rank_lines"
        case .invalidUTF8: return "invalid_utf8"
        case .tooManyTokens: return "too_many_tokens"
        }
    }
}
