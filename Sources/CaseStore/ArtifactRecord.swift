import GRDB

/// One artifact node: an original (``parentID`` is `nil`) or a member of a container.
public struct ArtifactRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"

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

    /// The columns ``init(row:)`` reads, in its order: queries select exactly these.
    public static let selection = "id, original_id, parent_id, exhibit, exhibit_sequence, ordinal, depth, name, "
        + "member_path, evidence_path, source_path, party, entry_type, link_target, size, "
        + "declared_size, sha256, hash_complete, media_type, extractor_id, mode, owner, \"group\", "
        + "modified, details"

    /// Reads a row of ``selection`` by position, without `Codable` (its row decoder, and even
    /// lookups by column name, were most of an export's time); a value of the wrong type (a
    /// damaged case) throws instead of trapping.
    public init(row: Row) throws {
        id = try row.decode(atIndex: 0)
        originalID = try row.decode(atIndex: 1)
        parentID = try row.decode(atIndex: 2)
        exhibit = try row.decode(atIndex: 3)
        exhibitSequence = try row.decode(atIndex: 4)
        ordinal = try row.decode(atIndex: 5)
        depth = try row.decode(atIndex: 6)
        name = try row.decode(atIndex: 7)
        memberPath = try row.decode(atIndex: 8)
        evidencePath = try row.decode(atIndex: 9)
        sourcePath = try row.decode(atIndex: 10)
        party = try row.decode(atIndex: 11)
        entryType = try row.decode(atIndex: 12)
        linkTarget = try row.decode(atIndex: 13)
        size = try row.decode(atIndex: 14)
        declaredSize = try row.decode(atIndex: 15)
        sha256 = try row.decode(atIndex: 16)
        hashComplete = try row.decode(atIndex: 17)
        mediaType = try row.decode(atIndex: 18)
        extractorID = try row.decode(atIndex: 19)
        mode = try row.decode(atIndex: 20)
        owner = try row.decode(atIndex: 21)
        group = try row.decode(atIndex: 22)
        modified = try row.decode(atIndex: 23)
        details = try row.decode(atIndex: 24)
    }
}
