import CaseStore
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing

/// Schema v5 through the binary: a case made by the v4 build opens and exports with the same
/// ids and hashes; analyses and series are listed, printed, exported and verified; and a case
/// edited with the `sqlite3` shell, in any table, is named by `check` and refused by `bundle`.
@Suite(.serialized) struct CaseIntegrityTests {
    private static let fixtures = Repository.root.appendingPathComponent("Tests/CaseStoreTests/Fixtures")
    private let claimant = Repository.samples.appendingPathComponent("case/claimant/internal-drop.tar.xz").path
    private let respondent = Repository.samples.appendingPathComponent("case/respondent").path

    private func run(_ arguments: [String]) throws -> CommandResult {
        let result = try Command.exhibit(arguments, environment: ["SOURCE_DATE_EPOCH": "1764374400"])
        #expect(result.status == 0, "\(arguments.first ?? ""): \(result.stderr)")
        return result
    }

    /// The sample case, with one more original whose finding carries a series (written through
    /// the store's API: no built-in extractor reports series yet).
    private func sampleCase(_ folder: TemporaryFolder) throws -> (path: String, seriesFinding: String) {
        let path = folder.path("dispute.exhibit")
        _ = try run(["init", path, "--title", "Aurora v. Borealis", "--examiner", "J. Doe"])
        _ = try run(["add", path, claimant, "--party", "claimant", "--timezone", "Europe/London"])
        _ = try run(["add", path, respondent, "--party", "respondent"])
        var loss = Series(name: "loss", unit: "nats", axis: .step)
        for (step, value) in [(0, 2.5), (100, Double.nan), (200, .infinity), (300, 0.125)] { loss.append(step: step, value: value) }
        let file = try CaseFile.open(at: path)
        let original = ArtifactRecord(
            id: "7a1c0000-0000-5000-8000-000000000001", originalID: "7a1c0000-0000-5000-8000-000000000001", parentID: nil,
            exhibit: "", exhibitSequence: 0, ordinal: 0, depth: 0, name: "train.log", memberPath: nil, evidencePath: "train.log",
            sourcePath: nil, party: "claimant", entryType: "file", linkTarget: nil, size: 4, declaredSize: nil, sha256: "ab",
            hashComplete: true, mediaType: nil, extractorID: nil, mode: nil, owner: nil, group: nil, modified: nil, details: "{}")
        let finding = FindingRecord(
            id: "7a1c0000-0000-5000-8000-000000000002", artifactID: original.id, originalID: original.id, exhibit: "",
            exhibitSequence: 0, ordinal: 0, kind: "training.metric", severity: "info", summary: "loss over 4 steps",
            attributes: "{}", locator: "{}", evidencePath: "train.log", timeUTC: nil, timeOriginal: nil, timeZoneSource: nil,
            extractorID: "log", extractorVersion: "1")
        try file.write(OriginalBatch(rows: ArrayBatchRows([
            .artifact(original), .finding(finding, []),
            .series(SeriesRecord(id: SeriesRecord.makeID(findingID: finding.id, ordinal: 0), findingID: finding.id, ordinal: 0,
                                 name: "loss", unit: "nats", axis: "step", count: 4, points: loss.packed)),
        ])))
        return (path, finding.id)
    }

