import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// Who is acting, where, with which command: stamped on every custody entry.
public struct CustodyContext: Sendable {
    public var examiner: String
    public var host: String
    public var command: String
    /// Identifies this invocation in the log, so that entries can refer to its full command.
    public let runID: String

    /// Commands longer than this are written in full once per run (`command` entry) and
    /// abbreviated in the entries of each original, so the log grows linearly with the originals.
    public static let inlineCommandLimit = 1024

    public init(examiner: String, host: String = ProcessInfo.processInfo.hostName,
                command: String = CustodyContext.currentCommandLine(), runID: String = UUID().uuidString.lowercased()) {
        self.examiner = examiner
        self.host = host
        self.command = command
        self.runID = runID
    }

    /// Whether the command is too long to repeat in every entry.
    public var commandIsLong: Bool { command.utf8.count > Self.inlineCommandLimit }

    /// The command as entries of one original record it.
    var entryCommand: String {
        commandIsLong ? String(command.prefix(256)) + " … [\(command.utf8.count) characters in all: see the 'command' entry of run \(runID)]"
            : command
    }

    /// This process's command line, each argument quoted when it needs to be.
    public static func currentCommandLine() -> String {
        ToolInfo.currentCommandLine()
    }

    /// A custody entry stamped now.
    public func entry(_ action: String, exhibit: String? = nil, details: [String: String]) -> CustodyRecord {
        entry(action, exhibit: exhibit, values: details.mapValues(Value.string))
    }

    /// A custody entry stamped now, whose details are structured values.
    public func entry(_ action: String, exhibit: String? = nil, values: [String: Value]) -> CustodyRecord {
        var details = values
        details["run"] = .string(runID)
        return CustodyRecord(time: UTCTime.iso8601(Int64(Date().timeIntervalSince1970)), action: action,
                             examiner: examiner, host: host, tool: ToolInfo.name, toolVersion: ToolInfo.version,
                             command: action == "command" ? command : entryCommand, exhibit: exhibit,
                             details: CanonicalJSON.encode(details))
    }
}
