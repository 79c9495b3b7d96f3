import GRDB

/// An entity node: a thing several findings can name.
public struct EntityRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "entity"
    /// Deterministic UUIDv5 over kind and canonical value.
    public var id: String
    public var kind: String
    public var value: String

    public init(id: String, kind: String, value: String) {
        self.id = id; self.kind = kind; self.value = value
    }
}
