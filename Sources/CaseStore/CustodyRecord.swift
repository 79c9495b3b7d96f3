import GRDB

/// One entry of the chain of custody: who did what, when, where, with which tool.
public struct CustodyRecord: Sendable, Codable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "custody"
    /// Its place in the log, from 1.
    public var sequence: Int64?
    /// UTC, ISO 8601.
    public var time: String
    /// `case.create`, `acquire`, `acquire.duplicate`, `extract`.
    public var action: String
    public var examiner: String
    public var host: String
    public var tool: String
    public var toolVersion: String
    public var command: String
    /// The exhibit concerned, if any.
    public var exhibit: String?
    /// Paths, sizes, hashes, file times, extractors: a JSON object with sorted keys.
    public var details: String

    public init(time: String, action: String, examiner: String, host: String, tool: String,
                toolVersion: String, command: String, exhibit: String?, details: String) {
        self.time = time; self.action = action; self.examiner = examiner; self.host = host
        self.tool = tool; self.toolVersion = toolVersion; self.command = command
        self.exhibit = exhibit; self.details = details
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        sequence = inserted.rowID
    }
}
