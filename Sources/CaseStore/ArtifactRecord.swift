/// One artifact node: an original (``parentID`` is `nil`) or a member of a container.
public struct ArtifactRecord: Sendable, Codable, Hashable, StoredRecord {
    /// Deterministic UUIDv5 over the container's id and the member path.
    public var id: String
    /// The original this artifact came from (itself for an original).
    public var originalID: String
    /// The container it is a member of.
    public var parentID: String?
    /// The exhibit number of its original (`EX-0001`), given when the original is written.
    public var exhibit: String
    /// The acquisition order of its original, from 1.
    public var exhibitSequence: Int
    /// Its order within its original (the original is 0).
    public var ordinal: Int
    /// How many containers enclose it.
    public var depth: Int
    public var name: String
    /// The path inside its container, as stored (nil for originals).
    public var memberPath: String?
    /// The original's name, then each member path, joined by ` ▸ `.
    public var evidencePath: String
    /// For originals: the absolute path it was acquired from.
    public var sourcePath: String?
    public var party: String?
    public var entryType: String
    public var linkTarget: String?
    /// Bytes of content read.
    public var size: Int64
    public var declaredSize: Int64?
    /// SHA-256 of the content, lower-case hex; nil when a limit stopped the read.
    public var sha256: String?
    public var hashComplete: Bool
    public var mediaType: String?
    /// The extractor that read it, if one accepted it.
    public var extractorID: String?
    public var mode: Int64?
    public var owner: String?
    public var group: String?
    public var modified: String?
    /// Other facts, as a JSON object with sorted keys (file times, time zone used).
    public var details: String

    public init(id: String, originalID: String, parentID: String?, exhibit: String, exhibitSequence: Int,
                ordinal: Int, depth: Int, name: String, memberPath: String?, evidencePath: String,
                sourcePath: String?, party: String?, entryType: String, linkTarget: String?, size: Int64,
                declaredSize: Int64?, sha256: String?, hashComplete: Bool, mediaType: String?,
                extractorID: String?, mode: Int64?, owner: String?, group: String?, modified: String?,
                details: String) {
        self.id = id; self.originalID = originalID; self.parentID = parentID; self.exhibit = exhibit
        self.exhibitSequence = exhibitSequence; self.ordinal = ordinal; self.depth = depth
        self.name = name; self.memberPath = memberPath; self.evidencePath = evidencePath
        self.sourcePath = sourcePath; self.party = party; self.entryType = entryType
        self.linkTarget = linkTarget; self.size = size; self.declaredSize = declaredSize
        self.sha256 = sha256; self.hashComplete = hashComplete; self.mediaType = mediaType
        self.extractorID = extractorID; self.mode = mode; self.owner = owner; self.group = group
        self.modified = modified; self.details = details
    }

    package static let table = "artifact"

    package static var blank: ArtifactRecord {
        ArtifactRecord(id: "", originalID: "", parentID: nil, exhibit: "", exhibitSequence: 0, ordinal: 0, depth: 0,
                       name: "", memberPath: nil, evidencePath: "", sourcePath: nil, party: nil, entryType: "",
                       linkTarget: nil, size: 0, declaredSize: nil, sha256: nil, hashComplete: false, mediaType: nil,
                       extractorID: nil, mode: nil, owner: nil, group: nil, modified: nil, details: "")
    }

    package static func columns<V: ColumnVisitor>(of record: inout ArtifactRecord, _ visitor: inout V) throws {
        try visitor.column("id", &record.id)
        try visitor.column("original_id", &record.originalID)
        try visitor.column("parent_id", &record.parentID)
        try visitor.column("exhibit", &record.exhibit)
        try visitor.column("exhibit_sequence", &record.exhibitSequence)
        try visitor.column("ordinal", &record.ordinal)
        try visitor.column("depth", &record.depth)
        try visitor.column("name", &record.name)
        try visitor.column("member_path", &record.memberPath)
        try visitor.column("evidence_path", &record.evidencePath)
        try visitor.column("source_path", &record.sourcePath)
        try visitor.column("party", &record.party)
        try visitor.column("entry_type", &record.entryType)
        try visitor.column("link_target", &record.linkTarget)
        try visitor.column("size", &record.size)
        try visitor.column("declared_size", &record.declaredSize)
        try visitor.column("sha256", &record.sha256)
        try visitor.column("hash_complete", &record.hashComplete)
        try visitor.column("media_type", &record.mediaType)
        try visitor.column("extractor_id", &record.extractorID)
        try visitor.column("mode", &record.mode)
        try visitor.column("owner", &record.owner)
        try visitor.column("group", &record.group)
        try visitor.column("modified", &record.modified)
        try visitor.column("details", &record.details)
    }
}
