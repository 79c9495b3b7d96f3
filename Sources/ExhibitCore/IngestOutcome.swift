import Foundation

/// What became of one path given to `exhibit add`.
public enum IngestOutcome: Sendable {
    /// Acquired as a new exhibit.
    case added(exhibit: String, OriginalSummary)
    /// The case already holds an original with the same SHA-256.
    case duplicate(path: String, sha256: String, existing: String)
    /// It could not be acquired (missing, not a regular file, unreadable).
    case failed(path: String, message: String)
    /// Found in a folder and deliberately not acquired (``AcquisitionItem/skipped(path:reason:)``).
    case skipped(path: String, reason: String)
}

/// Counts for one acquired original.
public struct OriginalSummary: Sendable, Codable, Hashable {
    public var path: String
    public var name: String
    public var sha256: String
    public var size: Int64
    public var members: Int
    public var findings: Int
    public var warnings: Int
    public var limitations: Int
    public var errors: Int
}
