/// One kind of finding an extractor emits, and how it is presented: in the report (headline,
/// detail or bulk), on the timeline (its Timesketch `timestamp_desc`), and in CASE/UCO.
///
/// A string literal is a kind shown in detail, with no timeline or CASE/UCO mapping of its own.
///
/// ```swift
/// findingKinds: [
///     .headline("ml.architecture", "a model architecture, normalized and fingerprinted"),
///     .bulk("config.entry", "one leaf of a configuration file"),
///     .events("archive.member_time", "a member's modification time", timestampDescription: "Archive member modification time",
///             presentation: .bulk),
///     "archive.read_mode",
/// ]
/// ```
public struct FindingKindDescription: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    /// The kind.
    public var kind: FindingKind
    /// What a finding of this kind states, in a few words.
    public var summary: String?
    /// How the report shows it.
    public var presentation: FindingPresentation
    /// When its findings carry a time: how a timeline describes that time (Timesketch's
    /// `timestamp_desc`, e.g. "Archive member modification time").
    public var timestampDescription: String?
    /// How it appears in CASE/UCO besides an annotation.
    public var caseUCO: CaseUCOMapping?

    public init(_ kind: FindingKind, _ summary: String? = nil, presentation: FindingPresentation = .detail,
                timestampDescription: String? = nil, caseUCO: CaseUCOMapping? = nil) {
        self.kind = kind
        self.summary = summary
        self.presentation = presentation
        self.timestampDescription = timestampDescription
        self.caseUCO = caseUCO
    }

    public init(stringLiteral value: String) {
        self.init(FindingKind(rawValue: value))
    }

    /// A key finding, shown at the top of the report.
    public static func headline(_ kind: FindingKind, _ summary: String) -> FindingKindDescription {
        FindingKindDescription(kind, summary, presentation: .headline)
    }

    /// A finding shown in its exhibit's table.
    public static func detail(_ kind: FindingKind, _ summary: String) -> FindingKindDescription {
        FindingKindDescription(kind, summary)
    }

    /// A finding too numerous to print one by one: counted in the report, listed in the CSV.
    public static func bulk(_ kind: FindingKind, _ summary: String) -> FindingKindDescription {
        FindingKindDescription(kind, summary, presentation: .bulk)
    }

    /// Findings that are timeline events, described on the timeline as `timestampDescription`.
    public static func events(_ kind: FindingKind, _ summary: String, timestampDescription: String,
                              presentation: FindingPresentation = .detail) -> FindingKindDescription {
        FindingKindDescription(kind, summary, presentation: presentation, timestampDescription: timestampDescription)
    }

    enum CodingKeys: String, CodingKey {
        case kind, summary, presentation
        case timestampDescription = "timestamp_desc", caseUCO = "case_uco"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(FindingKind.self, forKey: .kind)
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
        presentation = try container.decodeIfPresent(FindingPresentation.self, forKey: .presentation) ?? .detail
        timestampDescription = try container.decodeIfPresent(String.self, forKey: .timestampDescription)
        caseUCO = try container.decodeIfPresent(CaseUCOMapping.self, forKey: .caseUCO)
    }
}
