import EvidenceFormats
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor

@Suite struct ConfigExtractorTests {
    private func extract(_ name: String, _ data: Data, limits: ExtractionLimits = .init()) throws -> CollectingSink {
        let sink = CollectingSink()
        try ConfigExtractor().extract(Artifact(name: name, head: data.prefix(65_536), content: DataByteSource(data),
                                               limits: limits), into: sink)
        return sink
    }

    private func sample(_ path: String) throws -> CollectingSink {
        try extract((path as NSString).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: Repository.format(path))))
    }

    @Test func entriesCarryPointerLineColumnAndByteOffset() throws {
        let sink = try extract("c.json", Data("{\n  \"a\": {\"b/c\": [10, 20]},\n  \"d\": true\n}\n".utf8))
        let entries = sink.findings.filter { $0.kind == "config.entry" }
        #expect(entries.map { $0.attributes["key"] } == ["/a/b~1c/0", "/a/b~1c/1", "/d"])
        // Line 2 is `  "a": {"b/c": [10, 20]},`: "20" starts at column 21, byte 22 of the file.
        #expect(entries[1].locator.line == 2 && entries[1].locator.column == 21 && entries[1].locator.byteOffset == 22)
        #expect(entries[2].attributes["type"] == "bool")
    }

    /// Characters beyond U+FFFF escaped as surrogate pairs (tokenizer vocabularies) read as
    /// themselves; an unpaired half is U+FFFD with a warning, not a lost string.
    @Test func surrogatePairEscapesAreOneCharacter() throws {
        let sink = try extract("v.json", Data(#"{"emoji": "\ud83d\ude00!", "alone": "\ud83d?", "plain": "\u00e9"}"#.utf8))
        let values = Dictionary(sink.findings.filter { $0.kind == "config.entry" }.compactMap { finding in
            finding.attributes["key"].flatMap { key in finding.attributes["value"].map { ("\(key)", "\($0)") } }
        }, uniquingKeysWith: { first, _ in first })
        #expect(values["/emoji"]?.contains("😀!") == true, "\(values)")
        #expect(values["/alone"]?.contains("\u{FFFD}?") == true, "\(values)")
        #expect(values["/plain"]?.contains("é") == true, "\(values)")
        #expect(sink.findings.contains { $0.summary.contains("unpaired surrogate") })
    }

    @Test func numbersAreComparedNormalized() {
        #expect(MLVocabulary.canonical(.string("3e-4")) == MLVocabulary.canonical(.float(0.0003)))
        #expect(MLVocabulary.canonical(.float(32.0)) == .integer(32))
    }

    @Test func aHundredThousandLevelsOfNestingStayWithinBudget() throws {
        let json = try extract("deep.json", Data((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        #expect(json.findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "nesting_depth" })
        let yaml = try extract("deep.yaml", Data(("a: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8))
        #expect(yaml.findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "nesting_depth" })
    }

    @Test func aFileLargerThanMemoryIsNotLoaded() throws {
        let line = Data(("{\"x\": \"" + String(repeating: "a", count: 2 << 20) + "\"}").utf8)
        let sink = try extract("big.json", line, limits: ExtractionLimits(maxInMemoryBytes: 1 << 20))
        #expect(sink.findings.map(\.kind) == ["limitation"])
    }

    @Test func jsonLinesKeepGoingPastABadLine() throws {
        let sink = try extract("log.jsonl", Data("{\"a\": 1}\n{\"a\": \n{\"a\": 3}\n".utf8))
        #expect(sink.findings.filter { $0.kind == "config.entry" }.map { $0.attributes["key"] } == ["/0/a", "/2/a"])
        #expect(sink.findings.contains { $0.kind == "extraction.warning" && $0.locator.line == 2 })
    }

    @Test func secretsAreMaskedNeverStored() throws {
        let sink = try sample("config/hostile/secrets.json")
        let secrets = sink.findings.filter { $0.kind == "secret.candidate" }
        #expect(secrets.count == 4)
        let everything = secrets.map { "\($0.summary) \($0.attributes)" }.joined()
        #expect(!everything.contains("FAKEfakeFAKE") && !everything.contains("hunter2"))
        #expect(secrets.allSatisfy { ($0.attributes["sha256"]?.description.count ?? 0) == 64 })
    }

    @Test func entitiesNameModelsPackagesAndPeople() throws {
        let sink = try sample("config/training/training_args.json")
        let mentions = sink.findings.flatMap(\.mentions)
        #expect(mentions.contains(EntityRef(kind: .email, value: "ml-ops@borealis.example", role: "run_name")))
        let config = try sample("config/llama-style/config.json").findings.flatMap(\.mentions)
        #expect(config.contains(EntityRef(kind: .model, value: "aurora-dynamics/aurora-7b", role: "_name_or_path")))
        #expect(config.contains(EntityRef(kind: .softwarePackage, value: "transformers==4.44.0", role: "transformers_version")))
    }

    @Test func rlFindingsMarkValuesThatDifferFromDefaults() throws {
        let ppo = try #require(try sample("config/rl/ppo.yaml").findings.first { $0.kind == "rl.technique" })
        guard case .object(let differing)? = ppo.attributes["non_default"] else { Issue.record("no non_default"); return }
        #expect(Set(differing.keys) == ["init_kl_coef", "adap_kl_ctrl"])
        let dpo = try #require(try sample("config/rl/dpo-llamafactory.yaml").findings.first { $0.kind == "rl.technique" })
        guard case .object(let dpoDiffering)? = dpo.attributes["non_default"] else { Issue.record("no non_default"); return }
        #expect(Set(dpoDiffering.keys) == ["pref_beta"])
    }

    @Test func aYAMLAliasBombIsCutNotExpanded() throws {
        // Ten lines that unfold into 10^9 leaves: a runaway expansion would hang this test.
        let sink = try sample("config/hostile/alias-bomb.yaml")
        #expect(sink.findings.filter { $0.kind == "config.entry" }.count == 50_000)
        #expect(sink.findings.contains { $0.kind == "limitation" && $0.attributes["limit"] == "config_entries" })
    }
}
