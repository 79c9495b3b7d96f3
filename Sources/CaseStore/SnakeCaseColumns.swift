import GRDB

/// Records whose camelCase properties are snake_case columns.
public protocol SnakeCaseColumns: FetchableRecord, EncodableRecord {}

extension SnakeCaseColumns {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

extension ArtifactRecord: SnakeCaseColumns {}
extension FindingRecord: SnakeCaseColumns {}
extension EntityRecord: SnakeCaseColumns {}
extension MentionRecord: SnakeCaseColumns {}
extension CustodyRecord: SnakeCaseColumns {}
