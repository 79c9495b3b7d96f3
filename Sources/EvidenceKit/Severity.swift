import Foundation

/// How much attention a finding needs.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// A fact.
    case info
    /// A recoverable problem, an anomaly, or work skipped.
    case warning
    /// Nothing more could be read from the artifact.
    case error

    private var rank: Int { Self.allCases.firstIndex(of: self) ?? 0 }
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
