/// One entry of the chain of custody: who did what, when, where, with which tool — and, since
/// schema v5, its place in the hash chain (``CustodyChain``): the entry before it, the rows its
/// write added, and its own digest.
public struct CustodyRecord: Sendable, Codable, Hashable, StoredRecord {
    /// Its place in the log, from 1.
    public var sequence: Int64?
    /// UTC, ISO 8601.
    public var time: String
    /// `case.create`, `acquire`, `acquire.duplicate`, `extract`, `analysis`, `export`, …
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
    /// The digest of the entry before it (64 zeros for the first), set when it is appended.
    public var previousSHA256: String?
    /// How many rows the write this entry records added (0 for an entry that is all its write).
    public var rows: Int64?
    /// Those rows' digest (``RowSetDigest``).
    public var rowsSHA256: String?
    /// The SHA-256 of the entry's canonical line (``CustodyChain/line(_:)``).
    public var entrySHA256: String?

    public init(time: String, action: String, examiner: String, host: String, tool: String,
                toolVersion: String, command: String, exhibit: String?, details: String) {
        self.time = time; self.action = action; self.examiner = examiner; self.host = host
        self.tool = tool; self.toolVersion = toolVersion; self.command = command
        self.exhibit = exhibit; self.details = details
    }

    package static let table = "custody"
    package static var blank: CustodyRecord {
        CustodyRecord(time: "", action: "", examiner: "", host: "", tool: "", toolVersion: "", command: "", exhibit: nil,
                      details: "")
    }

    package static func columns<V: ColumnVisitor>(of record: inout CustodyRecord, _ visitor: inout V) throws {
        try visitor.column("sequence", &record.sequence)
        try visitor.column("time", &record.time)
        try visitor.column("action", &record.action)
        try visitor.column("examiner", &record.examiner)
        try visitor.column("host", &record.host)
        try visitor.column("tool", &record.tool)
        try visitor.column("tool_version", &record.toolVersion)
        try visitor.column("command", &record.command)
        try visitor.column("exhibit", &record.exhibit)
        try visitor.column("details", &record.details)
        try visitor.column("previous_sha256", &record.previousSHA256)
        try visitor.column("rows", &record.rows)
        try visitor.column("rows_sha256", &record.rowsSHA256)
        try visitor.column("entry_sha256", &record.entrySHA256)
    }
}
