import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import EvidenceFormats

/// Vocabularies read back token by token, in every form the comparisons pair rows by, and the
/// files that are not what their names say refused with a reason.
@Suite struct VocabularyReaderTests {
    private func tokens(_ text: String, _ name: String) throws -> [(token: String, id: Int64)] {
        try VocabularyReader.tokens(in: DataByteSource(Data(text.utf8)), fileName: name)
    }

    @Test func theSampleTokenizersAreReadInFileOrder() throws {
        let path = Repository.samples.appendingPathComponent("case/respondent/borealis-tokenizer/tokenizer.json").path
        let read = try VocabularyReader.tokens(in: try FileByteSource(path: path), fileName: "tokenizer.json")
        #expect(read.count == 297 && read.first?.token == "<s>" && read.first?.id == 0)
        #expect(Set(read.map(\.id)) == Set(0..<297))
        let tiktoken = Repository.samples.appendingPathComponent("formats/tokenizer/aurora.tiktoken").path
        let ranks = try VocabularyReader.tokens(in: try FileByteSource(path: tiktoken), fileName: "aurora.tiktoken")
        #expect(ranks.count == 293 && ranks[32].token == "Ġ" && ranks[32].id == 32)
        // The respondent's vocabulary as a SentencePiece model: the same tokens at the same ids.
        let model = Repository.samples.appendingPathComponent("formats/tokenizer/borealis-spiece.model").path
        let pieces = try VocabularyReader.tokens(in: try FileByteSource(path: model), fileName: "borealis-spiece.model")
        #expect(pieces.map { "\($0.token)=\($0.id)" } == read.map { "\($0.token)=\($0.id)" })
    }

    @Test func everyFormIsRead() throws {
        #expect(try tokens(#"{"Ġthe": 5, "a": 0}"#, "vocab.json").map(\.token) == ["Ġthe", "a"])
        // A tokenizer.json's vocab after other keys, with nested objects before it.
        let bpe = #"{"added_tokens": [{"content": "<s>"}], "model": {"type": "BPE", "dropout": null, "vocab": {"<s>": 0, "x": 1}, "merges": []}}"#
        #expect(try tokens(bpe, "tokenizer.json").map(\.id) == [0, 1])
        let unigram = #"{"model": {"type": "Unigram", "vocab": [["<unk>", 0.0], ["▁a", -1.5], ["b", -2.25]]}}"#
        #expect(try tokens(unigram, "tokenizer.json").map { "\($0.token)=\($0.id)" } == ["<unk>=0", "▁a=1", "b=2"])
        #expect(try tokens("[PAD]\n[UNK]\nthe\n", "vocab.txt").map { "\($0.token)=\($0.id)" } == ["[PAD]=0", "[UNK]=1", "the=2"])
        #expect(try tokens("IQ== 7\n", "r.tiktoken").map(\.token) == ["!"])
    }

    /// A GGUF file's tokens, read from its metadata; a cut or foreign file refused.
    @Test func aGGUFsTokensAreReadFromItsMetadata() throws {
        let path = Repository.format("weights/tiny-llama.gguf")
        let read = try VocabularyReader.tokens(in: try FileByteSource(path: path), fileName: "tiny-llama.gguf")
        #expect(read.count == 64 && read.map(\.id) == Array(0..<64))
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: VocabularyReader.Failure.self) {
            try VocabularyReader.tokens(in: DataByteSource(bytes.prefix(200)), fileName: "cut.gguf")
        }
        #expect(throws: VocabularyReader.Failure.self) {
            try VocabularyReader.tokens(in: DataByteSource(Data("GGUF\u{1}\0\0\0".utf8)), fileName: "v1.gguf")
        }
        // A metadata array nested deeper than any GGUF writes.
        var nested = Data("GGUF".utf8) + Data([3, 0, 0, 0]) + Data(count: 8) + Data([1, 0, 0, 0, 0, 0, 0, 0])
        nested += Data([1, 0, 0, 0, 0, 0, 0, 0]) + Data("k".utf8) + Data([9, 0, 0, 0])
        for _ in 0..<20 { nested += Data([9, 0, 0, 0]) + Data([1, 0, 0, 0, 0, 0, 0, 0]) }
        nested += Data(count: 4096)   // more than enough bytes: the depth stops it, not the file's end
        do {
            _ = try VocabularyReader.tokens(in: DataByteSource(nested), fileName: "deep.gguf")
            Issue.record("a 20-deep array was read")
        } catch let failure as VocabularyReader.Failure {
            #expect(failure.description.contains("nested more than"))
        }
        // A count of tokens that the file does not hold is read until the file ends, not reserved.
        var claims = Data("GGUF".utf8) + Data([3, 0, 0, 0]) + Data(count: 8) + Data([1, 0, 0, 0, 0, 0, 0, 0])
        let key = Data("tokenizer.ggml.tokens".utf8)
        claims += withUnsafeBytes(of: UInt64(key.count).littleEndian) { Data($0) } + key + Data([9, 0, 0, 0, 8, 0, 0, 0])
        claims += withUnsafeBytes(of: UInt64(3_000_000).littleEndian) { Data($0) }
        #expect(throws: VocabularyReader.Failure.self) { try VocabularyReader.tokens(in: DataByteSource(claims), fileName: "claims.gguf") }
    }

    @Test func filesThatAreNotVocabulariesAreRefused() {
        #expect(throws: VocabularyReader.Failure.self) { try tokens(#"{"model": {"type": "BPE"}}"#, "tokenizer.json") }
        #expect(throws: VocabularyReader.Failure.self) { try tokens(#"{"a": "not an id"}"#, "vocab.json") }
        #expect(throws: VocabularyReader.Failure.self) { try tokens("[1, 2]", "vocab.json") }
        #expect(throws: VocabularyReader.Failure.self) { try tokens("not base64!\n", "x.tiktoken") }
        #expect(throws: VocabularyReader.Failure.self) { try tokens("", "tokenizer.model") }
        #expect(throws: VocabularyReader.Failure.self) { try tokens("a model card", "card.model") }
        let truncated = Repository.samples.appendingPathComponent("formats/tokenizer/hostile/truncated.model").path
        #expect(throws: VocabularyReader.Failure.self) {
            try VocabularyReader.tokens(in: try FileByteSource(path: truncated), fileName: "truncated.model")
        }
        #expect(throws: (any Error).self) { try tokens(#"{"model": {"vocab": {"a": 1,"#, "tokenizer.json") }
        #expect(throws: VocabularyReader.Failure.self) {
            try VocabularyReader.tokens(in: DataByteSource(Data("a\nb\nc\n".utf8)), fileName: "vocab.txt", maxTokens: 2)
        }
    }
}
