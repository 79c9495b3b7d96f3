import ExhibitTestSupport
import Foundation
import Testing

/// Issue 21's hostile inputs through the binary: none of them crashes `exhibit`, and none
/// costs the good files beside it their place in the case.
@Suite(.serialized) struct HostileInputTests {
    private func newCase(_ path: String) throws {
        #expect(try Command.exhibit(["init", path, "--title", "t", "--examiner", "e"]).status == 0)
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// Files that each overflowed the stack (SIGSEGV) and took the whole `add` with them: now
    /// each stops at the nesting budget with a limitation, and the good files are in the case.
    @Test func aFolderOfStackOverflowsIsIngestedWhole() throws {
        let folder = try TemporaryFolder()
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        let hostile: [String: String] = [
            "deep-sequence.yaml": String(repeating: "- ", count: 10_000) + "x\n",
            "deep-keys.yaml": String(repeating: "? ", count: 10_000) + "x\n",
            "deep-arrays.toml": "a = " + String(repeating: "[", count: 20_000) + String(repeating: "]", count: 20_000) + "\n",
            "deep-tables.toml": "a = " + String(repeating: "{b=", count: 20_000) + "1" + String(repeating: "}", count: 20_000) + "\n",
            "dotted.toml": Array(repeating: "a", count: 10_000).joined(separator: ".") + " = 1\n",
        ]
        for (name, text) in hostile { try write(text, to: production + "/" + name) }
        try write("{\"model_type\": \"llama\", \"num_hidden_layers\": 32}\n", to: production + "/a-good-config.json")
        try write("layers: 48\n", to: production + "/zz-good.yaml")
        // The same YAML deep inside an archive.
        try TarWriter.nested(depth: 3, payload: Data(hostile["deep-sequence.yaml"]!.utf8), payloadName: "deep.yaml",
                             to: production + "/nested.tar")

        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        let added = try Command.exhibit(["add", dispute, production, "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        let outcomes = try #require(try decodeJSON(added.stdout) as? [[String: Any]])
        #expect(outcomes.count == 8 && outcomes.allSatisfy { $0["status"] as? String == "added" }, "\(added.stdout)")

        let limitations = try #require(try decodeJSON(try Command.exhibit(["findings", dispute, "--kind", "limitation", "--json"]).stdout)
            as? [[String: Any]])
        let limited = Set(limitations.compactMap { ($0["evidence_path"] as? String)?.components(separatedBy: " ▸ ").first })
        #expect(limited == Set((hostile.keys.map { "production/" + $0 }) + ["production/nested.tar"]), "\(limited)")
        let entries = try Command.exhibit(["findings", dispute, "--kind", "config.entry", "--json"]).stdout
        #expect(entries.contains("\"/num_hidden_layers\"") && entries.contains("\"/layers\""))
    }

    /// The deepest the budget allows — 100 levels of archives, a TOML nested 511 deep at the
    /// bottom — fits the stack, for `add` and for `extract` (which ran on the 8 MiB main thread).
    @Test func theBudgetsDeepestFitTheStack() throws {
        let folder = try TemporaryFolder()
        let deep = "a = " + String(repeating: "[", count: 600) + "1" + String(repeating: "]", count: 600) + "\n"
            + "b = " + String(repeating: "{c = ", count: 600) + "1" + String(repeating: "}", count: 600) + "\n"
        let path = folder.path("deepest.tar")
        try TarWriter.nested(depth: 100, payload: Data(deep.utf8), payloadName: "deep.toml", to: path)
        let budget = ["--budget", "archive_depth=100", "--budget", "nesting_depth=512"]
        let extracted = try Command.exhibit(["extract", path, "--json"] + budget)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(extracted.stdout.contains("nested deeper than 512 levels"))
        let dispute = folder.path("deepest.exhibit")
        try newCase(dispute)
        let added = try Command.exhibit(["add", dispute, path] + budget)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("100 members"))
    }

    /// A depth beyond what the stack holds is refused before anything is read.
    @Test(arguments: ["archive_depth=100000", "nesting_depth=100000"])
    func depthsTheStackCannotHoldAreRefused(_ assignment: String) throws {
        let folder = try TemporaryFolder()
        let result = try Command.exhibit(["extract", Repository.format("archive/release.tar"), "--budget", assignment])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("error: budget key '\(assignment.prefix { $0 != "=" })' is at most"), "\(result.stderr)")
        _ = folder
    }

