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
}
