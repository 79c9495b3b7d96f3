import Foundation

/// A finding an example must yield: its kind, some of its attributes, and optionally how many.
///
/// ```swift
/// ExpectedFinding("archive.anomaly", ["anomaly": "path_traversal"], count: 2)
/// ```
public struct ExpectedFinding: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The kind.
    public let kind: FindingKind
    /// Attributes the finding must have with exactly these values; others may be present.
    public let attributes: [String: Value]
    /// The exact number of matching findings, or `nil` for at least one.
    public let count: Int?

    public init(_ kind: FindingKind, _ attributes: [String: Value] = [:], count: Int? = nil) {
        self.kind = kind
        self.attributes = attributes
        self.count = count
    }

    /// Whether `finding` matches.
    public func matches(_ finding: Finding) -> Bool {
        finding.kind == kind && attributes.allSatisfy { finding.attributes[$0.key] == $0.value }
    }

    enum CodingKeys: String, CodingKey {
        case kind, attributes, count
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(FindingKind.self, forKey: .kind)
        attributes = try container.decodeIfPresent([String: Value].self, forKey: .attributes) ?? [:]
        count = try container.decodeIfPresent(Int.self, forKey: .count)
    }

    public var description: String {
        let attributeText = attributes.keys.sorted().map { "\($0)=\(attributes[$0]!)" }.joined(separator: ", ")
        return "\(kind)" + (attributeText.isEmpty ? "" : " [\(attributeText)]") + (count.map { " ×\($0)" } ?? "")
    }
}
