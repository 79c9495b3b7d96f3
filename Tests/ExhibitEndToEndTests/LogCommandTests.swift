import ExhibitTestSupport
import Foundation
import Testing

/// Logs through the binary: each party's training log in a case, on one timeline in time order
/// with Timesketch's columns; a DST fold and gap under `--timezone`; a syslog year anchored on
/// the file's modification time; a compressed log through the archive layer.
@Suite(.serialized) struct LogCommandTests {
    private func run(_ arguments: [String]) throws -> CommandResult {
        let result = try Command.exhibit(arguments)
        #expect(result.status == 0, "\(arguments.first ?? ""): \(result.stderr)")
        return result
    }

    private func newCase(_ folder: TemporaryFolder) throws -> String {
        let path = folder.path("dispute.exhibit")
        _ = try run(["init", path, "--title", "Aurora v. Borealis", "--examiner", "J. Doe"])
        return path
    }

    private func jsonLines(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map { try #require(try decodeJSON(String($0)) as? [String: Any]) }
    }

    private func findings(_ path: String, kind: String) throws -> [[String: Any]] {
        try #require(try decodeJSON(try run(["findings", path, "--kind", kind, "--json"]).stdout) as? [[String: Any]])
    }

    @Test func thePartiesTrainingRunsOnOneTimeline() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let samples = Repository.samples.appendingPathComponent("case")
        _ = try run(["add", dispute, samples.appendingPathComponent("respondent/training-run.log").path, "--party", "respondent"])
        _ = try run(["add", dispute, samples.appendingPathComponent("claimant/training-run.log").path, "--party", "claimant"])
        let events = try jsonLines(try run(["timeline", dispute, "--format", "jsonl"]).stdout)
        // 7 lines and a run's start and end per party: 18 events, the claimant's all first.
        #expect(events.count == 18)
        #expect(events.prefix(9).allSatisfy { $0["party"] as? String == "claimant" })
        let first = try #require(events.first)
        #expect(first["datetime"] as? String == "2024-02-10T00:00:00.000000+00:00")
        #expect(first["timestamp"] as? Int64 == 1_707_523_200_000_000 || first["timestamp"] as? Int == 1_707_523_200_000_000)
        #expect(first["time_original"] as? String == "2024-02-10T09:00:00+09:00")
        #expect(first["time_zone_source"] as? String == "explicit_offset")
        #expect(first["timestamp_desc"] as? String == "Log line time")
        #expect((first["locator"] as? String)?.hasPrefix("bytes=0+") == true)
        let timestamps = events.compactMap { ($0["timestamp"] as? NSNumber)?.int64Value }
        #expect(timestamps == timestamps.sorted() && timestamps.count == 18)
        #expect(events.contains { $0["kind"] as? String == "training.run_start" && $0["timestamp_desc"] as? String == "Training run start" })
        // Filters, and CSV with the same columns.
        let respondent = try jsonLines(try run(["timeline", dispute, "--format", "jsonl", "--party", "respondent",
                                                "--kind", "training.*"]).stdout)
        #expect(respondent.map { $0["kind"] as? String } == ["training.run_start", "training.run_end"])
        let late = try jsonLines(try run(["timeline", dispute, "--format", "jsonl", "--from", "2024-06-03T15:20:00Z"]).stdout)
        #expect(late.count == 3)
        let csv = try run(["timeline", dispute]).stdout
        #expect(csv.hasPrefix("message,datetime,timestamp,timestamp_desc,time_original,time_zone_source,exhibit,party,"))
        #expect(csv.components(separatedBy: "\r\n").count == 20)
        // Each party's run: PPO from the critic's loss, a policy-gradient actor, RLHF's KL.
        let techniques = try findings(dispute, kind: "rl.technique").compactMap { ($0["attributes"] as? [String: Any])?["technique"] as? String }
        #expect(techniques.sorted() == ["POLICY_GRADIENT", "POLICY_GRADIENT", "PPO", "PPO", "RLHF", "RLHF"])
        #expect(try Command.exhibit(["timeline", dispute, "--from", "yesterday"]).status != 0)
    }

    @Test func aDSTFoldIsAmbiguousAndAGapIsAWarning() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        _ = try run(["add", dispute, Repository.format("log/dst/berlin.log"), "--timezone", "Europe/Berlin"])
        let events = try jsonLines(try run(["timeline", dispute, "--format", "jsonl", "--kind", "log.event"]).stdout)
        let byOriginal = Dictionary(uniqueKeysWithValues: events.map { ($0["time_original"] as? String ?? "", $0) })
        let before = try #require(byOriginal["2024-10-27 01:30:00,000"])
        #expect(before["datetime"] as? String == "2024-10-26T23:30:00.000000+00:00")
        let fold = try #require(byOriginal["2024-10-27 02:30:00,000"])
        #expect(fold["datetime"] as? String == "2024-10-27T00:30:00.000000+00:00")
        #expect((fold["time_zone_source"] as? String)?.hasSuffix(
            "ambiguous (DST fold): 2024-10-27T00:30:00Z or 2024-10-27T01:30:00Z") == true, "\(fold)")
        let after = try #require(byOriginal["2024-10-27 03:30:00,000"])
        #expect(after["datetime"] as? String == "2024-10-27T02:30:00.000000+00:00")
        let gap = try #require(byOriginal["2024-03-31 02:30:00,000"])
        #expect((gap["time_zone_source"] as? String)?.contains("nonexistent (DST gap)") == true)
        let warnings = try findings(dispute, kind: "extraction.warning")
        #expect(warnings.filter { ($0["summary"] as? String)?.contains("DST gap") == true }.count == 1)
    }

    @Test func aSyslogYearIsInferredFromTheFilesModificationTime() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let copy = folder.path("auth.log")
        try FileManager.default.copyItem(atPath: Repository.format("log/syslog/auth.log"), toPath: copy)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1_735_905_600)], ofItemAtPath: copy)
        _ = try run(["add", dispute, copy])
        let events = try findings(dispute, kind: "log.event")
        #expect(events.count == 6)
        let first = try #require(events.first?["time"] as? [String: Any])
        #expect(first["utc"] as? String == "2024-12-30T23:58:01Z")
        #expect((first["zone_source"] as? String)?.hasPrefix("assumed:UTC (no --timezone given)") == true)
        let attributes = try #require(events.first?["attributes"] as? [String: Any])
        #expect(attributes["year_anchor"] as? String == "2025-01-03T12:00:00Z")
        #expect((events.last?["time"] as? [String: Any])?["utc"] as? String == "2025-01-02T09:15:00Z")
    }

    @Test func aCompressedLogIsReadThroughTheArchiveLayer() throws {
        let folder = try TemporaryFolder()
        let dispute = try newCase(folder)
        let copy = folder.path("train.log")
        try FileManager.default.copyItem(atPath: Repository.format("log/megatron/train.log"), toPath: copy)
        #expect(try Command.run("gzip", ["-k", copy]).status == 0)
        _ = try run(["add", dispute, copy + ".gz"])
        #expect(try findings(dispute, kind: "log.event").count == 3)
        #expect(try findings(dispute, kind: "training.run").count == 1)
    }
}
