/// One input of an analysis: a node of the graph and the part it plays.
public struct AnalysisInputRecord: Sendable, Codable, Hashable, StoredRecord {
    /// The parts an input plays.
    public enum Role: String, Sendable, Codable, CaseIterable {
        /// The two sides of a comparison (one party's artifact against the other's).
        case left, right
        /// A result the score is read against (a public model, a shuffled copy).
        case control
        /// What the inputs are compared on or with (the entity they share, a published baseline).
        case reference
        /// One of a group the method treats alike (the exhibits holding the same bytes).
        case member
    }

    /// The kinds of node an analysis reads.
    public enum NodeKind: String, Sendable, Codable, CaseIterable {
        case artifact, finding, entity, analysis
    }

    public var analysisID: String
    public var nodeID: String
    /// `artifact`, `finding`, `entity` or `analysis` (``NodeKind``).
    public var nodeKind: String
    /// `left`, `right`, `control`, `reference` or `member` (``Role``).
    public var role: String
    /// Its place in the method's list of inputs.
    public var ordinal: Int

    public init(analysisID: String, nodeID: String, nodeKind: NodeKind, role: Role, ordinal: Int) {
        self.analysisID = analysisID; self.nodeID = nodeID; self.nodeKind = nodeKind.rawValue
        self.role = role.rawValue; self.ordinal = ordinal
    }

    package static let table = "analysis_input"
    package static var blank: AnalysisInputRecord {
        AnalysisInputRecord(analysisID: "", nodeID: "", nodeKind: .artifact, role: .member, ordinal: 0)
    }

    package static func columns<V: ColumnVisitor>(of record: inout AnalysisInputRecord, _ visitor: inout V) throws {
        try visitor.column("analysis_id", &record.analysisID)
        try visitor.column("node_id", &record.nodeID)
        try visitor.column("node_kind", &record.nodeKind)
        try visitor.column("role", &record.role)
        try visitor.column("ordinal", &record.ordinal)
    }
}
