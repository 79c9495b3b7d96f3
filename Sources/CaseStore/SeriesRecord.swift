import ExhibitFoundation

/// The points of one metric, belonging to a finding (a `training.metric` summary, a layer's
/// statistics): one row, its points packed in one blob (EvidenceKit's `Series` format), never a
/// row per point.
public struct SeriesRecord: Sendable, Codable, Hashable, StoredRecord {
    /// UUIDv5 over the finding's id and the series' place among its series (``makeID(findingID:ordinal:)``).
    public var id: String
    public var findingID: String
    /// Its place among the finding's series, from 0.
    public var ordinal: Int
    public var name: String
    public var unit: String
    /// `step` or `time`.
    public var axis: String
    public var count: Int64
    /// The packed points (EvidenceKit `Series.packed`: header, then 16 bytes a point).
    public var points: [UInt8]

    public init(id: String, findingID: String, ordinal: Int, name: String, unit: String, axis: String, count: Int64,
                points: [UInt8]) {
        self.id = id; self.findingID = findingID; self.ordinal = ordinal; self.name = name; self.unit = unit
        self.axis = axis; self.count = count; self.points = points
    }

    /// The id of a finding's series at `ordinal`.
    public static func makeID(findingID: String, ordinal: Int) -> String {
        DeterministicID.make("series", findingID, String(ordinal))
    }

    package static let table = "series"
    package static var blank: SeriesRecord {
        SeriesRecord(id: "", findingID: "", ordinal: 0, name: "", unit: "", axis: "", count: 0, points: [])
    }

    package static func columns<V: ColumnVisitor>(of record: inout SeriesRecord, _ visitor: inout V) throws {
        try visitor.column("id", &record.id)
        try visitor.column("finding_id", &record.findingID)
        try visitor.column("ordinal", &record.ordinal)
        try visitor.column("name", &record.name)
        try visitor.column("unit", &record.unit)
        try visitor.column("axis", &record.axis)
        try visitor.column("count", &record.count)
        try visitor.column("points", &record.points)
    }
}
