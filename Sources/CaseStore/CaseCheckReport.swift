/// What `exhibit check` found: the custody chain and every sealed row, recomputed.
public struct CaseCheckReport: Sendable, Codable, Hashable {
    /// One disagreement, with the custody entry and the row it concerns where known.
    public struct Failure: Sendable, Codable, Hashable {
        /// The custody entry's sequence.
        public var record: Int64?
        public var action: String?
        public var table: String?
        /// The row's key (its id, or its key columns joined by spaces).
        public var row: String?
        public var message: String

        // Every key present, null when unknown (docs/cli.md).
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(record, forKey: .record)
            try container.encode(action, forKey: .action)
            try container.encode(table, forKey: .table)
            try container.encode(row, forKey: .row)
            try container.encode(message, forKey: .message)
        }
    }

    public var path: String
    /// Custody entries read.
    public var records: Int
    /// Sealed rows read.
    public var rows: Int64
    /// The digest of the last entry: note it (or have it timestamped) to detect later rewrites.
    public var head: String
    /// In chain order (by record, then table, then row); at most ``CaseCheck/listed`` are listed.
    public var failures: [Failure]
    /// Failures found beyond those listed.
    public var unlisted: Int

    public var ok: Bool { failures.isEmpty }

    private enum CodingKeys: String, CodingKey {
        case path = "case", records, rows, head, failures, unlisted, ok
    }

    public init(path: String, records: Int, rows: Int64, head: String, failures: [Failure], unlisted: Int) {
        self.path = path; self.records = records; self.rows = rows; self.head = head
        self.failures = failures; self.unlisted = unlisted
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        records = try container.decode(Int.self, forKey: .records)
        rows = try container.decode(Int64.self, forKey: .rows)
        head = try container.decode(String.self, forKey: .head)
        failures = try container.decode([Failure].self, forKey: .failures)
        unlisted = try container.decode(Int.self, forKey: .unlisted)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(records, forKey: .records)
        try container.encode(rows, forKey: .rows)
        try container.encode(head, forKey: .head)
        try container.encode(failures, forKey: .failures)
        try container.encode(unlisted, forKey: .unlisted)
        try container.encode(ok, forKey: .ok)
    }

    /// The first disagreement in chain order, in one line.
    public var firstFailure: String? {
        failures.first.map { failure in
            var place: [String] = []
            if let record = failure.record { place.append("custody #\(record)" + (failure.action.map { " (\($0))" } ?? "")) }
            if let table = failure.table { place.append(table + (failure.row.map { " \($0)" } ?? "")) }
            return (place.isEmpty ? "" : place.joined(separator: ", ") + ": ") + failure.message
        }
    }
}
