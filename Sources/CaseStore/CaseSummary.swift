import Foundation

/// What `exhibit show` prints: the case at a glance.
public struct CaseSummary: Sendable, Codable, Hashable {
    /// One original.
    public struct Exhibit: Sendable, Codable, Hashable {
        public var exhibit: String
        public var name: String
        public var party: String?
        public var size: Int64
        public var sha256: String?
        public var members: Int
    }

    public var info: CaseInfo
    public var exhibits: [Exhibit]
    /// Parties with the number of exhibits each.
    public var parties: [String: Int]
    public var artifactCount: Int
    public var findingCount: Int
    public var findingsByKind: [String: Int]
    public var entityCount: Int
    /// Every limitation: what a limit skipped.
    public var limitations: [FindingRecord]
    /// Every extraction error.
    public var errors: [FindingRecord]
    /// How many analyses of each method.
    public var analysesByMethod: [String: Int]
    /// How many series the findings carry.
    public var seriesCount: Int
}
