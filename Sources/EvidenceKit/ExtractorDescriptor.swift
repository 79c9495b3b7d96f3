import Foundation

/// An extractor's self-description: who it is, what it accepts, what it finds, and the examples
/// that prove it.
///
/// ```swift
/// static let descriptor = ExtractorDescriptor(
///     id: "archive", version: "1.0.0", summary: "Archives and compressed streams via libarchive",
///     accepts: Acceptance(signatures: [MagicSignature("gzip", bytes: [0x1F, 0x8B])],
///                         namePatterns: ["*.tar"]),
///     findingKinds: ["archive.format"],
///     examples: [.yields("archive/release.tar.gz", findings: [.init("archive.format")])])
/// ```
public struct ExtractorDescriptor: Sendable {
    /// Stable snake_case identifier, used on the command line and in bundles.
    public let id: String
    /// The extractor's own version (semantic versioning); recorded with every finding.
    public let version: String
    /// One line saying what it reads.
    public let summary: String
    /// The formats it accepts.
    public let accepts: Acceptance
    /// The finding kinds it may emit, for documentation.
    public let findingKinds: [FindingKind]
    /// Sample files with what they must yield, and files it must decline: its tests.
    public let examples: [ExtractorExample]

    public init(id: String, version: String, summary: String, accepts: Acceptance,
                findingKinds: [FindingKind] = [], examples: [ExtractorExample] = []) {
        self.id = id
        self.version = version
        self.summary = summary
        self.accepts = accepts
        self.findingKinds = findingKinds
        self.examples = examples
    }
}
