import EvidenceKit
import Foundation

/// A vocabulary's tokens with their ids, read back from the file that holds it — for the
/// comparisons that need the tokens themselves (`compare.weights.embedding_alignment` pairs
/// embedding rows by token), not only the sketches the extractors keep. Streams the file in
/// flat memory but for the tokens it returns (at most `maxTokens`).
///
/// Reads a `tokenizer.json` (`/model/vocab`: a token → id object, or Unigram's list of
/// `[token, score]` whose ids are their places), a GPT-2 `vocab.json` or `encoder.json` (the
/// whole file a token → id object), a WordPiece `vocab.txt` (a token a line, ids from 0) and a
/// tiktoken file (base64 token and rank a line: the raw bytes drawn as byte-level BPE draws
/// them), a SentencePiece model (its pieces in id order, ``SentencePieceProto``; read whole,
/// at most ``maxModelBytes``) and a GGUF file's `tokenizer.ggml.tokens` (its metadata parsed up
/// to that array; the tensors after it never parsed).
///
/// ```swift
/// let tokens = try VocabularyReader.tokens(in: source, fileName: "tokenizer.json")
/// tokens.first   // (token: "<|endoftext|>", id: 0)
/// ```
public enum VocabularyReader {
    /// The largest SentencePiece model read back (they are a few MB; it is read whole).
    public static let maxModelBytes = 256 << 20

    /// Why a vocabulary could not be read back.
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    /// Whether the file's name is one of the forms read back.
    public static func reads(fileName: String) -> Bool {
        form(of: fileName) != nil
    }

    /// The tokens of the file named `fileName`, in the order the file lists them.
    public static func tokens(in source: any ByteSource, fileName: String,
                              maxTokens: Int = 4_000_000) throws -> [(token: String, id: Int64)] {
        switch form(of: fileName) {
        case .tokenizerJSON?: return try json(source, path: ["model", "vocab"], maxTokens: maxTokens)
        case .vocabularyJSON?: return try json(source, path: [], maxTokens: maxTokens)
        case .lines(let tiktoken)?: return try lines(source, tiktoken: tiktoken, maxTokens: maxTokens)
        case .sentencePiece?: return try sentencePiece(source, maxTokens: maxTokens)
        case .gguf?: return try GGUFTokens(source).read(maxTokens: maxTokens)
        case nil:
            throw Failure(description: "\(fileName) is not a vocabulary file read back (tokenizer.json, vocab.json, vocab.txt, *.tiktoken, *.model, *.gguf)")
        }
    }

    private enum Form {
        case tokenizerJSON, vocabularyJSON, sentencePiece, gguf
        case lines(tiktoken: Bool)
    }

    private static func form(of fileName: String) -> Form? {
        let name = (fileName as NSString).lastPathComponent.lowercased()
        if name == "vocab.json" || name == "encoder.json" { return .vocabularyJSON }
        if name.hasSuffix(".json") { return .tokenizerJSON }
        if name == "vocab.txt" || name.hasSuffix("-vocab.txt") || name.hasSuffix("_vocab.txt") { return .lines(tiktoken: false) }
        if name.hasSuffix(".tiktoken") { return .lines(tiktoken: true) }
        if name.hasSuffix(".model") || name.hasSuffix(".spm") { return .sentencePiece }
        if name.hasSuffix(".gguf") { return .gguf }
        return nil
    }

