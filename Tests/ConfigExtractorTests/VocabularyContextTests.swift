import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor

/// Issue 20's first false finding: a sentence-transformer's `tokenizer.json` read as a PPO
/// recipe (the words `beta`, `gamma`, `lam` of its vocabulary, their token ids as values) and
/// flattened into 30,603 entries. A vocabulary is data: summarized once, never read as settings.
@Suite struct VocabularyContextTests {
    @Test func aVocabularyIsNeitherARecipeNorEntries() throws {
        let findings = try extractConfig("tokenizer.json", TokenizerJSON.make(size: 30_522, merges: 20_000))
        let kinds = findings.map(\.kind.rawValue)
        for kind in ["rl.technique", "training.hyperparameter", "ml.generation_defaults", "ml.architecture", "secret.candidate"] {
            #expect(!kinds.contains(kind), "\(kind): \(findings.filter { $0.kind.rawValue == kind }.map(\.summary))")
        }
        #expect(findings.count < 100, "\(findings.count) findings")
        let vocabulary = try #require(findings.first { $0.kind == "ml.tokenizer_vocabulary" })
        #expect(vocabulary.attributes["vocab_size"] == .integer(30_522) && vocabulary.attributes["merges"] == .integer(20_000))
        let maps = Dictionary(findings.filter { $0.kind == "config.map" }.map { ($0.attributes["key"]?.description ?? "", $0) },
                              uniquingKeysWith: { first, _ in first })
        #expect(maps["/model/vocab"]?.attributes["kind"] == "word_to_id" && maps["/model/vocab"]?.attributes["entries"] == .integer(30_522))
        #expect(maps["/model/merges"]?.attributes["kind"] == "list" && maps["/model/merges"]?.attributes["entries"] == .integer(20_000))
        // One digest convention: the summary's SHA-256 is the vocabulary's.
        #expect(maps["/model/vocab"]?.attributes["sha256"] == vocabulary.attributes["vocab_sha256"])
    }

    /// A `vocab.json` (a word → id map as the whole file) names no settings either, however many
    /// of its words are setting names: it is a vocabulary, summarized and sketched.
    @Test func aWordToIDFileIsNotAConfiguration() throws {
        let words = TokenizerJSON.settingWords + (0..<100).map { "\u{0120}w\($0)" }
        let text = "{" + words.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ", ") + "}"
        let findings = try extractConfig("vocab.json", text)
        #expect(findings.map(\.kind.rawValue).sorted() == ["config.map", "ml.tokenizer_vocabulary"], "\(findings.map(\.summary))")
        let vocabulary = try #require(findings.first { $0.kind == "ml.tokenizer_vocabulary" })
        #expect(vocabulary.attributes["spelling"] == "byte_level" && vocabulary.attributes["vocab_size"] == .integer(Int64(words.count)))
    }

    /// A token that is a lone combining mark (Devanagari's vowel signs, which BERT's vocabularies
    /// hold) is counted and hashed like any other, though it joins the `/` of its JSON pointer
    /// into one Swift Character.
    @Test func combiningMarksAreTokensToo() throws {
        let words = ["\u{093E}", "\u{093F}", "\u{0940}"] + (0..<100).map { "w\($0)" }
        let text = "{" + words.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ", ") + "}"
        let vocabulary = try #require(try extractConfig("vocab.json", text).first { $0.kind == "ml.tokenizer_vocabulary" })
        #expect(vocabulary.attributes["vocab_size"] == .integer(Int64(words.count)))
    }

    /// Configuration stays configuration: a flat `.env` of a hundred settings, a long YAML map of
    /// mixed values, a short list — each entry recorded, and recognized.
    @Test func manySettingsAreStillSettings() throws {
        let env = (0..<100).map { "SETTING_\($0)=value-\($0)" }.joined(separator: "\n") + "\n"
        #expect(try extractConfig("deploy.env", env).filter { $0.kind == "config.entry" }.count == 100)
        let yaml = "learning_rate: 3.0e-4\nseed: 7\n" + (0..<100).map { "k\($0): \($0 % 2 == 0 ? "true" : "\"x\($0)\"")" }.joined(separator: "\n")
        let findings = try extractConfig("train.yaml", yaml)
        #expect(findings.filter { $0.kind == "config.entry" }.count == 102)
        #expect(findings.filter { $0.kind == "training.hyperparameter" }.count == 2)
    }

    /// A credential inside a collection summarized whole is still reported.
    @Test func aSecretInsideASummarizedListIsReported() throws {
        let items = (0..<80).map { "\"https://mirror\($0).example/file\"" } + ["\"https://user:s3cret-pass@mirror.example/x\""]
        let findings = try extractConfig("mirrors.json", "{\"mirrors\": [" + items.joined(separator: ", ") + "]}")
        #expect(findings.contains { $0.kind == "config.map" })
        #expect(findings.filter { $0.kind == "secret.candidate" }.count == 1)
    }
}
