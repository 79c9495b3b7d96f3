import EvidenceFormats
import EvidenceKit
import Foundation

/// Tokenizer files that are not JSON — SentencePiece models, WordPiece `vocab.txt`, tiktoken
/// rank files — read into the same `ml.tokenizer_vocabulary` finding the config extractor makes
/// of a `tokenizer.json` (``VocabularyFacts``): so `compare.tokenizer` meets a vocabulary in
/// whatever file a party shipped it. Nothing in a file is run.
public struct TokenizerExtractor: ConfigurableExtractor {
    /// What an investigator may set (`--extractor-option tokenizer.max_tokens=…`).
    public struct Options: Codable, Sendable {
        /// Tokens read per file, at most; past this, a limitation.
        public var maxTokens: Int

        enum CodingKeys: String, CodingKey {
            case maxTokens = "max_tokens"
        }
    }

    /// The kinds of file read.
    enum FileForm {
        case sentencePieceModel, wordPieceVocabulary, tiktoken

        init?(name: String, head: Data) {
            let name = (name as NSString).lastPathComponent.lowercased()
            if name.hasSuffix(".model") || name.hasSuffix(".spm") {
                guard SentencePieceProto.looksLikeModel(Array(head.prefix(16))) else { return nil }
                self = .sentencePieceModel
            } else if name == "vocab.txt" || name.hasSuffix("-vocab.txt") || name.hasSuffix("_vocab.txt") {
                guard !head.prefix(8192).contains(0) else { return nil }
                self = .wordPieceVocabulary
            } else if name.hasSuffix(".tiktoken") {
                self = .tiktoken
            } else {
                return nil
            }
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        guard let form = FileForm(name: artifact.name, head: artifact.head) else {
            throw EvidenceError.notMyFormat(TokenizerExtractorError.notATokenizer(
                "\(artifact.name): not a SentencePiece model, a WordPiece vocab.txt or a tiktoken file").errorDescription!)
        }
        switch form {
        case .sentencePieceModel:
            try SentencePieceModel(limits: artifact.limits, maxTokens: options.maxTokens).read(artifact, into: sink)
        case .wordPieceVocabulary:
            try LineVocabulary(form: .wordPiece, limits: artifact.limits, maxTokens: options.maxTokens).read(artifact, into: sink)
        case .tiktoken:
            try LineVocabulary(form: .tiktoken, limits: artifact.limits, maxTokens: options.maxTokens).read(artifact, into: sink)
        }
    }
}

extension TokenizerExtractor: ContentRecognizing {
    /// A `*.model` file whose first bytes are a SentencePiece model's first piece.
    public static func claims(head: Data, name: String) -> Bool {
        name.lowercased().hasSuffix(".model") && SentencePieceProto.looksLikeModel(Array(head.prefix(16)))
    }
}
