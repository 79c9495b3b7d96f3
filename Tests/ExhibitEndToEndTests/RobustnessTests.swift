import ExhibitTestSupport
import Foundation
import Testing

/// Determinism, crash consistency and flat memory, through the binary.
@Suite(.serialized) struct RobustnessTests {
    private let inputs = ["archive/release.tar.gz", "archive/nested.tar.gz", "archive/code.zip", "archive/code.7z",
                          "archive/hostile/traversal.tar", "archive/hostile/truncated.tar.gz",
                          "archive/hostile/bad-crc.tar.gz", "archive/hostile/trailing-data.tar.gz"].map(Repository.format)

    private func newCase(_ path: String) throws {
        #expect(try Command.exhibit(["init", path, "--title", "t", "--examiner", "e"]).status == 0)
    }

    private func dump(_ dispute: String) throws -> String {
        let artifacts = try Command.exhibit(["artifacts", dispute, "--json"])
        let findings = try Command.exhibit(["findings", dispute, "--json"])
        #expect(artifacts.status == 0 && findings.status == 0)
        return artifacts.stdout + findings.stdout
    }

    @Test func theSameAddTwiceGivesIdenticalOutput() throws {
        let folder = try TemporaryFolder()
        var dumps: [String] = []
        for name in ["one.exhibit", "two.exhibit"] {
            try newCase(folder.path(name))
            #expect(try Command.exhibit(["add", folder.path(name)] + inputs + ["--party", "respondent"]).status == 0)
            dumps.append(try dump(folder.path(name)))
        }
        #expect(dumps[0] == dumps[1])
        #expect(dumps[0].count > 10_000)
    }

    /// A folder of samples (hostile ones among them) gives the same case whatever the jobs.
    @Test func theSameFolderTwiceGivesIdenticalOutput() throws {
        let folder = try TemporaryFolder()
        var dumps: [String] = []
        for (name, jobs) in [("one.exhibit", "2"), ("two.exhibit", "2"), ("three.exhibit", "1")] {
            try newCase(folder.path(name))
            let added = try Command.exhibit(["add", folder.path(name), Repository.formats.appendingPathComponent("archive").path,
                                             "--jobs", jobs])
            #expect(added.status == 0, "\(added.stderr)")
            dumps.append(try dump(folder.path(name)))
        }
        #expect(dumps[0] == dumps[1] && dumps[1] == dumps[2])
        #expect(dumps[0].contains("\"evidence_path\" : \"archive/hostile/traversal.tar ▸ "))
    }

