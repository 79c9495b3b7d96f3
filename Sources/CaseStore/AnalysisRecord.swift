import ExhibitFoundation

/// A conclusion drawn across findings, artifacts, entities or other analyses: what method (and
/// which version) with which parameters read which inputs (``AnalysisInputRecord``), what it
/// measured, against what null or controls, and what that does and does not show.
///
/// Facts are findings; this is a conclusion. Its id is a UUIDv5 over the method, its version,
/// the canonical parameters and the sorted inputs (``makeID(method:version:parameters:inputs:)``):
/// the same method on the same inputs is the same analysis, whenever and wherever it runs.
public struct AnalysisRecord: Sendable, Codable, Hashable, StoredRecord {
    public var id: String
    /// The method's id, such as `content.identical`.
    public var method: String
    public var methodVersion: String
    /// Canonical JSON object.
    public var parameters: String
    /// What the analysis is about, in words a list is sorted by (a SHA-256, an entity).
    public var subject: String
    /// The method's measure, if it has one (finite).
    public var score: Double?
    /// What ``score`` measures (`exhibit_count`, `jaccard`, …).
    public var statistic: String?
    /// The probability of a score at least this extreme under the method's null, where it has one.
    public var pValue: Double?
    /// The null distribution or control results the score was read against: canonical JSON, or nil.
    public var controls: String?
    /// What the method observed, as canonical JSON (the method's own keys).
    public var result: String
    /// What the result means, in a sentence a tribunal can read.
    public var interpretation: String
    /// What it does not show.
    public var limits: String
    public var tool: String
    public var toolVersion: String
    /// When it ran, UTC, ISO 8601.
    public var time: String

    public init(id: String, method: String, methodVersion: String, parameters: String, subject: String,
                score: Double?, statistic: String?, pValue: Double?, controls: String?, result: String,
                interpretation: String, limits: String, tool: String, toolVersion: String, time: String) {
        self.id = id; self.method = method; self.methodVersion = methodVersion; self.parameters = parameters
        self.subject = subject; self.score = score; self.statistic = statistic; self.pValue = pValue
        self.controls = controls; self.result = result; self.interpretation = interpretation; self.limits = limits
        self.tool = tool; self.toolVersion = toolVersion; self.time = time
    }

    /// The id of an analysis: UUIDv5 over `analysis`, the method, its version, the canonical
    /// parameters, then each input as `role node-id`, sorted by their UTF-8 bytes.
    public static func makeID(method: String, version: String, parameters: String,
                              inputs: [AnalysisInputRecord]) -> String {
        let sorted = inputs.map { "\($0.role) \($0.nodeID)" }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return DeterministicID.make(["analysis", method, version, parameters] + sorted)
    }

    package static let table = "analysis"
    package static var blank: AnalysisRecord {
        AnalysisRecord(id: "", method: "", methodVersion: "", parameters: "", subject: "", score: nil, statistic: nil,
                       pValue: nil, controls: nil, result: "", interpretation: "", limits: "", tool: "", toolVersion: "",
                       time: "")
    }

    package static func columns<V: ColumnVisitor>(of record: inout AnalysisRecord, _ visitor: inout V) throws {
        try visitor.column("id", &record.id)
        try visitor.column("method", &record.method)
        try visitor.column("method_version", &record.methodVersion)
        try visitor.column("parameters", &record.parameters)
        try visitor.column("subject", &record.subject)
        try visitor.column("score", &record.score)
        try visitor.column("statistic", &record.statistic)
        try visitor.column("p_value", &record.pValue)
        try visitor.column("controls", &record.controls)
        try visitor.column("result", &record.result)
        try visitor.column("interpretation", &record.interpretation)
        try visitor.column("limits", &record.limits)
        try visitor.column("tool", &record.tool)
        try visitor.column("tool_version", &record.toolVersion)
        try visitor.column("time", &record.time)
    }
}
