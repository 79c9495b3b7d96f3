import ExhibitTestSupport
import Foundation
import Testing

/// The `exhibit` binary, run as a user runs it, on the sample case.
@Suite(.serialized) struct CommandLineTests {
    private let claimant = Repository.samples.appendingPathComponent("case/claimant/internal-drop.tar.xz").path
    private let release = Repository.samples.appendingPathComponent("case/respondent/release-v2.tar.gz").path
    private let codeDrop = Repository.samples.appendingPathComponent("case/respondent/code-drop.zip").path

    private func newCase(_ folder: TemporaryFolder, _ name: String = "dispute.exhibit") throws -> String {
        let path = folder.path(name)
        let result = try Command.exhibit(["init", path, "--title", "Aurora v. Borealis", "--examiner", "J. Doe",
                                          "--organization", "Example Forensics"])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    private func json(_ arguments: [String]) throws -> Any {
        let result = try Command.exhibit(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try decodeJSON(result.stdout)
    }

    @Test func theSampleCaseEndToEnd() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let added = try Command.exhibit(["add", dispute, release, codeDrop, "--party", "respondent"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("EX-0001  release-v2.tar.gz"))
        #expect(try Command.exhibit(["add", dispute, claimant, "--party", "claimant", "--timezone", "Europe/London"]).status == 0)

        let summary = try #require(try json(["show", dispute, "--json"]) as? [String: Any])
        #expect(summary["parties"] as? [String: Int] == ["claimant": 1, "respondent": 2])
        #expect((summary["exhibits"] as? [[String: Any]])?.compactMap { $0["exhibit"] as? String } == ["EX-0001", "EX-0002", "EX-0003"])

        let artifacts = try #require(try json(["artifacts", dispute, "--json"]) as? [[String: Any]])
        let nested = try #require(artifacts.first { ($0["evidence_path"] as? String)?.hasSuffix("model.safetensors.index.json") == true })
        #expect(nested["depth"] as? Int == 2)
        #expect(nested["exhibit"] as? String == "EX-0001")
        #expect((nested["sha256"] as? String)?.count == 64)

        let formats = try #require(try json(["findings", dispute, "--kind", "archive.format", "--json"]) as? [[String: Any]])
        #expect(formats.count == 4)
        let zipTimes = try #require(try json(["findings", dispute, "--kind", "archive.member_time", "--exhibit", "EX-0002", "--json"]) as? [[String: Any]])
        #expect((zipTimes.first?["time"] as? [String: String])?["zone_source"] == "assumed:UTC (no --timezone given)")

        let custody = try #require(try json(["custody", dispute, "--json"]) as? [[String: Any]])
        // Each run records the extractors it may use; each add that wrote an original refreshes the
        // host's analyses, as one more committed write.
        #expect(custody.compactMap { $0["action"] as? String }
            == ["case.create", "extractors", "acquire", "extract", "acquire", "extract", "analysis.refresh",
                "extractors", "acquire", "extract", "analysis.refresh"])
        let acquisition = try #require(custody[2]["details"] as? [String: String])
        #expect(acquisition["source_path"] == release)
        #expect(acquisition["opened"] == "read-only (O_RDONLY)")
        #expect(custody[2]["examiner"] as? String == "J. Doe")
        // Each run records the extractors it may use, as they describe themselves, with their options.
        let run = try #require(custody[1]["details"] as? [String: Any])
        let extractors = try #require(run["extractors"] as? [[String: Any]])
        #expect(extractors.compactMap { ($0["descriptor"] as? [String: Any])?["id"] as? String } == ["archive", "config", "notebook", "weights", "log", "code", "tokenizer"])
        #expect((extractors[1]["options"] as? [String: Int])?["max_entries"] == 50_000)
    }

    /// A production folder, with the case inside it: its files become exhibits in byte order of
    /// their paths and are named by them; a link and the case's own files are skipped, said so
    /// and logged; adding the folder again adds nothing.
    @Test func aFolderIsAcquiredFileByFile() throws {
        let folder = try TemporaryFolder()
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production + "/respondent", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: release, toPath: production + "/respondent/release-v2.tar.gz")
        try FileManager.default.copyItem(atPath: codeDrop, toPath: production + "/respondent/code-drop.zip")
        try FileManager.default.copyItem(atPath: claimant, toPath: production + "/claimant.tar.xz")
        try FileManager.default.createSymbolicLink(atPath: production + "/shortcut.zip", withDestinationPath: "respondent/code-drop.zip")
        let dispute = try newCase(folder, "production/dispute.exhibit")

        let added = try Command.exhibit(["add", dispute, production, "--party", "respondent", "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        let outcomes = try #require(try decodeJSON(added.stdout) as? [[String: Any]])
        let files = outcomes.filter { $0["status"] as? String == "added" }
        #expect(files.compactMap { $0["exhibit"] as? String } == ["EX-0001", "EX-0002", "EX-0003"])
        #expect(files.compactMap { ($0["summary"] as? [String: Any])?["name"] as? String }
            == ["production/claimant.tar.xz", "production/respondent/code-drop.zip", "production/respondent/release-v2.tar.gz"])
        let skipped = outcomes.filter { $0["status"] as? String == "skipped" }.compactMap { $0["path"] as? String }
        #expect(skipped.contains(production + "/shortcut.zip"))
        #expect(skipped.contains(dispute))
        #expect(skipped.allSatisfy { $0.hasPrefix(dispute) || $0.hasSuffix("shortcut.zip") }, "\(skipped)")
        #expect(outcomes.count == files.count + skipped.count)

        let summary = try #require(try json(["show", dispute, "--json"]) as? [String: Any])
        #expect((summary["exhibits"] as? [[String: Any]])?.compactMap { $0["name"] as? String }
            == ["production/claimant.tar.xz", "production/respondent/code-drop.zip", "production/respondent/release-v2.tar.gz"])
        let custody = try #require(try json(["custody", dispute, "--json"]) as? [[String: Any]])
        let link = custody.first { ($0["details"] as? [String: String])?["source_path"] == production + "/shortcut.zip" }
        #expect(link?["action"] as? String == "acquire.skipped")
        #expect(((link?["details"] as? [String: String])?["reason"])?.contains("symbolic link to respondent/code-drop.zip") == true)

        let graph = try Command.exhibit(["graph", dispute, "--format", "jsonld"])
        #expect(graph.stdout.contains("\"uco-observable:fileName\" : \"code-drop.zip\""), "\(graph.stdout.prefix(300))")
        #expect(graph.stdout.contains("\"uco-observable:filePath\" : \"production/respondent/code-drop.zip\""))

        let again = try Command.exhibit(["add", dispute, production])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.isEmpty)
        #expect(again.stderr.contains("already in the case as EX-0003"))
        #expect((try json(["show", dispute, "--json"]) as? [String: Any])?["artifact_count"] as? Int
            == summary["artifact_count"] as? Int)
    }

    @Test func addingTheSameOriginalTwiceIsReportedNotDuplicated() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        #expect(try Command.exhibit(["add", dispute, codeDrop]).status == 0)
        let copy = folder.path("renamed-copy.zip")
        try FileManager.default.copyItem(atPath: codeDrop, toPath: copy)
        let again = try Command.exhibit(["add", dispute, copy])
        #expect(again.status == 0)
        #expect(again.stderr.contains("already in the case as EX-0001"))
        let artifacts = try #require(try json(["artifacts", dispute, "--json"]) as? [[String: Any]])
        #expect(artifacts.filter { $0["container_id"] is NSNull }.count == 1)
    }

    /// `--timezone` re-reads DOS wall-clock times, never a zip's UTC extended timestamps.
    /// In memory or, with too little `memory_bytes`, streamed: the same times.
    @Test(arguments: [[], ["--budget", "memory_bytes=100"]])
    func theTimezoneOptionLeavesUTCZipTimesAlone(_ budget: [String]) throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let added = try Command.exhibit(["add", dispute, Repository.format("archive/utc-times.zip"), "--timezone", "Europe/Paris"]
                                        + budget)
        #expect(added.status == 0, "\(added.stderr)")
        let times = try #require(try json(["findings", dispute, "--kind", "archive.member_time", "--json"]) as? [[String: Any]])
        let byMember = Dictionary(uniqueKeysWithValues: times.compactMap { finding -> (String, [String: String])? in
            guard let member = (finding["attributes"] as? [String: Any])?["member"] as? String,
                  let time = finding["time"] as? [String: String] else { return nil }
            return (member, time)
        })
        #expect(byMember["code/train.py"]?["utc"] == "2024-03-01T12:00:00Z")
        #expect(byMember["code/train.py"]?["zone_source"] == "utc")
        #expect(byMember["code/notes.txt"]?["utc"] == "2024-03-01T12:00:00Z")
        #expect(byMember["code/notes.txt"]?["zone_source"] == "assumed:Europe/Paris (--timezone)")
    }

    @Test func hostileArchivesAreCaseFindingsNotCrashes() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let hostile = try FileManager.default.contentsOfDirectory(atPath: Repository.format("archive/hostile"))
            .sorted().map { Repository.format("archive/hostile/\($0)") }
        let result = try Command.exhibit(["add", dispute] + hostile + ["--party", "respondent"])
        #expect(result.status == 0, "\(result.stderr)")
        let anomalies = try #require(try json(["findings", dispute, "--kind", "archive.anomaly", "--json"]) as? [[String: Any]])
        let kinds = Set(anomalies.compactMap { ($0["attributes"] as? [String: Any])?["anomaly"] as? String })
        #expect(kinds.isSuperset(of: ["path_traversal", "absolute_path", "duplicate_name", "case_collision",
                                      "unicode_normalization_collision", "encrypted_member", "truncated",
                                      "corrupt_header", "symlink_escapes", "non_utf8_name", "trailing_data",
                                      "corrupt_stream", "truncated_member", "control_characters"]))
        #expect(anomalies.allSatisfy { ($0["locator"] as? [String: Any]) != nil && ($0["evidence_path"] as? String) != nil })
        // Nothing was written outside the case folder, and the originals are untouched.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path).filter { !$0.hasPrefix("dispute.exhibit") }.isEmpty)
    }

    /// Names that disguise themselves (a terminal escape, a forged line, a right-to-left
    /// override) are shown escaped wherever people read them, and exact where machines do.
    @Test func disguisedNamesAreShownForWhatTheyAre() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        #expect(try Command.exhibit(["add", dispute, Repository.format("archive/hostile/control-names.tar")]).status == 0)
        let listed = try Command.exhibit(["artifacts", dispute])
        #expect(!listed.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(listed.stdout.split(separator: "\n").count == 5, "one line per artifact:\n\(listed.stdout)")
        for shown in [#"\x1b[2Jcleared.txt"#, #"invoice\u{202E}fdp.exe"#, #"two\nEX-0002  file  lines.txt"#] {
            #expect(listed.stdout.contains(shown), "\(shown) in\n\(listed.stdout)")
        }
        let findings = try Command.exhibit(["findings", dispute, "--kind", "archive.anomaly"])
        #expect(findings.stdout.contains("U+202E RIGHT-TO-LEFT OVERRIDE"))
        // Exact in JSON.
        let artifacts = try #require(try json(["artifacts", dispute, "--json"]) as? [[String: Any]])
        #expect(Set(artifacts.compactMap { $0["member_path"] as? String })
                == ["invoice\u{202E}fdp.exe", "\u{1B}[2Jcleared.txt", "two\nEX-0002  file  lines.txt", "plain.txt"])
        // GraphML is well-formed XML (XML 1.0 cannot hold most control characters); the report escapes them.
        let graphML = try Command.exhibit(["graph", dispute, "--format", "graphml"])
        let file = folder.path("graph.graphml")
        try graphML.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let parsed = try Command.run("python3", ["-c", "import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])", file])
        #expect(parsed.status == 0, "\(parsed.stderr)")
        #expect(try Command.exhibit(["bundle", dispute, "--out", folder.path("bundle")]).status == 0)
        let report = try String(contentsOfFile: folder.path("bundle/data/report/index.html"), encoding: .utf8)
        #expect(!report.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        #expect(report.contains(#"invoice\u{202E}fdp.exe"#))
    }

    @Test func errorsAreOneLineNamingTheFile() throws {
        let folder = try TemporaryFolder()
        let missingCase = try Command.exhibit(["show", folder.path("nope.exhibit")])
        #expect(missingCase.status != 0)
        #expect(missingCase.stderr.hasPrefix("error: ") && missingCase.stderr.contains("nope.exhibit"))
        #expect(missingCase.stderr.split(separator: "\n").count == 1)

        let dispute = try newCase(folder)
        let missingFile = try Command.exhibit(["add", dispute, folder.path("ghost.tar"), codeDrop])
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr.contains("ghost.tar"))
        #expect(missingFile.stdout.contains("EX-0001  code-drop.zip"), "the rest of the case goes on")

        let badBudget = try Command.exhibit(["add", dispute, codeDrop, "--budget", "archive_dept=2"])
        #expect(badBudget.status != 0 && badBudget.stderr.contains("archive_depth"))
        // A FIFO given itself is refused before it is opened (a read would wait forever).
        let fifo = folder.path("pipe")
        #expect(mkfifo(fifo, 0o600) == 0)
        let fifoGiven = try Command.exhibit(["add", dispute, fifo])
        #expect(fifoGiven.status == 2 && fifoGiven.stderr.contains("not a regular file"))
        #expect(try Command.exhibit(["init", dispute, "--title", "again"]).status != 0)
    }

    @Test(arguments: ["init", "add", "show", "artifacts", "findings", "custody", "extractors", "extract"])
    func everyCommandHasHelp(_ command: String) throws {
        let result = try Command.exhibit([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("USAGE: exhibit \(command)"))
    }

    @Test func extractorsAndExtractForAuthors() throws {
        let extractors = try #require(try json(["extractors", "--json"]) as? [[String: Any]])
        #expect(extractors.first?["id"] as? String == "archive")
        #expect(extractors.first?["origin"] as? String == "built-in")
        let extracted = try #require(try json(["extract", Repository.format("archive/nested.tar.gz"), "--json"]) as? [String: Any])
        let artifacts = try #require(extracted["artifacts"] as? [[String: Any]])
        #expect(artifacts.contains { ($0["evidence_path"] as? String)?.hasSuffix("deepest/secret-plan.txt") == true })
        #expect(artifacts.allSatisfy { $0["exhibit"] is NSNull })
    }
}

