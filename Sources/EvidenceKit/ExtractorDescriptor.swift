import Foundation

/// An extractor's self-description: who it is, what it accepts and reads, what it finds and how
/// that is presented, its options, and the examples that prove it.
///
/// The descriptor is also the wire form an external extractor sends at its handshake, so it is
/// `Codable` (snake_case keys), and everything the host and the bundle need to know about an
/// extractor is here: the bundle names no extractor, it reads descriptors.
///
/// ```swift
/// static let descriptor = ExtractorDescriptor(
///     id: "archive", version: "1.0.0", summary: "Archives and compressed streams via libarchive",
///     rationale: "Reads every member's bytes and metadata as the archive stores them; does not see "
///         + "data the format hides from libarchive (slack space, deleted entries).",
///     accepts: Acceptance(signatures: [MagicSignature("gzip", bytes: [0x1F, 0x8B])], namePatterns: ["*.tar"]),
///     findingKinds: [.headline("archive.format", "the container format and its filters")],
///     examples: [.yields("archive/release.tar.gz", findings: [.init("archive.format")])])
/// ```
public struct ExtractorDescriptor: Sendable, Hashable, Codable {
    /// Stable snake_case identifier, used on the command line and in bundles.
    public let id: String
    /// Identifiers this extractor was known by before: cases and bundles that name an old id
    /// still find it.
    public let formerIDs: [String]
    /// The extractor's own version (semantic versioning); recorded with every finding.
    public let version: String
    /// One line saying what it reads.
    public let summary: String
    /// What the extractor reads and, as plainly, what it does not see — quoted in a tribunal's
    /// method section and printed in the bundle's report for every extractor used.
    public let rationale: String
    /// The formats it accepts.
    public let accepts: Acceptance
    /// The finding kinds it may emit, and how each is presented.
    public let findingKinds: [FindingKindDescription]
    /// Its options and their defaults (``ConfigurableExtractor``); empty when it takes none.
    public let options: [String: Value]
    /// Sample files with what they must yield, and files it must decline: its tests.
    public let examples: [ExtractorExample]

    public init(id: String, formerIDs: [String] = [], version: String, summary: String, rationale: String = "",
                accepts: Acceptance, findingKinds: [FindingKindDescription] = [], options: [String: Value] = [:],
                examples: [ExtractorExample] = []) {
        self.id = id
        self.formerIDs = formerIDs
        self.version = version
        self.summary = summary
        self.rationale = rationale
        self.accepts = accepts
        self.findingKinds = findingKinds
        self.options = options
        self.examples = examples
    }

    /// How findings of `kind` are presented, if the descriptor says.
    public func description(of kind: FindingKind) -> FindingKindDescription? {
        findingKinds.first { $0.kind == kind }
    }

    /// Whether `id` names this extractor, now or before.
    public func isNamed(_ id: String) -> Bool {
        self.id == id || formerIDs.contains(id)
    }

    /// The descriptor without its examples: what a case records of the extractors it used.
    public var withoutExamples: ExtractorDescriptor {
        ExtractorDescriptor(id: id, formerIDs: formerIDs, version: version, summary: summary, rationale: rationale,
                            accepts: accepts, findingKinds: findingKinds, options: options)
    }

    enum CodingKeys: String, CodingKey {
        case id, version, summary, rationale, accepts, options, examples
        case formerIDs = "former_ids", findingKinds = "finding_kinds"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  formerIDs: try container.decodeIfPresent([String].self, forKey: .formerIDs) ?? [],
                  version: try container.decode(String.self, forKey: .version),
                  summary: try container.decode(String.self, forKey: .summary),
                  rationale: try container.decodeIfPresent(String.self, forKey: .rationale) ?? "",
                  accepts: try container.decodeIfPresent(Acceptance.self, forKey: .accepts) ?? Acceptance(),
                  findingKinds: try container.decodeIfPresent([FindingKindDescription].self, forKey: .findingKinds) ?? [],
                  options: try container.decodeIfPresent([String: Value].self, forKey: .options) ?? [:],
                  examples: try container.decodeIfPresent([ExtractorExample].self, forKey: .examples) ?? [])
    }
}
