import ExhibitTestSupport
import Foundation
import Testing

/// Choosing extractors and setting their options, through the binary.
@Suite struct ExtractorChoiceTests {
    private let release = Repository.samples.appendingPathComponent("case/respondent/release-v2.tar.gz").path

    private func extract(_ arguments: [String]) throws -> [String: Any] {
        let result = try Command.exhibit(["extract", release, "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try decodeJSON(result.stdout) as? [String: Any])
    }

    private func kinds(_ extracted: [String: Any]) -> Set<String> {
        Set(((extracted["findings"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String })
    }

    @Test func extractorsListThemselvesWithWhatTheyDoNotSee() throws {
        let result = try Command.exhibit(["extractors", "--json"])
        #expect(result.status == 0)
        let listed = try #require(try decodeJSON(result.stdout) as? [[String: Any]])
        #expect(listed.compactMap { $0["id"] as? String } == ["archive", "config", "notebook", "weights", "log", "code", "tokenizer"])
        for extractor in listed {
            for key in ["id", "version", "summary", "origin", "accepts", "finding_kinds", "rationale", "options", "former_ids"] {
                #expect(extractor[key] != nil, "\(key) missing for \(extractor["id"] ?? "?")")
            }
            #expect((extractor["rationale"] as? String)?.contains("not") == true)
            #expect(extractor["origin"] as? String == "built-in")
        }
        let config = try #require(listed.first { $0["id"] as? String == "config" })
        #expect((config["options"] as? [String: Int])?["max_entries"] == 50_000)
        let kinds = try #require(config["finding_kinds"] as? [[String: Any]])
        #expect(kinds.first { $0["kind"] as? String == "config.entry" }?["presentation"] as? String == "bulk")
    }

    @Test func extractorsCanBeLeftOutOrChosen() throws {
        let all = try extract([])
        #expect(kinds(all).contains("config.entry") && kinds(all).contains("archive.format"))
        let withoutConfig = try extract(["--without", "config"])
        #expect(!kinds(withoutConfig).contains("config.entry") && kinds(withoutConfig).contains("archive.format"))
        // Only the config extractor: the archive is not opened, so nothing in it is read.
        let onlyConfig = try extract(["--extractors", "config"])
        #expect(((onlyConfig["artifacts"] as? [[String: Any]]) ?? []).count == 1)
        let unknown = try Command.exhibit(["extract", release, "--without", "no_such_extractor"])
        #expect(unknown.status != 0 && unknown.stderr.contains("no extractor with id 'no_such_extractor'"))
    }

    @Test func optionsAreSetAndChecked() throws {
        let capped = try extract(["--extractor-option", "config.max_entries=2"])
        let findings = (capped["findings"] as? [[String: Any]]) ?? []
        let entriesByArtifact = Dictionary(grouping: findings.filter { $0["kind"] as? String == "config.entry" }) {
            $0["artifact_id"] as? String ?? ""
        }
        #expect(!entriesByArtifact.isEmpty && entriesByArtifact.values.allSatisfy { $0.count <= 2 })
        #expect(findings.contains { ($0["attributes"] as? [String: Any])?["limit"] as? String == "config_entries" })
        for (bad, message) in [("config.max_entries=many", "expected an integer"), ("config.colour=red", "has no option 'colour'"),
                               ("archive.x=1", "takes no options"), ("max_entries=1", "ID.KEY=VALUE")] {
            let result = try Command.exhibit(["extract", release, "--extractor-option", bad])
            #expect(result.status != 0 && result.stderr.contains(message), "\(bad): \(result.stderr)")
        }
    }
}
