import CSandbox

/// What an external extractor's process may do: how much memory and CPU it may take, whether it
/// may reach the network or write files. Applied in the child just before it runs
/// (`Sources/CSandbox`); which protections the kernel allowed is recorded (``SandboxProtections``).
public struct SandboxPolicy: Sendable, Hashable {
    public var memoryBytes: Int64
    public var cpuSeconds: Int64
    public var openFiles: Int64 = 256
    public var denyNetwork = true
    public var denyWrites = true

    public init(memoryBytes: Int64, cpuSeconds: Int64) {
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }

    var limits: exhibit_sandbox_limits {
        exhibit_sandbox_limits(memory_bytes: UInt64(max(0, memoryBytes)), cpu_seconds: UInt64(max(0, cpuSeconds)),
                               open_files: UInt64(max(0, openFiles)), deny_network: denyNetwork ? 1 : 0,
                               deny_writes: denyWrites ? 1 : 0)
    }
}

/// The protections a plugin's process had in force, as the child reported them before it ran.
public struct SandboxProtections: OptionSet, Sendable, Hashable {
    public let rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let rlimits = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_RLIMITS))
    public static let processGroup = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_PROCESS_GROUP))
    public static let noNewPrivileges = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_NO_NEW_PRIVILEGES))
    public static let networkNamespace = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_NETWORK_NAMESPACE))
    public static let landlockWrites = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_LANDLOCK_WRITES))
    public static let landlockNetwork = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_LANDLOCK_NETWORK))
    public static let closedDescriptors = SandboxProtections(rawValue: Int32(EXHIBIT_SANDBOX_CLOSED_DESCRIPTORS))

    /// Each protection in force, as a tribunal's method section says it.
    public var names: [String] {
        let described: [(SandboxProtections, String)] = [
         (Self.rlimits, "resource limits (memory, CPU, files, no core dumps)"),
         (Self.processGroup, "its own process group (a timeout stops every process it started)"),
         (Self.closedDescriptors, "no inherited file descriptors but its pipes"),
         (Self.noNewPrivileges, "no new privileges"),
         (Self.networkNamespace, "no network (an empty network namespace)"),
         (Self.landlockNetwork, "no TCP (Landlock)"),
         (Self.landlockWrites, "no file-system writes (Landlock)")]
        return described.filter { contains($0.0) }.map(\.1)
    }
}
