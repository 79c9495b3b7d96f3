import Foundation

/// What an extractor accepts: magic bytes, file names, media types — each either specific to
/// its format or generic (shared by many formats), so that the most specific extractor wins.
///
/// ```swift
/// Acceptance(signatures: [MagicSignature("zip", bytes: Array("PK\u{3}\u{4}".utf8))],
///            namePatterns: ["*.zip", "*.whl"], mediaTypes: ["application/zip"])
/// Acceptance(signatures: [MagicSignature("json object", bytes: Array("{".utf8), generic: true)],
///            namePatterns: ["*.toml"], genericNamePatterns: ["*.json"])
/// ```
public struct Acceptance: Sendable, Hashable, Codable {
    /// Byte signatures; one match is enough.
    public let signatures: [MagicSignature]
    /// Shell-style patterns (`*`, `?`) on the file name, specific to the format, matched without
    /// regard to case.
    public let namePatterns: [String]
    /// Patterns that many formats share (`*.json`, `*.txt`): they rank below a specific name.
    public let genericNamePatterns: [String]
    /// Media types it reads.
    public let mediaTypes: [String]

    /// The name patterns, lower-cased and compiled once (whole names apart: they rank higher).
    private let compiledPatterns: [GlobPattern]
    private let exactNames: Set<[UInt8]>
    private let compiledGenericPatterns: [GlobPattern]

    public init(signatures: [MagicSignature] = [], namePatterns: [String] = [], genericNamePatterns: [String] = [],
                mediaTypes: [String] = []) {
        self.signatures = signatures
        self.namePatterns = namePatterns
        self.genericNamePatterns = genericNamePatterns
        self.mediaTypes = mediaTypes
        self.compiledPatterns = namePatterns.map { GlobPattern($0.lowercased()) }
        self.exactNames = Set(namePatterns.filter { !$0.contains("*") && !$0.contains("?") }.map { Array($0.lowercased().utf8) })
        self.compiledGenericPatterns = genericNamePatterns.map { GlobPattern($0.lowercased()) }
    }

    enum CodingKeys: String, CodingKey {
        case signatures
        case namePatterns = "name_patterns", genericNamePatterns = "generic_name_patterns", mediaTypes = "media_types"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(signatures: try container.decodeIfPresent([MagicSignature].self, forKey: .signatures) ?? [],
                  namePatterns: try container.decodeIfPresent([String].self, forKey: .namePatterns) ?? [],
                  genericNamePatterns: try container.decodeIfPresent([String].self, forKey: .genericNamePatterns) ?? [],
                  mediaTypes: try container.decodeIfPresent([String].self, forKey: .mediaTypes) ?? [])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(signatures, forKey: .signatures)
        try container.encode(namePatterns, forKey: .namePatterns)
        try container.encode(genericNamePatterns, forKey: .genericNamePatterns)
        try container.encode(mediaTypes, forKey: .mediaTypes)
    }

    public static func == (lhs: Acceptance, rhs: Acceptance) -> Bool {
        lhs.signatures == rhs.signatures && lhs.namePatterns == rhs.namePatterns
            && lhs.genericNamePatterns == rhs.genericNamePatterns && lhs.mediaTypes == rhs.mediaTypes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(signatures)
        hasher.combine(namePatterns)
        hasher.combine(genericNamePatterns)
        hasher.combine(mediaTypes)
    }

    /// The first signature found in `head`, if any: exact ones before generic ones.
    public func signature(in head: Data) -> MagicSignature? {
        signatures.first { !$0.isGeneric && $0.matches(head) } ?? signatures.first { $0.isGeneric && $0.matches(head) }
    }

    /// Whether a name pattern (specific or generic) matches `name`.
    public func matchesName(_ name: String) -> Bool {
        let lowered = Array(name.lowercased().utf8)
        return compiledPatterns.contains { $0.matches(lowered) } || compiledGenericPatterns.contains { $0.matches(lowered) }
    }

    /// How strongly the head and the name match, or `nil` if neither does. `name` is lower-cased
    /// UTF-8 (the host lowers each name once for all extractors).
    public func strength(head: Data, lowercasedName name: [UInt8]) -> MatchStrength? {
        if signatures.contains(where: { !$0.isGeneric && $0.matches(head) }) { return .signature }
        if exactNames.contains(name) { return .exactName }
        if compiledPatterns.contains(where: { $0.matches(name) }) { return .name }
        if signatures.contains(where: { $0.isGeneric && $0.matches(head) })
            || compiledGenericPatterns.contains(where: { $0.matches(name) }) { return .generic }
        return nil
    }

    /// Whether the artifact is accepted by signature or by name, at any strength.
    public func accepts(head: Data, name: String) -> Bool {
        strength(head: head, lowercasedName: Array(name.lowercased().utf8)) != nil
    }
}
