import Foundation

/// What an extractor accepts: magic bytes first, then file names, then media types.
///
/// ```swift
/// Acceptance(signatures: [MagicSignature("zip", bytes: Array("PK\u{3}\u{4}".utf8))],
///            namePatterns: ["*.zip", "*.whl"], mediaTypes: ["application/zip"])
/// ```
public struct Acceptance: Sendable, Hashable {
    /// Byte signatures; one match is enough.
    public let signatures: [MagicSignature]
    /// Shell-style patterns (`*`, `?`) on the file name, matched without regard to case.
    public let namePatterns: [String]
    /// Media types it reads.
    public let mediaTypes: [String]

    /// The name patterns, lower-cased and compiled once.
    private let compiledPatterns: [GlobPattern]

    public init(signatures: [MagicSignature] = [], namePatterns: [String] = [], mediaTypes: [String] = []) {
        self.signatures = signatures
        self.namePatterns = namePatterns
        self.mediaTypes = mediaTypes
        self.compiledPatterns = namePatterns.map { GlobPattern($0.lowercased()) }
    }

    /// The first signature found in `head`, if any.
    public func signature(in head: Data) -> MagicSignature? {
        signatures.first { $0.matches(head) }
    }

    /// Whether a name pattern matches `name`.
    public func matchesName(_ name: String) -> Bool {
        matchesName(lowercasedUTF8: Array(name.lowercased().utf8))
    }

    /// Whether a name, already lower-cased and as UTF-8 bytes, matches one of the patterns
    /// (the host lowers each name once for all extractors).
    public func matchesName(lowercasedUTF8 name: [UInt8]) -> Bool {
        compiledPatterns.contains { $0.matches(name) }
    }

    /// Whether the artifact is accepted by signature or by name.
    public func accepts(head: Data, name: String) -> Bool {
        signature(in: head) != nil || matchesName(name)
    }
}
