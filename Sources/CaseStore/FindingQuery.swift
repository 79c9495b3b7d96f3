import Foundation

/// Which findings to read, and in what order: the filters of ``CaseFile/forEachFinding(kind:exhibit:_:)``
/// and those the exports need (kinds left out, events only, time order).
public struct FindingQuery: Sendable, Hashable {
    /// The orders the store reads findings in.
    public enum Order: Sendable, Hashable {
        /// Exhibit, then emission order within it.
        case read
        /// UTC time, then exhibit and emission order: a timeline.
        case time
    }

    /// Any of these kinds (exact, or a family such as `archive.*`); empty means every kind.
    public var kinds: [String]
    /// None of these kinds (exact).
    public var excludedKinds: [String]
    public var exhibit: String?
    /// Only findings with a UTC time.
    public var eventsOnly: Bool
    public var order: Order

    public init(kinds: [String] = [], excludedKinds: [String] = [], exhibit: String? = nil, eventsOnly: Bool = false,
                order: Order = .read) {
        self.kinds = kinds
        self.excludedKinds = excludedKinds
        self.exhibit = exhibit
        self.eventsOnly = eventsOnly
        self.order = order
    }

    /// The `WHERE` clause (empty, or starting with a space) and its arguments.
    var filter: (sql: String, arguments: [String]) {
        var clauses: [String] = []
        var arguments: [String] = []
        if !kinds.isEmpty {
            let alternatives = kinds.map { kind -> String in
                guard kind.hasSuffix(".*") else {
                    arguments.append(kind)
                    return "kind = ?"
                }
                arguments.append(Self.likePrefix(String(kind.dropLast(1))))
                return "kind LIKE ? ESCAPE '\\'"
            }
            clauses.append("(" + alternatives.joined(separator: " OR ") + ")")
        }
        for kind in excludedKinds {
            clauses.append("kind <> ?")
            arguments.append(kind)
        }
        if let exhibit {
            clauses.append("exhibit = ?")
            arguments.append(exhibit)
        }
        if eventsOnly { clauses.append("time_utc IS NOT NULL") }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    var orderBy: String {
        switch order {
        case .read: return " ORDER BY exhibit_sequence, ordinal"
        case .time: return " ORDER BY time_utc COLLATE BINARY, exhibit_sequence, ordinal"
        }
    }

    /// `prefix%` with LIKE's own wildcards escaped.
    private static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
