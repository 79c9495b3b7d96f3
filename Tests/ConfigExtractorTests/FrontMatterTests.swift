import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor

/// Markdown is Markdown: its front matter is the YAML block it is (a model card's license,
/// base model, datasets), and its body is not configuration.
@Suite struct FrontMatterTests {
    @Test func aModelCardNamesItsBaseModel() throws {
        let findings = try extractConfig("README.md", try String(contentsOfFile: Repository.format("config/known/model-card/README.md"),
                                                           encoding: .utf8))
        let card = try #require(findings.first { $0.kind == "ml.model_card" })
        #expect(card.attributes["base_model"] == "aurora-dynamics/aurora-8b" && card.attributes["license"] == "apache-2.0")
        #expect(card.mentions.contains(EntityRef(kind: .model, value: "aurora-dynamics/aurora-8b", role: "base_model")))
        #expect(card.summary.contains("base model aurora-dynamics/aurora-8b (finetune)"))
        // The body's `learning_rate: …` and `stage: dpo` lines are prose, not settings.
        #expect(!findings.contains { ["rl.technique", "training.hyperparameter", "extraction.warning"].contains($0.kind.rawValue) },
                "\(findings.map(\.summary))")
        let entry = try #require(findings.first { $0.kind == "config.entry" && $0.attributes["key"] == "/license" })
        #expect(entry.locator.line == 2, "front matter entries keep the file's own lines")
    }

    @Test func malformedFrontMatterIsAWarningWithItsLine() throws {
        let findings = try extractConfig("README.md", "---\nlicense: mit\ntags: [a, b\nbase_model: x\n---\n# Title\n")
        let warning = try #require(findings.first { $0.kind == "extraction.warning" })
        #expect(warning.summary.contains("front matter (YAML) unreadable from line"), "\(warning.summary)")
        #expect((warning.locator.line ?? 0) >= 3 && (warning.locator.line ?? 0) <= 5, "\(warning.locator)")
    }

    @Test func anUnterminatedBlockIsSaidAndNotRead() throws {
        let findings = try extractConfig("README.md", "---\nlicense: mit\n\n# Title\n\nSome text: with a colon\n")
        #expect(findings.map(\.kind.rawValue) == ["extraction.warning"])
        #expect(findings.first?.summary.contains("not closed") == true)
    }

    @Test func markdownWithoutFrontMatterIsDeclined() throws {
        #expect(throws: EvidenceError.self) { try extractConfig("NOTES.md", "# Notes\n\nkey: value\n") }
    }
}
