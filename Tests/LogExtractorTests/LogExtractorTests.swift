import EvidenceFormats
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import LogExtractor

@Suite struct LogExtractorTests {
    @Test func examplesHold() {
        for failure in ExampleVerifier.verify(LogExtractor.self, samples: Repository.formats) {
            Issue.record(Comment(rawValue: failure.description))
        }
    }

    /// RFC 3164 across a year's end, anchored on a modification time in January 2025: December's
    /// lines are 2024, January's 2025, each said to be inferred, with its anchor.
    @Test func syslogYearsAreInferredFromTheModificationTime() throws {
        let findings = try extractLogSample("syslog/auth.log", modified: utc(2025, 1, 3, 12))
        let events = findings.of("log.event")
        #expect(events.count == 6)
        #expect(events.map { $0.attributes["year_inferred"] } == [2024, 2024, 2024, 2025, 2025, 2025])
        #expect(events.allSatisfy { $0.attributes["year_anchor"] == "2025-01-03T12:00:00Z" })
        #expect(events[0].timestamp?.secondsSinceEpoch == utc(2024, 12, 30, 23, 58, 1))
        #expect(events[0].timestamp?.zone == .unspecified)
        #expect(events[3].timestamp?.secondsSinceEpoch == utc(2025, 1, 1, 0, 0, 3))
        #expect(events[0].attributes["host"] == "aurora-gpu-01" && events[0].attributes["program"] == "sshd")
        #expect(events[0].locator == Locator(byteOffset: 0, byteLength: 103, line: 1))
        #expect(events[1].locator.byteOffset == 104 && events[1].locator.line == 2)
        let summary = try #require(findings.of("log.summary").first)
        #expect(summary.attributes["untimed_lines"] == 1 && summary.attributes["year_inferred_events"] == 6)
    }