    /// The object at `path` (keys from the top), every member a token and its id; or, at the
    /// end of a path, Unigram's list of `[token, score]`, the ids their places.
    private static func json(_ source: any ByteSource, path: [String], maxTokens: Int) throws -> [(token: String, id: Int64)] {
        let scanner = JSONScanner(source)
        guard try scanner.next() == .beginObject else { throw Failure(description: "the file is not a JSON object") }
        var isList = false
        for wanted in path {
            var found = false
            while let event = try scanner.next(), event != .endObject {
                guard case .key(let key) = event else { throw Failure(description: "malformed JSON at \(scanner.locator)") }
                let kind = try scanner.peekValue()
                if key == wanted, kind == .object || (kind == .array && wanted == path.last) {
                    isList = kind == .array
                    _ = try scanner.next()
                    found = true
                    break
                }
                try scanner.skipValue()
            }
            guard found else { throw Failure(description: "no /\(path.joined(separator: "/")) in the file") }
        }
        var tokens: [(token: String, id: Int64)] = []
        if isList {
            while let event = try scanner.next(), event != .endArray {
                guard event == .beginArray, case .string(let token)? = try scanner.next() else {
                    throw Failure(description: "a Unigram entry that is not [token, score] at \(scanner.locator)")
                }
                try scanner.skipContainer()
                guard tokens.count < maxTokens else { throw Failure(description: "more than \(maxTokens) tokens") }
                tokens.append((token, Int64(tokens.count)))
            }
            return tokens
        }
        while let event = try scanner.next(), event != .endObject {
            guard case .key(let token) = event else { throw Failure(description: "malformed JSON at \(scanner.locator)") }
            guard case .number(let text)? = try scanner.next(), let id = Int64(text) else {
                throw Failure(description: "the id of \(token.debugDescription) is not an integer")
            }
            guard tokens.count < maxTokens else { throw Failure(description: "more than \(maxTokens) tokens") }
            tokens.append((token, id))
        }
        return tokens
    }

    private static func sentencePiece(_ source: any ByteSource, maxTokens: Int) throws -> [(token: String, id: Int64)] {
        let bytes: [UInt8]
        do {
            bytes = Array(try source.readAll(limit: maxModelBytes))
        } catch EvidenceError.limitReached {
            throw Failure(description: "a SentencePiece model of more than \(maxModelBytes) bytes")
        }
        guard SentencePieceProto.looksLikeModel(Array(bytes.prefix(16))) else { throw Failure(description: "not a SentencePiece model") }
        var tokens: [(token: String, id: Int64)] = []
        do {
            try SentencePieceProto.read(bytes) { piece in
                guard tokens.count < maxTokens else { throw Failure(description: "more than \(maxTokens) tokens") }
                tokens.append((piece.text, Int64(piece.id)))
            }
        } catch let malformed as ProtobufFields.Malformed {
            throw Failure(description: "the SentencePiece model is \(malformed)")
        }
        return tokens
    }

    private static func lines(_ source: any ByteSource, tiktoken: Bool, maxTokens: Int) throws -> [(token: String, id: Int64)] {
        var tokens: [(token: String, id: Int64)] = []
        var failure: Failure?
        try LineReader(source, maxLineLength: 1 << 16).forEachLine { line in
            guard failure == nil else { return }
            guard tokens.count < maxTokens else {
                failure = Failure(description: "more than \(maxTokens) tokens")
                return
            }
            if !tiktoken {
                tokens.append((String(decoding: line.bytes, as: UTF8.self), Int64(line.number - 1)))
                return
            }
            guard !line.bytes.isEmpty else { return }
            guard let entry = tiktokenEntry(line.bytes) else {
                failure = Failure(description: "line \(line.number) is not `base64-token rank`")
                return
            }
            tokens.append(entry)
        }
        if let failure { throw failure }
        return tokens
    }

    /// One line of a tiktoken file, `base64-token rank`: the token's raw bytes drawn as
    /// byte-level BPE draws them (``TokenSpelling/byteLevelText(_:)``), and its rank; nil when the
    /// line is not that.
    public static func tiktokenEntry(_ line: UnsafeRawBufferPointer) -> (token: String, id: Int64)? {
        let parts = line.split(separator: 0x20, maxSplits: 1)
        guard parts.count == 2, let token = Data(base64Encoded: Data(parts[0])),
              let rank = Int64(String(decoding: parts[1], as: UTF8.self)) else { return nil }
        return (TokenSpelling.byteLevelText(token), rank)
    }
}
