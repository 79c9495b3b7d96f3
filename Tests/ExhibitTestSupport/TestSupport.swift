import CTestEnvironment
import Foundation

/// Where the repository's files are, seen from a test.
public enum Repository {
    /// The repository root (this file is Tests/ExhibitTestSupport/TestSupport.swift). Reading it
    /// also names the test environment's start-up code (`Tests/CTestEnvironment`), so that the
    /// linker keeps it.
    public static let root: URL = {
        exhibit_test_environment_prepared()
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }()
    /// `samples/`.
    public static let samples = root.appendingPathComponent("samples")
    /// `samples/formats/`.
    public static let formats = samples.appendingPathComponent("formats")

    /// Every file under `samples/formats/`, as a path relative to it, in byte order.
    public static func formatSamples() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: formats.path)
        var files: [String] = []
        while let file = enumerator?.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: formats.appendingPathComponent(file).path, isDirectory: &isFolder)
            if !isFolder.boolValue { files.append(file) }
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// A sample under `samples/formats/`.
    public static func format(_ relative: String) -> String {
        formats.appendingPathComponent(relative).path
    }
}

/// A fresh folder under the system's temporary folder, removed by ``remove()``.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "exhibit-test") throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    public func remove() {
        try? FileManager.default.removeItem(at: url)
    }

    deinit { remove() }
}

/// The result of running a command.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// Peak resident memory of the child, in bytes (from wait4's rusage).
    public let maxResidentBytes: Int64
}

/// Runs programs the way a user would.
public enum Command {
    /// The built `exhibit` binary, beside the test bundle (or `EXHIBIT_BIN`).
    public static var exhibitPath: String {
        if let path = ProcessInfo.processInfo.environment["EXHIBIT_BIN"] { return path }
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("exhibit").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return root("exhibit")
    }

    private static func root(_ name: String) -> String {
        Repository.root.appendingPathComponent(".build/debug/\(name)").path
    }

    /// Runs `exhibit` with `arguments`.
    @discardableResult
    public static func exhibit(_ arguments: [String], in folder: URL? = nil,
                               environment: [String: String] = [:]) throws -> CommandResult {
        try run(exhibitPath, arguments, in: folder, environment: environment)
    }

    /// Runs any program (by path, or by name on PATH); output goes through files so large
    /// outputs cannot block, and the child is reaped with wait4 to read its peak memory.
    public static func run(_ program: String, _ arguments: [String], in folder: URL? = nil,
                           environment: [String: String] = [:]) throws -> CommandResult {
        let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        let errPath = FileManager.default.temporaryDirectory.appendingPathComponent("err-\(UUID().uuidString)").path
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let pid = try spawn(program, arguments, in: folder, environment: environment, stdout: outPath, stderr: errPath)
        var usage = rusage()
        var status: Int32 = 0
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let exit: Int32 = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return CommandResult(status: exit,
                             stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                             stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                             maxResidentBytes: Int64(usage.ru_maxrss) * 1024)
    }

    /// Runs `exhibit` through a small Python parent and returns its peak RSS as `maxResidentBytes`:
    /// a child forked from the (large) test process would inherit the test's own high-water mark.
    public static func exhibitMeasuringMemory(_ arguments: [String]) throws -> CommandResult {
        let report = FileManager.default.temporaryDirectory.appendingPathComponent("rss-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: report) }
        let script = "import resource,subprocess,sys; r=subprocess.run(sys.argv[2:]); "
            + "open(sys.argv[1],'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss*1024)); sys.exit(r.returncode)"
        let result = try run("python3", ["-c", script, report, exhibitPath] + arguments)
        let peak = Int64((try? String(contentsOfFile: report, encoding: .utf8)) ?? "") ?? Int64.max
        return CommandResult(status: result.status, stdout: result.stdout, stderr: result.stderr, maxResidentBytes: peak)
    }

    /// Starts a program without waiting; the caller reaps it (``run`` does, or `kill` + `waitpid`).
    public static func spawn(_ program: String, _ arguments: [String], in folder: URL? = nil,
                             environment: [String: String] = [:], stdout: String = "/dev/null",
                             stderr: String = "/dev/null") throws -> pid_t {
        // `sh -c 'cd … && exec "$@"'` sets the folder without non-portable spawn attributes.
        let script = "cd \"$0\" && exec \"$@\""
        let argv = ["/bin/sh", "-c", script, folder?.path ?? FileManager.default.currentDirectoryPath, program] + arguments
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        var cArguments = argv.map { strdup($0) } + [nil]
        var cEnvironment = env.map { strdup($0) } + [nil]
        defer {
            cArguments.forEach { free($0) }
            cEnvironment.forEach { free($0) }
        }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", &actions, nil, &cArguments, &cEnvironment)
        guard status == 0 else {
            throw NSError(domain: "spawn", code: Int(status), userInfo: [NSLocalizedDescriptionKey: "cannot start \(program)"])
        }
        return pid
    }
}

/// Decodes JSON printed by a command.
public func decodeJSON(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

/// The field's own tools (bagit.py, case_validate), installed by `make` into `.venv`.
public enum Oracles {
    /// The folder holding them: `EXHIBIT_ORACLES`, or the repository's `.venv/bin`.
    public static var folder: String {
        ProcessInfo.processInfo.environment["EXHIBIT_ORACLES"] ?? Repository.root.appendingPathComponent(".venv/bin").path
    }

    public static func path(_ tool: String) -> String { folder + "/" + tool }

    /// Whether they are installed. `make test` sets EXHIBIT_REQUIRE_ORACLES=1, so there a missing
    /// tool fails the run instead of skipping its checks.
    public static var available: Bool {
        let present = FileManager.default.isExecutableFile(atPath: path("bagit.py"))
            && FileManager.default.isExecutableFile(atPath: path("case_validate"))
        return present || ProcessInfo.processInfo.environment["EXHIBIT_REQUIRE_ORACLES"] == "1"
    }
}
