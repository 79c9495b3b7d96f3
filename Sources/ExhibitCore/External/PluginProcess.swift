import CSandbox
import EvidenceKit
import Foundation
import PluginProtocol
#if canImport(Glibc)
import Glibc
#endif

/// One running external extractor: a child in its own process group, in the sandbox, spoken to
/// in frames over its standard input and output (docs/plugin-protocol.md). It serves one
/// artifact at a time and is reused for the next; any failure of the protocol ends it.
final class PluginProcess {
    let pid: pid_t
    let protections: SandboxProtections
    private var input: Int32       // the child's standard input (our write end); -1 once closed
    private var output: Int32      // the child's standard output (our read end); -1 once closed
    let channel: FrameChannel
    let stderr: StderrCapture
    private(set) var exited: Int32?
    /// What the handshake said.
    private(set) var descriptor: ExtractorDescriptor?
    private(set) var isContainer = false
    /// Artifacts served so far.
    var served = 0

    /// How long the plugin has to answer the handshake.
    static let handshakeSeconds = 30.0
    /// How long a stopped plugin has between TERM and KILL.
    static let graceSeconds = 1.0

    /// Starts `executable` with `arguments` in `folder`, sandboxed by `policy`.
    init(executable: String, arguments: [String], folder: String, policy: SandboxPolicy, label: String) throws {
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment["PYTHONUNBUFFERED"] = "1"
        let argv = [executable] + arguments
        let envp = environment.map { "\($0.key)=\($0.value)" }.sorted()
        var pid: pid_t = 0, stdinFD: Int32 = -1, stdoutFD: Int32 = -1, stderrFD: Int32 = -1, applied: Int32 = 0
        var limits = policy.limits
        let status = Self.withCStrings(argv) { cArgv in
            Self.withCStrings(envp) { cEnvp in
                exhibit_sandbox_spawn(executable, cArgv, cEnvp, folder, &limits, &pid, &stdinFD, &stdoutFD, &stderrFD, &applied)
            }
        }
        guard status == 0 else {
            throw PluginProtocolError.io("could not start \(executable): \(String(cString: strerror(status)))")
        }
        self.pid = pid
        protections = SandboxProtections(rawValue: applied)
        input = stdinFD
        output = stdoutFD
        channel = FrameChannel(input: stdoutFD, output: stdinFD)
        stderr = StderrCapture(descriptor: stderrFD, label: label)
    }

    deinit {
        stop()
    }

    /// The handshake: the host's hello, the plugin's answer with its descriptor. Anything else
    /// first — a banner, a prompt, garbage — fails it, naming the bytes seen.
    func handshake(host: String) throws {
        channel.deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.handshakeSeconds * 1e9)
        try channel.write(.hostHello(host: host))
        let answer: FrameHeader?
        do {
            answer = try channel.readHeader()
        } catch PluginProtocolError.malformedHeader(_, let excerpt) {
            throw PluginProtocolError.handshake("it wrote something other than its handshake first: \"\(excerpt)\"")
        }
        guard let answer else { throw PluginProtocolError.handshake("it closed its output before its handshake") }
        guard answer.type == "hello", (try? answer.string("protocol")) == PluginProtocol.name else {
            throw PluginProtocolError.handshake("its first frame is not a hello of \(PluginProtocol.name): \"\(FrameHeaderText.of(answer))\"")
        }
        let version = Int((try? answer.integer("version")) ?? -1)
        guard PluginProtocol.versions.contains(version) else {
            throw PluginProtocolError.handshake("it speaks protocol version \(version); this host speaks \(PluginProtocol.versions)")
        }
        descriptor = try answer.decode(ExtractorDescriptor.self, "descriptor")
        if case .bool(let container)? = answer.fields["container"] { isContainer = container }
    }

    /// Whether the child has exited (reaping it if so).
    var hasExited: Bool {
        if exited != nil { return true }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid {
            exited = status
            return true
        }
        return false
    }

    /// How the child ended, in words, once it has (waiting briefly for it).
    func exitDescription() -> String {
        for _ in 0..<50 where !hasExited { usleep(10_000) }
        guard let status = exited else { return "did not exit" }
        if status & 0x7F == 0 { return "exited with status \((status >> 8) & 0xFF)" }
        let signal = status & 0x7F
        return "was killed by signal \(signal) (\(String(cString: strsignal(signal))))"
    }

    /// Stops the child and everything it started: its input closed, TERM to its group, KILL after
    /// a grace period; reaped. A grandchild that keeps the output open does not hold this up.
    func stop() {
        closeEnds(input: true, output: false)
        guard !hasExited else {
            kill(-pid, SIGKILL)   // what is left of its group: a grandchild holding the output
            closeEnds(input: false, output: true)
            return
        }
        kill(-pid, SIGTERM)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(Self.graceSeconds * 1e9)
        while !hasExited, DispatchTime.now().uptimeNanoseconds < deadline { usleep(5_000) }
        if !hasExited {
            kill(-pid, SIGKILL)
            var status: Int32 = 0
            if waitpid(pid, &status, 0) == pid { exited = status }
        } else {
            kill(-pid, SIGKILL)   // what is left of the group, a grandchild that ignored TERM
        }
        closeEnds(input: false, output: true)
    }

    private func closeEnds(input closeInput: Bool, output closeOutput: Bool) {
        if closeInput, input >= 0 {
            close(input)
            input = -1
        }
        if closeOutput, output >= 0 {
            close(output)
            output = -1
        }
    }

    /// Asks a child that served well to exit (it may take its time: it is stopped if it does not).
    func shutDown() {
        try? channel.write(.shutdown)
        for _ in 0..<20 where !hasExited { usleep(5_000) }
        stop()
    }

    private static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers = strings.map { strdup($0) } + [nil]
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    }
}

/// A frame's header as text for a message.
enum FrameHeaderText {
    static func of(_ header: FrameHeader) -> String {
        String(decoding: header.encoded().prefix(200), as: UTF8.self)
    }
}