    @Test func aCaseMadeByTheVersionFourBuildOpensAndExportsWithItsIdsAndHashes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("v4.exhibit")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("v4-sample.exhibit").path, toPath: path)
        #expect(try run(["show", path]).stdout.contains("EX-0003  respondent  respondent/release-v2.tar.gz"))
        for listing in ["artifacts", "findings"] {
            let printed = try String(contentsOf: Self.fixtures.appendingPathComponent("v4-\(listing).json"), encoding: .utf8)
            #expect(try run([listing, path, "--json"]).stdout == printed, "\(listing) differ from the v4 build's")
        }
        #expect(try run(["check", path]).stdout.hasPrefix("OK: "))
        // The originals' acquisition paths were on the machine that made the case: exported without them.
        _ = try run(["bundle", path, "--out", folder.path("bundle"), "--exhibits", "none"])
        #expect(try run(["verify", folder.path("bundle")]).stdout.hasPrefix("OK: "))
        let custody = try #require(try decodeJSON(try run(["custody", path, "--json"]).stdout) as? [[String: Any]])
        #expect(Array(custody.compactMap { $0["action"] as? String }.suffix(3)) == ["case.migrate", "analysis.refresh", "export"])
        let analyses = try #require(try decodeJSON(try run(["analyses", path, "--json"]).stdout) as? [[String: Any]])
        #expect(Set(analyses.compactMap { $0["method"] as? String }) == ["content.identical", "entity.shared"])
        let graph = try String(contentsOfFile: folder.path("bundle/data/graph/graph.json"), encoding: .utf8)
        for artifact in try #require(try decodeJSON(try String(contentsOf: Self.fixtures.appendingPathComponent("v4-artifacts.json"),
                                                              encoding: .utf8)) as? [[String: Any]]) {
            #expect(graph.contains("\"id\" : \"\(artifact["id"] as? String ?? "?")\""))
        }
        if Oracles.available {
            let validated = try Command.run(Oracles.path("case_validate"),
                                            ["--built-version", "case-1.5.0", folder.path("bundle/data/graph/case.jsonld")])
            #expect(validated.status == 0 && validated.stdout.contains("Conforms: True"), "\(validated.stdout)")
        }
    }

    @Test func analysesSeriesAndTheCheckHaveCommandsAndJSON() throws {
        let folder = try TemporaryFolder()
        let (path, finding) = try sampleCase(folder)
        let shared = try #require(try decodeJSON(try run(["analyses", path, "--method", "entity.shared", "--json"]).stdout) as? [[String: Any]])
        let first = try #require(shared.first)
        #expect(Set(first.keys) == ["id", "method", "method_version", "parameters", "subject", "score", "statistic", "p_value",
                                    "controls", "result", "interpretation", "limits", "tool", "tool_version", "time", "inputs"])
        #expect(shared.allSatisfy { $0["method"] as? String == "entity.shared" })
        #expect((first["inputs"] as? [[String: Any]])?.first?["role"] as? String == "reference")

        #expect(try run(["series", path, finding]).stdout == "step,value\r\n0,2.5\r\n100,NaN\r\n200,Infinity\r\n300,0.125\r\n")
        let json = try #require(try decodeJSON(try run(["series", path, finding, "--format", "json"]).stdout) as? [[String: Any]])
        #expect(json.first?["name"] as? String == "loss" && json.first?["count"] as? Int == 4)
        #expect((json.first?["points"] as? [[Any]])?[1].last as? String == "NaN")
        let missing = try Command.exhibit(["series", path, "no-such-finding"])
        #expect(missing.status == 1 && missing.stderr.hasPrefix("error: the finding has no series (no-such-finding)"))

        let check = try #require(try decodeJSON(try run(["check", path, "--json"]).stdout) as? [String: Any])
        #expect(check["ok"] as? Bool == true && (check["head"] as? String)?.count == 64)
        _ = try run(["bundle", path, "--out", folder.path("bundle"), "--exhibits", "none"])
        #expect(try run(["verify", folder.path("bundle")]).stdout.hasPrefix("OK: "))
    }

    /// One `sqlite3` edit per table: `check` names it and exits 1, `bundle` refuses the case.
    @Test(arguments: [
        ("UPDATE finding SET summary = 'nothing to see' WHERE kind = 'ml.architecture'", "finding"),
        ("UPDATE artifact SET sha256 = replace(sha256, substr(sha256, 1, 1), 'f') WHERE parent_id IS NOT NULL AND sha256 IS NOT NULL AND rowid = (SELECT MIN(rowid) FROM artifact WHERE parent_id IS NOT NULL AND sha256 IS NOT NULL)", "artifact"),
        ("UPDATE custody SET command = 'exhibit add innocent.zip' WHERE action = 'extract'", "custody"),
        ("UPDATE entity SET value = 'DPO' WHERE value = 'PPO'", "entity"),
        ("UPDATE mention SET role = 'author' WHERE rowid = 1", "mention"),
        ("UPDATE analysis SET interpretation = 'copied' WHERE method = 'entity.shared'", "analysis"),
        ("UPDATE series SET points = substr(points, 1, length(points) - 1) || x'00'", "series"),
        ("UPDATE case_info SET value = 'Another title' WHERE key = 'title'", "case_info"),
    ])
    func anEditWithTheSQLiteShellIsCaughtAndRefused(sql: String, table: String) throws {
        let folder = try TemporaryFolder()
        let (path, _) = try sampleCase(folder)
        let edited = try Command.run("sqlite3", [path, sql])
        #expect(edited.status == 0, "\(edited.stderr)")
        let check = try Command.exhibit(["check", path, "--json"])
        #expect(check.status == 1)
        let report = try #require(try decodeJSON(check.stdout) as? [String: Any])
        let failure = try #require((report["failures"] as? [[String: Any]])?.first)
        #expect(failure["record"] is Int)
        if table == "custody" {
            #expect((failure["message"] as? String)?.contains("changed after it was written") == true)
        } else {
            #expect(failure["table"] as? String == table, "\(failure)")
        }
        let bundle = try Command.exhibit(["bundle", path, "--out", folder.path("bundle")])
        #expect(bundle.status == 1 && bundle.stderr.contains("fails its tamper check"), "\(bundle.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.path("bundle")))
    }
}
