import Foundation

/// A thing a finding names, which other findings may name too: the ties of the evidence graph.
///
/// ```swift
/// EntityRef(kind: .url, value: "https://example.org/models/aurora-7b")
/// ```
public struct EntityRef: Sendable, Hashable, Codable {
    /// What sort of thing it is.
    public var kind: EntityKind
    /// Its value as written; the normalizer canonicalizes it.
    public var value: String
    /// How the finding relates to it (`base_model`, `author`), if that matters.
    public var role: String?

    public init(kind: EntityKind, value: String, role: String? = nil) {
        self.kind = kind
        self.value = value
        self.role = role
    }
}

/// The sort of thing an ``EntityRef`` names.
public struct EntityKind: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral {
    public let rawValue: String
    // Encoded as its raw string: the standard library's Codable for string raw values.
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let url: EntityKind = "url"
    public static let email: EntityKind = "email"
    public static let host: EntityKind = "host"
    public static let person: EntityKind = "person"
    public static let model: EntityKind = "model"
    public static let dataset: EntityKind = "dataset"
    public static let technique: EntityKind = "technique"
    public static let softwarePackage: EntityKind = "software_package"
    public static let architectureFingerprint: EntityKind = "architecture_fingerprint"
}
