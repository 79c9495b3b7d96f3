/// A `mentions` edge from a finding to an entity.
public struct MentionRecord: Sendable, Codable, Hashable, StoredRecord {
    public var findingID: String
    public var entityID: String
    public var role: String

    public init(findingID: String, entityID: String, role: String) {
        self.findingID = findingID; self.entityID = entityID; self.role = role
    }

    package static let table = "mention"
    package static var blank: MentionRecord { MentionRecord(findingID: "", entityID: "", role: "") }

    package static func columns<V: ColumnVisitor>(of record: inout MentionRecord, _ visitor: inout V) throws {
        try visitor.column("finding_id", &record.findingID)
        try visitor.column("entity_id", &record.entityID)
        try visitor.column("role", &record.role)
    }
}
