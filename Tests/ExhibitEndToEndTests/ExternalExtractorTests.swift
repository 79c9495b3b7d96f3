import ExhibitTestSupport
import Foundation
import Testing

/// External extractors through the binary: the reference Python plugin end to end, and plugins
/// that misbehave in every way the issue lists — each failure contained to its artifact (or, at
/// start, to the plugin), reported, and the rest of the case complete.
@Suite struct ExternalExtractorTests {
    private let referencePlugins = Repository.samples.appendingPathComponent("plugins/python").path
    private let helper = Repository.samples.appendingPathComponent("plugins/python/python_dependencies/exhibit_plugin.py")
    private let script = Repository.root.appendingPathComponent("Tests/ExhibitEndToEndTests/Plugins/misbehaving.py")

    /// A plugin folder for `misbehaving.py` in `mode`.
    private func plugin(_ mode: String, in folder: TemporaryFolder) throws -> String {
        let path = folder.path("plugin-\(mode)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: helper.path, toPath: path + "/exhibit_plugin.py")
        try FileManager.default.copyItem(atPath: script.path, toPath: path + "/misbehaving.py")
        try Data(#"{"id": "misbehaving", "version": "1.0.0", "protocol": 1, "command": ["python3", "misbehaving.py", "\#(mode)"]}"#.utf8)
            .write(to: URL(fileURLWithPath: path + "/extractor.json"))
        return path
    }

    /// A production of three files; the middle one makes the plugin misbehave.
    private func production(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("production")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        for (name, text) in [("a.dep", "fine"), ("b.dep", "BAD"), ("c.dep", "fine too")] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name))
        }
        return path
    }

    private func addWith(_ mode: String) throws -> (result: CommandResult, findings: [[String: Any]], custody: [[String: Any]]) {
        let folder = try TemporaryFolder()
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        let started = Date()
        // A hang is stopped at the time budget: short for those, generous for the rest (a loaded machine).
        let seconds = ["hang", "ignore_term", "grandchild"].contains(mode) ? 3 : 20
        let result = try Command.exhibit(["add", dispute, try production(in: folder), "--plugin-dir", try plugin(mode, in: folder),
                                          "--budget", "seconds_per_artifact=\(seconds)", "--budget", "plugin_memory_bytes=512MiB"])
        #expect(Date().timeIntervalSince(started) < 60, "\(mode) held the host up")
        let findings = try decodeJSON(try Command.exhibit(["findings", dispute, "--json"]).stdout) as? [[String: Any]] ?? []
        let custody = try decodeJSON(try Command.exhibit(["custody", dispute, "--json"]).stdout) as? [[String: Any]] ?? []
        let artifacts = try decodeJSON(try Command.exhibit(["artifacts", dispute, "--json"]).stdout) as? [[String: Any]] ?? []
        #expect(artifacts.count == 3, "\(mode): every original is in the case")
        return (result, findings, custody)
    }

    private func kinds(_ findings: [[String: Any]], on name: String) -> [String] {
        findings.filter { ($0["evidence_path"] as? String)?.hasSuffix(name) == true }.compactMap { $0["kind"] as? String }
    }

    @Test(arguments: ["crash_mid", "hang", "ignore_term", "grandchild", "allocate", "wrong_id"])
    func aFailureCostsOneArtifactOnly(_ mode: String) throws {
        let (result, findings, custody) = try addWith(mode)
        #expect(result.status == 0, "\(mode): \(result.stderr)")
        #expect(kinds(findings, on: "a.dep") == ["test.ok"], "\(mode)")
        #expect(kinds(findings, on: "c.dep") == ["test.ok"], "\(mode): a fresh process served the next artifact")
        let error = findings.first { ($0["evidence_path"] as? String)?.hasSuffix("b.dep") == true && $0["kind"] as? String == "extraction.error" }
        let summary = try #require(error?["summary"] as? String, "\(mode): no extraction error on b.dep")
        #expect((error?["attributes"] as? [String: Any])?["extractor"] as? String == "misbehaving")
        // A failure the host saw names the plugin and its folder; one the plugin reported is its own message.
        #expect(mode == "allocate" || summary.contains("external extractor misbehaving"), "\(summary)")
        let expected = ["crash_mid": "signal 11", "hang": "time budget", "ignore_term": "time budget", "grandchild": "time budget",
                        "allocate": "MemoryError", "wrong_id": "it was not sent"][mode]!
        #expect(summary.contains(expected), "\(mode): \(summary)")
        // A MemoryError under the memory limit is reported by the plugin itself, which lives on;
        // every other failure costs its process.
        let report = try #require(custody.first { $0["action"] as? String == "extractors.report" }, "\(mode)")
        let plugins = ((report["details"] as? [String: Any])?["out_of_process"] as? [[[String: Any]]])?.first ?? []
        #expect((plugins.first?["failures"] as? Int) == (mode == "allocate" ? 0 : 1), "\(mode)")
    }

    @Test(arguments: [("crash_at_start", "closed its output before its handshake"),
                      ("garbage", "Loading model weights"), ("version", "speaks protocol version 2")])
    func aPluginThatCannotStartIsReportedAndTheCaseGoesOn(_ mode: String, _ message: String) throws {
        let (result, findings, custody) = try addWith(mode)
        #expect(result.status == 0)
        #expect(result.stderr.contains("external extractor not used") && result.stderr.contains(message), "\(result.stderr)")
        #expect(findings.allSatisfy { $0["kind"] as? String != "test.ok" })
        let run = try #require(custody.first { $0["action"] as? String == "extractors" })
        let unavailable = (run["details"] as? [String: Any])?["unavailable"] as? [[String: Any]]
        #expect((unavailable?.first?["reason"] as? String)?.contains(message) == true, "\(String(describing: unavailable))")
    }

    @Test func findingsAfterTheEndAreRefusedAndSaid() throws {
        let (result, findings, _) = try addWith("after_end")
        #expect(result.status == 0)
        #expect(!findings.contains { $0["kind"] as? String == "test.late" })
        #expect(findings.contains { ($0["summary"] as? String)?.contains("wrote after its end frame") == true })
        #expect(kinds(findings, on: "c.dep").contains("test.ok"))
    }

    /// The reference plugin, end to end: its findings in the case and the bundle like any other's,
    /// its folder, files and protections in custody.
    @Test func thePythonDependenciesPluginEndToEnd() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("d.exhibit")
        #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
        let examples = Repository.samples.appendingPathComponent("plugins/python/python_dependencies/examples").path
        let added = try Command.exhibit(["add", dispute, examples, "--plugin-dir", referencePlugins])
        #expect(added.status == 0, "\(added.stderr)")
        let requirements = try decodeJSON(try Command.exhibit(["findings", dispute, "--kind", "dependency.requirement", "--json"]).stdout)
            as? [[String: Any]] ?? []
        #expect(requirements.contains { ($0["attributes"] as? [String: Any])?["name"] as? String == "torch" })
        #expect(requirements.allSatisfy { ($0["extractor"] as? [String: String])?["id"] == "python_dependencies" })
        let custody = try decodeJSON(try Command.exhibit(["custody", dispute, "--json"]).stdout) as? [[String: Any]] ?? []
        let run = try #require(custody.first { $0["action"] as? String == "extractors" })
        let outOfProcess = try #require((run["details"] as? [String: Any])?["out_of_process"] as? [[String: Any]])
        #expect((outOfProcess.first?["files_sha256"] as? [String: String])?["pydeps.py"]?.count == 64)
        #expect((outOfProcess.first?["protections"] as? [String])?.contains("no new privileges") == true)
        let bundle = folder.path("bundle")
        #expect(try Command.exhibit(["bundle", dispute, "--out", bundle]).status == 0)
        let csv = try String(contentsOfFile: bundle + "/data/graph/findings.csv", encoding: .utf8)
        #expect(csv.contains("dependency.requirement"))
        let report = try String(contentsOfFile: bundle + "/data/report/index.html", encoding: .utf8)
        #expect(report.contains("python_dependencies") && report.contains("does not see what was"))
        #expect(report.contains("each process sandboxed with") && report.contains("no new privileges"))
        #expect(try Command.exhibit(["verify", bundle]).status == 0)
    }

    /// The Swift example: a package that turns an `Extractor` into a plugin in a few lines, built
    /// as its README says, checked as an author checks it, and used on its examples.
    @Test func theSwiftExampleBuildsAndPassesItsCheck() throws {
        let package = Repository.samples.appendingPathComponent("plugins/swift/license_files").path
        let built = try Command.run("swift", ["build", "--package-path", package])
        #expect(built.status == 0, "\(built.stdout.suffix(2000))\(built.stderr.suffix(2000))")
        let check = try Command.exhibit(["extractors", "--check", "--plugin-dir", package])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("license_files 1.0.0") && check.stdout.contains("all hold"))
        let extracted = try Command.exhibit(["extract", package + "/examples/LICENSE", "--plugin-dir", package, "--json"])
        #expect(extracted.stdout.contains("Apache-2.0"), "\(extracted.stderr)")
    }

    /// `--isolate` runs the built-in extractors as sandboxed children: the same graph.
    @Test func theSampleCaseGivesTheSameGraphIsolated() throws {
        let folder = try TemporaryFolder()
        var graphs: [String] = []
        for isolate in [false, true] {
            let dispute = folder.path("d-\(isolate).exhibit")
            #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
            for party in ["claimant", "respondent"] {
                let added = try Command.exhibit(["add", dispute, Repository.samples.appendingPathComponent("case/\(party)").path,
                                                 "--party", party] + (isolate ? ["--isolate"] : []))
                #expect(added.status == 0, "\(added.stderr)")
            }
            graphs.append(try Command.exhibit(["graph", dispute, "--format", "json"]).stdout)
        }
        // The custody entries differ (runs, times), and so does the time each analysis ran; the
        // artifacts, findings, entities and the analyses themselves may not.
        func nodes(_ graph: String) throws -> [String] {
            let object = try #require(try decodeJSON(graph) as? [String: Any])
            let all = (object["nodes"] as? [[String: Any]]) ?? []
            return try all.filter { $0["kind"] as? String != "custody" }
                .map { $0["kind"] as? String == "analysis" ? $0.filter { $0.key != "time" } : $0 }
                .map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
        }
        #expect(try nodes(graphs[0]) == nodes(graphs[1]))
        #expect(try nodes(graphs[0]).count > 50)
    }

    /// An isolated extractor is told the artifact's modification time: a yearless syslog line
    /// gets its year from the file's mtime, as it does in process.
    @Test func anIsolatedExtractorAnchorsYearlessTimesOnTheFilesModificationTime() throws {
        let folder = try TemporaryFolder()
        let log = folder.path("messages")
        try "Mar  3 10:00:00 aurora-gpu-01 trainer[42]: step 1 done\n".write(toFile: log, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_717_200_000)], ofItemAtPath: log)  // 2024-06-01
        var times: [String] = []
        for isolate in [false, true] {
            let dispute = folder.path("d-\(isolate).exhibit")
            #expect(try Command.exhibit(["init", dispute, "--title", "t", "--examiner", "e"]).status == 0)
            let added = try Command.exhibit(["add", dispute, log] + (isolate ? ["--isolate"] : []))
            #expect(added.status == 0, "\(added.stderr)")
            let found = try Command.exhibit(["findings", dispute, "--kind", "log.event", "--json"])
            let events = try #require(try decodeJSON(found.stdout) as? [[String: Any]])
            let event = try #require(events.first)
            #expect((event["attributes"] as? [String: Any])?["year_anchor"] as? String == "2024-06-01T00:00:00Z")
            times.append((event["time"] as? [String: Any])?["utc"] as? String ?? "")
        }
        #expect(times == ["2024-03-03T10:00:00Z", "2024-03-03T10:00:00Z"])
    }
}