/// Configuration evidence through the binary: the architectures and recipes of both parties.
@Suite(.serialized) struct ConfigCommandLineTests {
    @Test func architecturesOfBothPartiesMeetByFingerprint() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("dispute.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        let configs = ["llama-style/config.json", "llama-style/params.json", "qwen-style/config.json"]
            .map { Repository.format("config/" + $0) }
        #expect(try Command.exhibit(["add", dispute] + configs).status == 0)
        let result = try Command.exhibit(["findings", dispute, "--kind", "ml.architecture", "--json"])
        let findings = try #require(try decodeJSON(result.stdout) as? [[String: Any]])
        let fingerprints = findings.compactMap { ($0["attributes"] as? [String: Any])?["fingerprint"] as? String }
        #expect(fingerprints.count == 3)
        #expect(fingerprints[0] == fingerprints[1] && fingerprints[0] != fingerprints[2])
        let graph = try #require(try decodeJSON(try Command.exhibit(["graph", dispute, "--format", "json"]).stdout) as? [String: Any])
        let mentions = (graph["edges"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "mentions" }
        let fingerprintEntity = try #require((graph["nodes"] as? [[String: Any]])?.first {
            $0["entity_kind"] as? String == "architecture_fingerprint" && $0["value"] as? String == fingerprints[0]
        })
        #expect(mentions.filter { $0["target"] as? String == fingerprintEntity["id"] as? String }.count == 2)
    }

    @Test func aGibibyteSingleLineJSONIsHashedNotLoaded() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("huge.json")
        _ = FileManager.default.createFile(atPath: path, contents: Data("{\"blob\": \"".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<1024 { try handle.write(contentsOf: chunk) }
        try handle.write(contentsOf: Data("\"}".utf8))
        try handle.close()
        let result = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(try decodeJSON(result.stdout) as? [String: Any])
        let findings = try #require(output["findings"] as? [[String: Any]])
        #expect(findings.contains { $0["kind"] as? String == "limitation" })
        #expect(result.maxResidentBytes < 150 << 20, "peak RSS \(result.maxResidentBytes)")
    }
}
