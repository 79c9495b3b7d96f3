import CaseStore
import Foundation

/// Who is acting, where, with which command: stamped on every custody entry.
public struct CustodyContext: Sendable {
    public var examiner: String
    public var host: String
    public var command: String

    public init(examiner: String, host: String = ProcessInfo.processInfo.hostName,
                command: String = CustodyContext.currentCommandLine()) {
        self.examiner = examiner
        self.host = host
        self.command = command
    }

    /// This process's command line, each argument quoted when it needs to be.
    public static func currentCommandLine() -> String {
        CommandLine.arguments.map { argument in
            argument.isEmpty || argument.contains(where: { " \"'$\\".contains($0) })
                ? "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'" : argument
        }.joined(separator: " ")
    }

    /// A custody entry stamped now.
    public func entry(_ action: String, exhibit: String? = nil, details: [String: String]) -> CustodyRecord {
        CustodyRecord(time: Normalizer.iso8601(Int64(Date().timeIntervalSince1970)), action: action,
                      examiner: examiner, host: host, tool: ToolInfo.name, toolVersion: ToolInfo.version,
                      command: command, exhibit: exhibit, details: CanonicalJSON.encode(details))
    }
}
