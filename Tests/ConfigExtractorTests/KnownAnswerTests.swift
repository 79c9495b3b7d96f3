import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor

/// The config extractor's known error rate: each recognizer's precision and recall on the
/// known-answer corpus (`samples/formats/config/known/`, written by `scripts/make-samples.py`,
/// whose `answers.json` says what each file must yield and must not). The test fails below the
/// floors, and keeps the table in docs/config-extractor.md (with EXHIBIT_UPDATE_DOCS=1 it writes
/// the table there instead of comparing).
@Suite struct KnownAnswerTests {
    private struct Answer: Decodable {
        let yields: [String]
        let must_not: [String]
    }

    /// A recognizer: the labels that are its findings, its floors, and what it is known to miss.
    struct Recognizer: Sendable {
        let name: String
        let owns: @Sendable (String) -> Bool
        let precisionFloor: Double
        let recallFloor: Double
        let blindSpots: String
    }

    static let rlTechniques = ["PPO", "DPO", "GRPO", "KTO"]

    static let recognizers: [Recognizer] = [
        Recognizer(name: "architecture (`ml.architecture`)", owns: { $0 == "ml.architecture" }, precisionFloor: 1, recallFloor: 1,
                   blindSpots: "fields under names the vocabulary lacks (T5's `d_ff`, `d_kv`); encoder-decoder layer counts"),
        Recognizer(name: "generation defaults (`ml.generation_defaults`)", owns: { $0 == "ml.generation_defaults" },
                   precisionFloor: 1, recallFloor: 1,
                   blindSpots: "defaults nested under `task_specific_params`; defaults a library applies silently"),
        Recognizer(name: "tokenizer (`ml.tokenizer`)", owns: { $0 == "ml.tokenizer" }, precisionFloor: 1, recallFloor: 1,
                   blindSpots: "slow tokenizers' files (`vocab.txt`, `spiece.model`) are not configuration"),
        Recognizer(name: "vocabulary (`ml.tokenizer_vocabulary`, `config.map`)",
                   owns: { $0 == "ml.tokenizer_vocabulary" || $0.hasPrefix("config.map:") }, precisionFloor: 1, recallFloor: 1,
                   blindSpots: "a vocabulary of fewer than 64 words is recorded entry by entry (and, outside a tokenizer.json, "
                       + "read by the recognizers)"),
        Recognizer(name: "training hyperparameters (`training.hyperparameter`)", owns: { $0.hasPrefix("training.hyperparameter:") },
                   precisionFloor: 1, recallFloor: 0.9,
                   blindSpots: "spellings the vocabulary lacks (OpenRLHF's `actor_learning_rate`, `max_epochs`); values set "
                       + "on a command line"),
    ] + rlTechniques.map { technique in
        Recognizer(name: "RL technique \(technique) (`rl.technique`)", owns: { $0 == "rl.technique:\(technique)" },
                   precisionFloor: 1, recallFloor: 1,
                   blindSpots: "a method named only in code or on a command line; a recipe split across files")
    } + [
        Recognizer(name: "secrets (`secret.candidate`)", owns: { $0.hasPrefix("secret.candidate:") }, precisionFloor: 1, recallFloor: 1,
                   blindSpots: "credentials in formats without a pattern, under keys not named like credentials"),
        Recognizer(name: "entities (model, dataset, URL, host, e-mail, package)", owns: { $0.hasPrefix("entity:") },
                   precisionFloor: 1, recallFloor: 0.85,
                   blindSpots: "models under generic keys (verl's `model.path`, OpenRLHF's `pretrain`); names inside "
                       + "free text"),
        Recognizer(name: "model card (`ml.model_card`)", owns: { $0 == "ml.model_card" }, precisionFloor: 1, recallFloor: 1,
                   blindSpots: "cards without front matter; statements in the Markdown body"),
    ]

    static let entityKinds: Set<EntityKind> = [.model, .dataset, .url, .host, .email, .softwarePackage]

