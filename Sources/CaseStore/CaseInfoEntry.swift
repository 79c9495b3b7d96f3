/// One line of the case header (`case_info`): a key and its value.
struct CaseInfoEntry: StoredRecord {
    var key: String
    var value: String

    static let table = "case_info"
    static var blank: CaseInfoEntry { CaseInfoEntry(key: "", value: "") }

    static func columns<V: ColumnVisitor>(of record: inout CaseInfoEntry, _ visitor: inout V) throws {
        try visitor.column("key", &record.key)
        try visitor.column("value", &record.value)
    }
}