    /// A 32 MB inline table and a 29 MB flow map: each parsed within a few times its size
    /// (they took 1 GB and 850 MB: every character as a 16-byte Character, every node kept).
    @Test func largeConfigsParseInBoundedMemory() throws {
        let folder = try TemporaryFolder()
        var toml = "a = {"
        var yaml = "{"
        var index = 0
        while toml.utf8.count < 32 << 20 {
            toml += "k\(index) = \(index), "
            if yaml.utf8.count < 29 << 20 { yaml += "k\(index): \(index), " }
            index += 1
        }
        try write(toml + "z = 0}\n", to: folder.path("inline.toml"))
        try write(yaml + "z: 0}\n", to: folder.path("flow.yaml"))
        for name in ["inline.toml", "flow.yaml"] {
            let result = try Command.exhibitMeasuringMemory(["extract", folder.path(name), "--json"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("\"parsed_nodes\""))
            #expect(result.maxResidentBytes < 300 << 20, "\(name): peak RSS \(result.maxResidentBytes) bytes")
        }
    }

    /// Evidence named like formulas: in the CSV tables every such cell opens as text (read back
    /// by Python's csv module), VERIFY.txt says so, and graph.json keeps the exact names.
    @Test func csvTablesCarryNoFormulas() throws {
        let folder = try TemporaryFolder()
        let names = ["=HYPERLINK(\"evil.example\",\"click\").json", "+cmd|' -C calc'!A0.yaml", "-2+3.env"]
        for name in names { try write("key: \"=1+1\"\n", to: folder.path(name)) }
        var archive = TarWriter.header(name: "@SUM(1+1).txt", size: 3) + Data("abc".utf8) + TarWriter.padding(after: 3)
        archive.append(Data(count: 1024))
        try archive.write(to: URL(fileURLWithPath: folder.path("@SUM(1+1).tar")))
        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        let added = try Command.exhibit(["add", dispute] + (names + ["@SUM(1+1).tar"]).map(folder.path))
        #expect(added.status == 0, "\(added.stderr)")
        let bundle = folder.path("bundle")
        #expect(try Command.exhibit(["bundle", dispute, "--out", bundle]).status == 0)
        let script = """
            import csv, sys
            cells = [c for name in sys.argv[1:] for row in csv.reader(open(name, newline='', encoding='utf-8')) for c in row]
            print(len(cells), sum(c[:1] in ('=', '+', '-', '@', '\\t', '\\r') for c in cells), sum(c.startswith("'=") for c in cells))
            """
        let counted = try Command.run("python3", ["-c", script, bundle + "/data/graph/findings.csv", bundle + "/data/graph/timeline.csv"])
        let numbers = counted.stdout.split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        #expect(numbers.count == 3 && numbers[0] > 100 && numbers[1] == 0 && numbers[2] > 0, "\(counted.stdout)\(counted.stderr)")
        let graph = try String(contentsOfFile: bundle + "/data/graph/graph.json", encoding: .utf8)
        #expect(graph.contains("\"name\" : \"=HYPERLINK(\\\"evil.example\\\",\\\"click\\\").json\""))
        #expect(try String(contentsOfFile: bundle + "/data/VERIFY.txt", encoding: .utf8).contains("OWASP"))
        #expect(try Command.exhibit(["verify", bundle]).status == 0)
    }

    /// Whether this system lets an unprivileged process mount a small tmpfs of its own (a user
    /// and mount namespace): the way to fill a disk in a test.
    static let canMountTmpfs = (try? Command.run("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o size=16k tmpfs /tmp"]))?.status == 0

