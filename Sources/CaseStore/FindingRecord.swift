/// One finding node, normalized: attributes and locator as canonical JSON, time in UTC.
public struct FindingRecord: Sendable, Codable, Hashable, StoredRecord {
    /// Deterministic UUIDv5 over artifact, extractor, locator, kind and occurrence.
    public var id: String
    public var artifactID: String
    public var originalID: String
    public var exhibit: String
    public var exhibitSequence: Int
    /// Emission order within the original.
    public var ordinal: Int
    public var kind: String
    public var severity: String
    public var summary: String
    /// JSON object, sorted keys.
    public var attributes: String
    /// JSON object, sorted keys.
    public var locator: String
    public var evidencePath: String
    /// ISO 8601 UTC with `Z`, when the finding is an event.
    public var timeUTC: String?
    public var timeOriginal: String?
    /// Where the time zone came from: `utc`, `explicit_offset`, or `assumed:<zone> (<why>)`.
    public var timeZoneSource: String?
    public var extractorID: String
    public var extractorVersion: String

    public init(id: String, artifactID: String, originalID: String, exhibit: String, exhibitSequence: Int,
                ordinal: Int, kind: String, severity: String, summary: String, attributes: String,
                locator: String, evidencePath: String, timeUTC: String?, timeOriginal: String?,
                timeZoneSource: String?, extractorID: String, extractorVersion: String) {
        self.id = id; self.artifactID = artifactID; self.originalID = originalID; self.exhibit = exhibit
        self.exhibitSequence = exhibitSequence; self.ordinal = ordinal; self.kind = kind
        self.severity = severity; self.summary = summary; self.attributes = attributes
        self.locator = locator; self.evidencePath = evidencePath; self.timeUTC = timeUTC
        self.timeOriginal = timeOriginal; self.timeZoneSource = timeZoneSource
        self.extractorID = extractorID; self.extractorVersion = extractorVersion
    }

    package static let table = "finding"

    package static var blank: FindingRecord {
        FindingRecord(id: "", artifactID: "", originalID: "", exhibit: "", exhibitSequence: 0, ordinal: 0, kind: "",
                      severity: "", summary: "", attributes: "", locator: "", evidencePath: "", timeUTC: nil,
                      timeOriginal: nil, timeZoneSource: nil, extractorID: "", extractorVersion: "")
    }

    package static func columns<V: ColumnVisitor>(of record: inout FindingRecord, _ visitor: inout V) throws {
        try visitor.column("id", &record.id)
        try visitor.column("artifact_id", &record.artifactID)
        try visitor.column("original_id", &record.originalID)
        try visitor.column("exhibit", &record.exhibit)
        try visitor.column("exhibit_sequence", &record.exhibitSequence)
        try visitor.column("ordinal", &record.ordinal)
        try visitor.column("kind", &record.kind)
        try visitor.column("severity", &record.severity)
        try visitor.column("summary", &record.summary)
        try visitor.column("attributes", &record.attributes)
        try visitor.column("locator", &record.locator)
        try visitor.column("evidence_path", &record.evidencePath)
        try visitor.column("time_utc", &record.timeUTC)
        try visitor.column("time_original", &record.timeOriginal)
        try visitor.column("time_zone_source", &record.timeZoneSource)
        try visitor.column("extractor_id", &record.extractorID)
        try visitor.column("extractor_version", &record.extractorVersion)
    }
}