    /// The labels of what the extractor found in one file.
    static func labels(_ findings: [Finding]) -> Set<String> {
        var labels = Set<String>()
        for finding in findings {
            switch finding.kind {
            case "ml.architecture", "ml.generation_defaults", "ml.tokenizer", "ml.tokenizer_vocabulary", "ml.model_card":
                labels.insert(finding.kind.rawValue)
            case "config.map":
                let key = finding.attributes["key"]?.description ?? "?"
                labels.insert("config.map:\(key.isEmpty ? "/" : key)")
            case "training.hyperparameter": labels.insert("training.hyperparameter:\(finding.attributes["name"]?.description ?? "?")")
            case "rl.technique": labels.insert("rl.technique:\(finding.attributes["technique"]?.description ?? "?")")
            case "secret.candidate": labels.insert("secret.candidate:\(finding.attributes["key"]?.description ?? "?")")
            default: break
            }
            for mention in finding.mentions where entityKinds.contains(mention.kind) {
                labels.insert("entity:\(mention.kind.rawValue):\(mention.value)")
            }
        }
        return labels
    }

    @Test func everyRecognizerMeetsItsFloorsAndTheTableIsPublished() throws {
        let folder = Repository.formats.appendingPathComponent("config/known")
        let answers = try JSONDecoder().decode([String: Answer].self,
                                               from: Data(contentsOf: folder.appendingPathComponent("answers.json")))
        let files = Repository.formatSamples().filter { $0.hasPrefix("config/known/") && !$0.hasSuffix("/answers.json") }
        #expect(Set(files.map { String($0.dropFirst("config/known/".count)) }) == Set(answers.keys),
                "every corpus file has an answer, and every answer a file")
        var counts = [String: (tp: Int, fp: Int, fn: Int)]()
        var wrong: [String] = []
        for file in files {
            let relative = String(file.dropFirst("config/known/".count))
            guard let answer = answers[relative] else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: Repository.format(file)))
            let found = Self.labels(try extractConfig((file as NSString).lastPathComponent, data))
            let expected = Set(answer.yields)
            for label in found where answer.must_not.contains(where: { label.hasPrefix($0) }) {
                Issue.record("\(relative) must not yield \(label)")
            }
            for recognizer in Self.recognizers {
                let predicted = found.filter(recognizer.owns)
                let truth = expected.filter(recognizer.owns)
                var count = counts[recognizer.name] ?? (0, 0, 0)
                count.tp += predicted.intersection(truth).count
                count.fp += predicted.subtracting(truth).count
                count.fn += truth.subtracting(predicted).count
                counts[recognizer.name] = count
                wrong += predicted.subtracting(truth).sorted().map { "\(relative): false \($0)" }
                    + truth.subtracting(predicted).sorted().map { "\(relative): missed \($0)" }
            }
        }
        var rows = ""
        for recognizer in Self.recognizers {
            let count = counts[recognizer.name] ?? (0, 0, 0)
            let precision = count.tp + count.fp == 0 ? 1 : Double(count.tp) / Double(count.tp + count.fp)
            let recall = count.tp + count.fn == 0 ? 1 : Double(count.tp) / Double(count.tp + count.fn)
            #expect(precision >= recognizer.precisionFloor, "\(recognizer.name): precision \(precision) \(wrong)")
            #expect(recall >= recognizer.recallFloor, "\(recognizer.name): recall \(recall) \(wrong)")
            rows += "| \(recognizer.name) | \(count.tp + count.fn) | \(count.tp) | \(count.fp) | \(count.fn) | "
                + "\(Self.format(precision, count.tp + count.fp)) (≥ \(Self.format(recognizer.precisionFloor, 1))) | "
                + "\(Self.format(recall, count.tp + count.fn)) (≥ \(Self.format(recognizer.recallFloor, 1))) | \(recognizer.blindSpots) |\n"
        }
        let table = "Measured for `config` \(ConfigExtractor.descriptor.version) on the \(files.count) files of "
            + "`samples/formats/config/known/`; every recognizer is scored on every file, so a finding in a file that "
            + "states none is a false positive.\n\n"
            + "| recognizer | expected | found right | false | missed | precision (floor) | recall (floor) | known blind spots |\n"
            + "|---|---:|---:|---:|---:|---:|---:|---|\n" + rows
            + "\nThe misses and false findings, file by file: " + (wrong.isEmpty ? "none." : wrong.map { "`\($0)`" }.joined(separator: "; ") + ".") + "\n"
        #expect(try DocumentedTable.drift(table, page: "docs/config-extractor.md", marker: "known-answer") == nil)
    }

    private static func format(_ value: Double, _ denominator: Int) -> String {
        denominator == 0 ? "—" : String(format: "%.2f", value)
    }
}
