/// An entity node: a thing several findings can name.
public struct EntityRecord: Sendable, Codable, Hashable, StoredRecord {
    /// Deterministic UUIDv5 over kind and canonical value.
    public var id: String
    public var kind: String
    public var value: String

    public init(id: String, kind: String, value: String) {
        self.id = id; self.kind = kind; self.value = value
    }

    package static let table = "entity"
    package static var blank: EntityRecord { EntityRecord(id: "", kind: "", value: "") }

    package static func columns<V: ColumnVisitor>(of record: inout EntityRecord, _ visitor: inout V) throws {
        try visitor.column("id", &record.id)
        try visitor.column("kind", &record.kind)
        try visitor.column("value", &record.value)
    }
}
