import Foundation

/// A finding's namespaced kind: `family.detail`, lower snake case.
///
/// ```swift
/// let kind: FindingKind = "archive.anomaly"
/// ```
public struct FindingKind: RawRepresentable, Hashable, Comparable, Codable, Sendable,
    ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    // Encoded as its raw string: the standard library's Codable for string raw values.
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
    public static func < (lhs: FindingKind, rhs: FindingKind) -> Bool { lhs.rawValue < rhs.rawValue }

    /// A recoverable problem in the input; extraction went on.
    public static let extractionWarning: FindingKind = "extraction.warning"
    /// A fatal problem for one artifact, recorded by the host from an ``EvidenceError``.
    public static let extractionError: FindingKind = "extraction.error"
    /// A resource limit stopped part of the work; what was skipped and why.
    public static let limitation: FindingKind = "limitation"
    /// The host's identification of an artifact: media type, and which extractor took it.
    public static let recognition: FindingKind = "artifact.recognition"
}