    /// A disk that fills up during `bundle` (a 16 KiB and a 200 KiB tmpfs): one line naming the
    /// file and the cause, no half bundle left; not Foundation's `NSCocoaErrorDomain Code=640`.
    @Test(.enabled(if: canMountTmpfs)) func aFullDiskDuringBundleIsAnErrorLine() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        #expect(try Command.exhibit(["add", dispute, Repository.samples.appendingPathComponent("case/respondent").path]).status == 0)
        let disk = folder.path("disk")
        try FileManager.default.createDirectory(atPath: disk, withIntermediateDirectories: true)
        for (size, file) in [("16k", "/bundle/data/"), ("200k", "/bundle.tar")] {
            let script = "mount -t tmpfs -o size=\(size) tmpfs \"$0\" || exit 9; \"$1\" bundle \"$2\" --out \"$0/bundle\" --tar; "
                + "status=$?; ls -A \"$0\" | sed 's/^/left: /' >&2; exit $status"
            let result = try Command.run("unshare", ["-rm", "sh", "-c", script, disk, Command.exhibitPath, dispute])
            #expect(result.status == 1)
            let line = result.stderr.split(separator: "\n").first.map(String.init) ?? ""
            #expect(line.hasPrefix("error: cannot write: No space left on device (\(disk + file)"), "\(size): \(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain") && !result.stderr.contains("left: "), "\(result.stderr)")
        }
    }

    /// SQLite's temporary files (here the sort of a 15,000-event timeline, larger than its cache)
    /// go beside the case: with `/var/tmp` a 4 KiB tmpfs and no `TMPDIR`, `bundle` still works
    /// (it failed with "database or disk is full" when they went to `/var/tmp`).
    @Test(.enabled(if: canMountTmpfs)) func sqliteTemporaryFilesStayBesideTheCase() throws {
        let folder = try TemporaryFolder()
        var archive = Data()
        for index in 0..<15_000 {
            let content = Data("x = \(index % 5000)\n".utf8)
            archive += TarWriter.header(name: String(format: "src/m%05d.py", index), size: Int64(content.count))
                + content + TarWriter.padding(after: Int64(content.count))
        }
        archive.append(Data(count: 1024))
        try archive.write(to: URL(fileURLWithPath: folder.path("many.tar")))
        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        #expect(try Command.exhibit(["add", dispute, folder.path("many.tar")]).status == 0)
        let script = "mount -t tmpfs -o size=4k tmpfs /var/tmp || exit 9; "
            + "exec env -u TMPDIR -u SQLITE_TMPDIR \"$0\" bundle \"$1\" --out \"$2\""
        let result = try Command.run("unshare", ["-rm", "sh", "-c", script, Command.exhibitPath, dispute, folder.path("bundle")])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// A bundle's memory does not grow with its originals' records: 10,000 loose files with long
    /// names are exported, signed and verified in under 100 MiB (the originals, the custody log
    /// and the signed statement were held whole: 232 MiB for 20,000, 490 for 50,000).
    @Test func aBundleOfManyOriginalsHasFlatMemory() throws {
        let folder = try TemporaryFolder()
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        for index in 0..<10_000 {
            let name = String(format: "%05d-", index) + String(repeating: "long-name-", count: 20) + ".txt"
            try write("file \(index)\n", to: production + "/" + name)
        }
        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        #expect(try Command.exhibit(["add", dispute, production]).status == 0)
        #expect(try Command.exhibit(["key", "generate", folder.path("examiner.key")]).status == 0)
        let bundle = folder.path("bundle")
        let exported = try Command.exhibitMeasuringMemory(["bundle", dispute, "--out", bundle, "--sign", folder.path("examiner.key")])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.maxResidentBytes < 100 << 20, "bundle: peak RSS \(exported.maxResidentBytes) bytes")
        let verified = try Command.exhibitMeasuringMemory(["verify", bundle, "--key", folder.path("examiner.pub")])
        #expect(verified.status == 0, "\(verified.stdout)")
        #expect(verified.maxResidentBytes < 100 << 20, "verify: peak RSS \(verified.maxResidentBytes) bytes")
    }

    /// A crash on one original costs the others nothing: the crashing walk names its original
    /// in `CASE.crashed`, and the next `add` takes that original hashed, not extracted, with an
    /// extraction error saying why, and the rest as usual. (The crash is a real stack overflow:
    /// the walk threads are given 1 MiB of stack, and a TOML 500 deep needs 4.)
    @Test func aCrashNamesItsOriginalAndTheNextAddTakesTheRest() throws {
        let folder = try TemporaryFolder()
        let production = folder.path("production")
        try FileManager.default.createDirectory(atPath: production, withIntermediateDirectories: true)
        try write("{\"model_type\": \"llama\", \"num_hidden_layers\": 32}\n", to: production + "/a-good.json")
        try write("a = " + String(repeating: "[", count: 500) + "1" + String(repeating: "]", count: 500) + "\n",
                  to: production + "/b-crashes.toml")
        try write("layers: 48\n", to: production + "/c-good.yaml")
        let dispute = folder.path("dispute.exhibit")
        try newCase(dispute)
        let arguments = ["add", dispute, production, "--budget", "nesting_depth=512", "--jobs", "1", "--json"]
        let small = ["EXHIBIT_WORKER_STACK_KIB": "1024", "SWIFT_BACKTRACE": "enable=no"]
        let crashed = try Command.exhibit(arguments, environment: small)
        #expect(crashed.status == 128 + SIGSEGV, "\(crashed.stderr.prefix(2000))")
        let marker = try String(contentsOfFile: dispute + ".crashed", encoding: .utf8)
        #expect(marker.hasPrefix(String(format: "%03d ", SIGSEGV)) && marker.split(separator: "\n").count == 1, "\(marker)")

        let resumed = try Command.exhibit(arguments, environment: small)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("1 original(s) crashed an earlier add"))
        let outcomes = try #require(try decodeJSON(resumed.stdout) as? [[String: Any]])
        #expect(outcomes.map { $0["status"] as? String } == ["added", "added", "added"], "\(resumed.stdout)")
        let errors = try Command.exhibit(["findings", dispute, "--kind", "extraction.error", "--json"]).stdout
        #expect(errors.contains("production/b-crashes.toml") && errors.contains("an extractor crashed on this file"))
        let entries = try Command.exhibit(["findings", dispute, "--kind", "config.entry", "--json"]).stdout
        #expect(entries.contains("\"/num_hidden_layers\"") && entries.contains("\"/layers\""))
        #expect(!FileManager.default.fileExists(atPath: dispute + ".crashed"), "the marker is gone once its original is in")

        // A signal another process sends is not a crash: it names nothing (the add is stopped
        // while it walks a large original).
        let big = folder.path("big.tar")
        try TarWriter.zeroMember(size: 1 << 30, to: big)
        let pid = try Command.spawn(Command.exhibitPath, ["add", dispute, big], environment: ["SWIFT_BACKTRACE": "enable=no"])
        for _ in 0..<100 where (try? String(contentsOfFile: dispute + ".lock", encoding: .utf8))?.hasPrefix("\(pid)\n") != true {
            usleep(50_000)
        }
        usleep(200_000)
        kill(pid, SIGSEGV)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status & 0x7F == SIGSEGV, "\(status)")
        #expect(!FileManager.default.fileExists(atPath: dispute + ".crashed"))
    }
}
