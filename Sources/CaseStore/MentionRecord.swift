import GRDB

/// A `mentions` edge from a finding to an entity.
public struct MentionRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "mention"
    public var findingID: String
    public var entityID: String
    public var role: String

    public init(findingID: String, entityID: String, role: String) {
        self.findingID = findingID; self.entityID = entityID; self.role = role
    }
}