    /// A folder's small files are committed a group at a time: a kill loses whole groups, never
    /// part of an original, and a re-run completes the case as an uninterrupted run makes it.
    @Test func aFolderKilledDuringAddThenResumedEqualsAnUninterruptedAdd() throws {
        let folder = try TemporaryFolder()
        let production = folder.path("production")
        for index in 0..<400 {
            let path = production + String(format: "/src/pkg%02d/module_%04d.py", index % 7, index)
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data("def step_\(index)(batch):\n    return batch * \(index)\n".utf8).write(to: URL(fileURLWithPath: path))
        }
        for index in 0..<3 {
            try TarWriter.zeroMember(size: 48 << 20, name: "blob-\(index).bin", to: production + "/weights-\(index).tar")
        }
        let reference = folder.path("reference.exhibit")
        try newCase(reference)
        #expect(try Command.exhibit(["add", reference, production]).status == 0)

        let interrupted = folder.path("interrupted.exhibit")
        try newCase(interrupted)
        var partial: [Int] = []
        for delay in [200_000, 500_000] as [useconds_t] {
            let pid = try Command.spawn(Command.exhibitPath, ["add", interrupted, production])
            usleep(delay)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            let artifacts = try Command.exhibit(["artifacts", interrupted, "--json"])
            partial.append(try (decodeJSON(artifacts.stdout) as? [[String: Any]])?.count ?? -1)
        }
        // The first kill landed mid-way (the folder holds 403 originals and 3 members).
        #expect(partial[0] >= 0 && partial[0] < 406, "\(partial)")
        let resumed = try Command.exhibit(["add", interrupted, production])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try dump(interrupted) == (try dump(reference)))
    }

    @Test func killedDuringAddThenResumedEqualsAnUninterruptedAdd() throws {
        let folder = try TemporaryFolder()
        // Originals large enough that a kill lands mid-way: sparse tars of 48 MiB of zeros each.
        var originals: [String] = []
        for index in 0..<6 {
            let path = folder.path("blob-\(index).tar")
            try TarWriter.zeroMember(size: 48 << 20, name: "blob-\(index).bin", to: path)
            originals.append(path)
        }
        let paths = inputs + originals
        let reference = folder.path("reference.exhibit")
        try newCase(reference)
        #expect(try Command.exhibit(["add", reference] + paths).status == 0)

        let interrupted = folder.path("interrupted.exhibit")
        try newCase(interrupted)
        for delay in [150_000, 400_000] as [useconds_t] {
            let pid = try Command.spawn(Command.exhibitPath, ["add", interrupted] + paths)
            usleep(delay)
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let resumed = try Command.exhibit(["add", interrupted] + paths)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try dump(interrupted) == (try dump(reference)))
    }

    /// Names are remembered as digests: 6,000 members with 4 KiB names (24 MB of names) leave
    /// memory where a code drop's is; holding the names, as Exhibit did before, took 125 MiB.
    /// Their listings stream, and so does `extract` of the same archive.
    @Test func longNamesKeepMemoryFlat() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("long-names.tar")
        var archive = Data()
        for index in 0..<6_000 {
            let name = "deep/" + String(repeating: "long-folder-name/", count: 240) + "module_\(index).py"
            archive.append(TarWriter.paxMember(name: name, content: Data("x = \(index)\n".utf8)))
        }
        archive.append(Data(count: 1024))
        try archive.write(to: URL(fileURLWithPath: path))
        try newCase(folder.path("names.exhibit"))
        let result = try Command.exhibitMeasuringMemory(["add", folder.path("names.exhibit"), path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("6000 members"))
        #expect(result.maxResidentBytes < 100 << 20, "peak RSS \(result.maxResidentBytes) bytes")
        // Listing them streams from the case, one row at a time (76 MB of JSON; the whole
        // array encoded at once took 400 MiB).
        for command in ["artifacts", "findings"] {
            let listed = try Command.exhibitMeasuringMemory([command, folder.path("names.exhibit"), "--json"])
            #expect(listed.status == 0, "\(listed.stderr)")
            #expect(listed.stdout.hasSuffix("}\n]\n"))
            #expect(listed.maxResidentBytes < 100 << 20, "\(command): peak RSS \(listed.maxResidentBytes) bytes")
        }
        // `extract` prints the same members in read order through a temporary case (holding
        // them to sort them took 132 MiB).
        let extracted = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(extracted.stdout.hasSuffix("}\n  ]\n}\n"))
        #expect(extracted.maxResidentBytes < 100 << 20, "extract: peak RSS \(extracted.maxResidentBytes) bytes")
    }

    /// Two `exhibit add` on one case: the second waits for the first (and says so) instead of
    /// failing on SQLite's busy timeout while the first streams a slow original.
    @Test func aSecondAddWaitsForTheFirst() throws {
        let folder = try TemporaryFolder()
        let dispute = folder.path("shared.exhibit")
        try newCase(dispute)
        let big = folder.path("big.tar")
        try TarWriter.zeroMember(size: 1 << 30, to: big)
        let pid = try Command.spawn(Command.exhibitPath, ["add", dispute, big])
        // Wait until the first add holds the case (its pid is in the lock file).
        for _ in 0..<100 where (try? String(contentsOfFile: dispute + ".lock", encoding: .utf8))?.hasPrefix("\(pid)\n") != true {
            usleep(50_000)
        }
        let second = try Command.exhibit(["add", dispute, Repository.format("archive/code.zip")])
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        #expect(status == 0)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("waiting for the case: another exhibit is writing it (pid \(pid)"), "\(second.stderr)")
        let shown = try Command.exhibit(["show", dispute])
        #expect(shown.stdout.contains("EX-0001  unassigned  big.tar") && shown.stdout.contains("EX-0002  unassigned  code.zip"),
                "\(shown.stdout)")
    }

    /// Exports stream from the case: a bundle of 6,000 members (35 MB of graph, tables and
    /// report) is written, verified (folder and tar) and printed as a graph in flat memory.
    /// Built whole in memory, as Exhibit did before, the bundle took 200 MiB, its check 287 and
    /// the graph 165 (now 41, 29 and 32).
    @Test func aLargeCaseExportsAndVerifiesWithFlatMemory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("many.tar")
        var archive = Data()
        for index in 0..<6_000 {
            archive.append(TarWriter.paxMember(name: "drop/src/package_\(index % 40)/module_\(index).py",
                                               content: Data("value = \(index)\n".utf8)))
        }
        archive.append(Data(count: 1024))
        try archive.write(to: URL(fileURLWithPath: path))
        let dispute = folder.path("many.exhibit")
        try newCase(dispute)
        #expect(try Command.exhibit(["add", dispute, path]).status == 0)
        let bundle = folder.path("bundle")
        let exported = try Command.exhibitMeasuringMemory(["bundle", dispute, "--out", bundle, "--tar"])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.maxResidentBytes < 100 << 20, "bundle: peak RSS \(exported.maxResidentBytes) bytes")
        for target in [bundle, bundle + ".tar"] {
            let verified = try Command.exhibitMeasuringMemory(["verify", target])
            #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
            #expect(verified.maxResidentBytes < 100 << 20, "verify \(target): peak RSS \(verified.maxResidentBytes) bytes")
        }
        let graph = try Command.exhibitMeasuringMemory(["graph", dispute, "--format", "jsonld"])
        #expect(graph.status == 0 && graph.stdout.hasSuffix("  ]\n}\n"))
        #expect(graph.stdout.components(separatedBy: "\"uco-observable:ObservableRelationship\"").count == 6_001)
        #expect(graph.maxResidentBytes < 100 << 20, "graph: peak RSS \(graph.maxResidentBytes) bytes")
    }

    @Test func aGibibyteMemberIsHashedWithFlatMemory() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("big.tar")
        try TarWriter.zeroMember(size: 1 << 30, to: path)
        let result = try Command.exhibitMeasuringMemory(["extract", path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let output = try #require(try decodeJSON(result.stdout) as? [String: Any])
        let member = try #require((output["artifacts"] as? [[String: Any]])?.last)
        // Computed independently: head -c 1073741824 /dev/zero | sha256sum
        #expect(member["sha256"] as? String == "49bc20df15e412a64472421e13fe86ff1c5165e18b2afccf160d4dc19fe68a14")
        #expect(member["size"] as? Int == 1 << 30)
        #expect(result.maxResidentBytes < 100 << 20, "peak RSS \(result.maxResidentBytes) bytes")
    }
}
