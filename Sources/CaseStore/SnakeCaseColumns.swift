import GRDB

/// Records whose camelCase properties are snake_case columns (`originalID` ↔ `original_id`).
public protocol SnakeCaseColumns: FetchableRecord, EncodableRecord {}

extension SnakeCaseColumns {
    public static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy {
        .custom { column in ColumnKey(stringValue: ColumnKey.propertyName(column)) }
    }

    public static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A coding key for a column, named as the Swift property.
private struct ColumnKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    /// `original_id` → `originalID`, `time_utc` → `timeUTC`, `exhibit_sequence` → `exhibitSequence`.
    static func propertyName(_ column: String) -> String {
        let parts = column.split(separator: "_").map(String.init)
        guard let first = parts.first else { return column }
        return first + parts.dropFirst().map { part in
            ["id", "utc"].contains(part) ? part.uppercased() : part.prefix(1).uppercased() + part.dropFirst()
        }.joined()
    }
}

extension ArtifactRecord: SnakeCaseColumns {}
extension FindingRecord: SnakeCaseColumns {}
extension EntityRecord: SnakeCaseColumns {}
extension MentionRecord: SnakeCaseColumns {}
extension CustodyRecord: SnakeCaseColumns {}