    /// RFC 3164 as RFC 3164 itself shows it, with a priority: the level from the priority, the
    /// host after the time; a time in the middle of a message is not a syslog header.
    @Test func syslogPriorityAndHeader() throws {
        let text = "<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8\n"
            + "kernel: Oct 11 22:14:16 not a header\n"
        let events = try extractLog("messages", text, modified: utc(2024, 11, 1)).of("log.event")
        #expect(events.count == 2)
        #expect(events[0].attributes["level"] == "CRIT" && events[0].attributes["host"] == "mymachine"
                && events[0].attributes["program"] == "su")
        #expect(events[0].timestamp?.secondsSinceEpoch == utc(2024, 10, 11, 22, 14, 15))
        #expect(events[1].attributes["host"] == nil)
    }

    /// A log whose first line is after the anchor's month began the year before; a small
    /// reordering (April, May, April) does not step the year; it never passes the anchor's year.
    @Test func yearInferenceToleratesReorderingAndStopsAtTheAnchor() {
        var years = YearInference(anchor: Timestamp(secondsSinceEpoch: utc(2024, 3, 1), original: "", zone: .utc))
        #expect([11, 12, 1, 2, 3].map { years.year(forMonth: $0) } == [2023, 2023, 2024, 2024, 2024])
        var reordered = YearInference(anchor: Timestamp(secondsSinceEpoch: utc(2024, 6, 1), original: "", zone: .utc))
        #expect([4, 5, 4, 5, 12, 1].map { reordered.year(forMonth: $0) } == [2024, 2024, 2024, 2024, 2024, 2024])
        var none = YearInference(anchor: nil)
        #expect(none.year(forMonth: 5) == nil)
    }

    @Test func february29InACommonInferredYearIsAWarning() throws {
        let findings = try extractLogSample("hostile/feb29.log", modified: utc(2023, 6, 1))
        #expect(findings.of("log.event").count == 2)
        let warning = try #require(findings.first { $0.attributes["problem"] == "nonexistent_date" })
        #expect(warning.locator.line == 2 && warning.summary.contains("2023"))
        let leap = try extractLogSample("hostile/feb29.log", modified: utc(2024, 6, 1))
        #expect(leap.of("log.event").count == 3)
    }

    /// Times read raw: explicit offsets applied, `Z` as UTC, no zone left to the host.
    @Test func isoVariantsKeepTheirZones() throws {
        let events = try extractLogSample("app/iso-variants.log").of("log.event")
        let instants = events.map { $0.timestamp!.secondsSinceEpoch }
        #expect(instants == [utc(2024, 5, 1, 12), utc(2024, 5, 1, 6, 30), utc(2024, 5, 1, 19), utc(2024, 5, 1, 12),
                             utc(2024, 5, 1, 12)])
        #expect(events.map { $0.timestamp!.zone } == [.utc, .explicitOffset, .explicitOffset, .utc, .unspecified])
        #expect(events.map { $0.timestamp!.nanoseconds } == [0, 250_000_000, 500_000_000, 0, 750_000_000])
    }

    @Test func jsonLinesEpochUnitsAreSaid() throws {
        let findings = try extractLogSample("app/events.jsonl")
        let events = findings.of("log.event")
        #expect(events.count == 5)
        #expect(events.map { $0.timestamp!.secondsSinceEpoch } == [utc(2024, 5, 1, 12), utc(2024, 5, 1, 12), utc(2024, 5, 1, 12),
                                                                   utc(2024, 5, 1, 12), utc(2024, 5, 1, 14)])
        #expect(events[2].timestamp?.nanoseconds == 123_000_000 && events[3].timestamp?.nanoseconds == 123_456_000)
        #expect(events[1].summary == "epoch seconds" && events[0].attributes["level"] == "INFO")
        #expect(events[4].timestamp?.zone == .unspecified)
        let warning = try #require(findings.first { $0.attributes["problem"] == "epoch_out_of_range" })
        #expect(warning.locator.line == 6)
    }

    @Test func corruptJSONLineIsAWarningAndTheFileGoesOn() throws {
        let findings = try extractLogSample("hostile/corrupt.jsonl")
        #expect(findings.of("log.event").map(\.summary) == ["fine", "fine again"])
        let warning = try #require(findings.first { $0.attributes["problem"] == "corrupt_json_line" })
        #expect(warning.locator.line == 2 && warning.severity == .warning)
    }

    @Test func impossibleTimesAreWarningsWithTheirLines() throws {
        let findings = try extractLogSample("hostile/impossible-dates.log")
        let warnings = findings.filter { $0.attributes["problem"] == "impossible_time" }
        #expect(warnings.map(\.locator.line) == [1, 2, 3, 4])
        #expect(warnings[0].summary.contains("month 13"))
        #expect(findings.of("log.event").map(\.locator.line) == [5])
    }

    @Test func glogTakesItsYearFromTheHeader() throws {
        let events = try extractLogSample("glog/worker.INFO").of("log.event")
        #expect(events.map { $0.timestamp!.secondsSinceEpoch } == [utc(2024, 12, 31, 23, 50), utc(2024, 12, 31, 23, 59, 59),
                                                                   utc(2025, 1, 1, 0, 0, 1), utc(2025, 1, 1, 0, 5)])
        #expect(events.map { $0.attributes["level"] } == ["INFO", "WARNING", "ERROR", "INFO"])
    }

    @Test func megatronRunMetricsAndSeries() throws {
        let findings = try extractLogSample("megatron/train.log")
        let loss = try #require(findings.of("training.metric").first { $0.attributes["metric"] == "lm loss" })
        let points = try #require(loss.series.first).points
        #expect(points.map(\.x) == [10, 20, 30] && points.map(\.value) == [10.5, 9.5, 8.5])
        let start = try #require(findings.of("training.run_start").first)
        #expect(start.timestamp?.secondsSinceEpoch == utc(2025, 4, 13, 23, 41, 12) && start.timestamp?.zone == .unspecified)
        let run = try #require(findings.of("training.run").first)
        #expect(run.attributes["metrics"]?.description.contains("lm loss") == true)
    }

    /// The Trainer's printed dicts are parsed as literals: strings as numbers, `nan` and `inf`
    /// kept (counted), and nothing evaluated.
    @Test func trainerDictsAreParsedNeverEvaluated() {
        let dict = Array("{'loss': '1.5', 'x': __import__('os').system('true'), 'epoch': 0.1}".utf8)
        #expect(PythonLiteral.dict(in: dict, at: 0) == nil)
        let good = PythonLiteral.dict(in: Array("{'loss': nan, 'lr': '3e-4', 'ok': True, 'shape': (1, [2])}".utf8), at: 0)
        #expect(good?.map(\.key) == ["loss", "lr", "ok", "shape"])
        #expect(good?[0].item.number?.isNaN == true && good?[1].item.number == 3e-4 && good?[2].item == .other)
    }

    @Test func trainerStateReadsNaNAndInfinity() throws {
        let findings = try extractLogSample("trainer-state/trainer_state.json")
        let loss = try #require(findings.of("training.metric").first { $0.attributes["metric"] == "loss" })
        let values = try #require(loss.series.first).points.map(\.value)
        #expect(values.count == 3 && values[1] == .infinity)
        let grad = try #require(findings.of("training.metric").first { $0.attributes["metric"] == "grad_norm" })
        #expect(try #require(grad.series.first).points[1].value.isNaN)
    }

    @Test func techniquesComeFromMetricNames() {
        #expect(MLVocabulary.rlTechniques(forMetric: "rewards/margins").map(\.technique) == ["DPO"])
        #expect(MLVocabulary.rlTechniques(forMetric: "objective/kl").map(\.technique) == ["RLHF"])
        #expect(MLVocabulary.rlTechniques(forMetric: "train/reward_std").map(\.technique) == ["GRPO"])
        #expect(MLVocabulary.rlTechniques(forMetric: "critic/vf_loss").map(\.technique) == ["PPO"])
        #expect(MLVocabulary.rlTechniques(forMetric: "loss").isEmpty)
    }

    @Test func wideAndDamagedTextIsReadAndSaid() throws {
        let wide = try extractLogSample("hostile/utf16.log")
        #expect(wide.of("log.event").map(\.summary) == ["INFO wide text", "INFO café"])
        let invalid = try extractLogSample("hostile/invalid-utf8.log")
        let warning = try #require(invalid.first { $0.attributes["problem"] == "invalid_utf8" })
        #expect(warning.summary.hasPrefix("2 line(s)") && warning.locator.line == 1)
        #expect(invalid.of("log.event")[0].summary.contains("\u{FFFD}"))
    }

    @Test func binaryIsDeclined() throws {
        #expect(throws: EvidenceError.self) { try extractLogSample("hostile/binary.log") }
    }

    /// A 1 MiB-budget line of 3 MiB is cut with a warning, and the lines after it are read.
    @Test func longLinesAreCutAtTheBudget() throws {
        var text = "2024-05-01 12:00:00 INFO start\n2024-05-01 12:00:01 INFO " + String(repeating: "y", count: 3 << 20) + "\n"
        text += "2024-05-01 12:00:02 INFO end\n"
        let findings = try extractLog("big.log", text)
        #expect(findings.of("log.event").count == 3)
        let cut = try #require(findings.first { $0.attributes["problem"] == "line_cut" })
        #expect(cut.locator.line == 2)
        #expect(findings.of("log.event")[1].summary.utf8.count <= 1024)
        #expect(findings.of("log.event")[2].locator.byteOffset == Int64(text.utf8.count - 29))
    }

    /// A 100 MiB line, generated as it is read (nothing held, nothing on disk): cut at the
    /// budget with a warning, and the next line found at its exact byte offset.
    @Test func aHundredMegabyteLineIsCutAndTheNextLineFound() throws {
        let head = Data("2024-05-01 12:00:00 INFO ".utf8)
        let length = 100 << 20
        let tail = Data("\n2024-05-01 12:00:01 INFO next\n".utf8)
        let source = GeneratedLine(head: head, fill: UInt8(ascii: "z"), length: length, tail: tail)
        let sink = CollectingSink()
        try LogExtractor().extract(Artifact(name: "huge.log", head: head, content: source), into: sink)
        let events = sink.findings.of("log.event")
        #expect(events.count == 2)
        #expect(events[1].locator.byteOffset == Int64(length + 1) && events[1].locator.line == 2)
        let cut = try #require(sink.findings.first { $0.attributes["problem"] == "line_cut" })
        #expect(cut.summary.hasPrefix("a line of \(length) bytes: only its first \(1 << 20) bytes were read"))
    }

    /// A wandb history file: `_step` is the step, `_timestamp` the time (epoch seconds, UTC).
    @Test func wandbHistoryLinesAreARunWithTimes() throws {
        let text = (0..<3).map { #"{"_step": \#($0), "_runtime": \#(10 * $0), "_timestamp": \#(1_714_564_800 + 10 * $0).5, "train/loss": \#(2.0 - Double($0) / 4)}"# }
            .joined(separator: "\n") + "\n"
        let findings = try extractLog("wandb-history.jsonl", text)
        let run = try #require(findings.of("training.run").first)
        #expect(run.attributes["source_format"] == "json_lines" && run.attributes["last_step"] == 2)
        #expect(run.attributes["duration_seconds"] == 20.0)
        let loss = try #require(findings.of("training.metric").first)
        #expect(loss.attributes["metric"] == "train/loss" && loss.attributes["last_value"] == 1.5)
        #expect(findings.of("training.run_start").first?.timestamp?.secondsSinceEpoch == 1_714_564_800)
        #expect(LogExtractor.claims(head: Data(text.utf8), name: "wandb-history.jsonl"))
    }

    @Test func jsonRecordsNameModelsAndDatasets() throws {
        let text = #"{"time": "2024-05-01T12:00:00Z", "msg": "start", "model_name_or_path": "aurora-dynamics/aurora-7b", "dataset": "borealis-labs/chats"}"#
        let findings = try extractLog("run.jsonl", text + "\n")
        let named = findings.of("log.entity").flatMap(\.mentions)
        #expect(named.contains(EntityRef(kind: .model, value: "aurora-dynamics/aurora-7b", role: "model_name_or_path")))
        #expect(named.contains(EntityRef(kind: .dataset, value: "borealis-labs/chats", role: "dataset")))
    }

    /// Many lines, generated here (never committed): every one an event, counted exactly.
    @Test func manyLinesAreCountedExactly() throws {
        var text = ""
        for index in 0..<20_000 { text += "2024-05-01T12:\(String(format: "%02d:%02d", index / 60 % 60, index % 60))Z INFO line \(index)\n" }
        text += "no time here\n"
        let findings = try extractLog("many.log", text)
        #expect(findings.of("log.event").count == 20_000)
        #expect(findings.of("log.summary").first?.attributes["untimed_lines"] == 1)
    }

    /// wandb-metadata.json: its times are UTC as the wandb client writes them, and said so; a
    /// time that is not one is a warning; a file cut short keeps what was read before the cut.
    @Test func wandbMetadataTimesAreUTCAndDamageIsAWarning() throws {
        let findings = try extractLogSample("wandb/wandb-metadata.json")
        let start = try #require(findings.of("training.run_start").first)
        #expect(start.timestamp?.zone == .utc && start.timestamp?.secondsSinceEpoch == utc(2024, 5, 1, 12))
        #expect(start.attributes["zone_basis"] != nil && start.locator.jsonPointer == "/startedAt")
        let damaged = try extractLog("wandb-metadata.json", #"{"host": "borealis-node-3", "startedAt": "yesterday", "username": "bob", "args": ["--lr""#)
        #expect(damaged.of("training.environment").first?.attributes["host"] == "borealis-node-3")
        #expect(damaged.of("training.environment").first?.attributes["user"] == "bob")
        #expect(damaged.of(.extractionWarning).count == 2 && damaged.of("training.run_start").isEmpty)
    }

    /// A crafted wandb-metadata.json: a huge argument is cut (and said), an array is a warning.
    @Test func wandbMetadataValuesAreBounded() throws {
        let huge = String(repeating: "x", count: 1 << 20)
        let findings = try extractLog("wandb-metadata.json", #"{"host": "h", "args": ["# + "\"" + huge + "\"]}")
        let environment = try #require(findings.of("training.environment").first)
        guard case .list(let args)? = environment.attributes["args"], case .string(let first)? = args.first else { return }
        #expect(first.utf8.count < 5000 && environment.attributes["values_cut"] == .bool(true))
        #expect(try extractLog("wandb-metadata.json", "[1, 2]").of(.extractionWarning).count == 1)
    }
}
