import GRDB

/// One finding node, normalized: attributes and locator as canonical JSON, time in UTC.
public struct FindingRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "finding"

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

    /// The columns ``init(row:)`` reads, in its order: queries select exactly these.
    public static let selection = "id, artifact_id, original_id, exhibit, exhibit_sequence, ordinal, kind, severity, "
        + "summary, attributes, locator, evidence_path, time_utc, time_original, time_zone_source, "
        + "extractor_id, extractor_version"

    /// Reads a row of ``selection`` by position, without `Codable` (its row decoder, and even
    /// lookups by column name, were most of an export's time); a value of the wrong type (a
    /// damaged case) throws instead of trapping.
    public init(row: Row) throws {
        id = try row.decode(atIndex: 0)
        artifactID = try row.decode(atIndex: 1)
        originalID = try row.decode(atIndex: 2)
        exhibit = try row.decode(atIndex: 3)
        exhibitSequence = try row.decode(atIndex: 4)
        ordinal = try row.decode(atIndex: 5)
        kind = try row.decode(atIndex: 6)
        severity = try row.decode(atIndex: 7)
        summary = try row.decode(atIndex: 8)
        attributes = try row.decode(atIndex: 9)
        locator = try row.decode(atIndex: 10)
        evidencePath = try row.decode(atIndex: 11)
        timeUTC = try row.decode(atIndex: 12)
        timeOriginal = try row.decode(atIndex: 13)
        timeZoneSource = try row.decode(atIndex: 14)
        extractorID = try row.decode(atIndex: 15)
        extractorVersion = try row.decode(atIndex: 16)
    }
}
