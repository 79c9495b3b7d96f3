import Foundation

/// One fact an extractor saw in an artifact.
///
/// A finding is raw: the host's normalizer turns its timestamp into UTC and its mentions into
/// entities. Conclusions drawn across findings are analyses, not findings.
///
/// ```swift
/// sink.emit(Finding("archive.format", summary: "POSIX ustar archive, gzip",
///                   attributes: ["format": "POSIX ustar format", "filters": .list(["gzip"])]))
/// ```
public struct Finding: Sendable, Hashable, Codable {
    /// The namespaced kind, such as `archive.format` or `config.entry`.
    public var kind: FindingKind
    /// How much attention it needs: facts are `info`, problems `warning` or `error`.
    public var severity: Severity
    /// One line a person can read.
    public var summary: String
    /// Typed details, by name.
    public var attributes: [String: Value]
    /// Where in the artifact it was seen.
    public var locator: Locator
    /// When it happened, if the finding is an event.
    public var timestamp: Timestamp?
    /// The things it names: people, URLs, models, packages.
    public var mentions: [EntityRef]
    /// The metrics it describes point by point (a loss per step): stored with the finding,
    /// compactly, never as a finding per point. Empty for most findings.
    public var series: [Series]

    /// Creates a finding.
    public init(_ kind: FindingKind, severity: Severity = .info, summary: String,
                attributes: [String: Value] = [:], at locator: Locator = .whole,
                timestamp: Timestamp? = nil, mentions: [EntityRef] = [], series: [Series] = []) {
        self.kind = kind
        self.severity = severity
        self.summary = summary
        self.attributes = attributes
        self.locator = locator
        self.timestamp = timestamp
        self.mentions = mentions
        self.series = series
    }

    // `series` is left out of the JSON when empty, and read as empty when absent: a finding
    // without series is encoded as it was before series existed.
    private enum CodingKeys: String, CodingKey {
        case kind, severity, summary, attributes, locator, timestamp, mentions, series
    }

    /// Reads a finding from JSON (an external extractor's): only `kind` and `summary` are
    /// required; severity defaults to `info`, the locator to the whole artifact, series to none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kind = try container.decode(FindingKind.self, forKey: .kind)
        severity = try container.decodeIfPresent(Severity.self, forKey: .severity) ?? .info
        summary = try container.decode(String.self, forKey: .summary)
        attributes = try container.decodeIfPresent([String: Value].self, forKey: .attributes) ?? [:]
        locator = try container.decodeIfPresent(Locator.self, forKey: .locator) ?? .whole
        timestamp = try container.decodeIfPresent(Timestamp.self, forKey: .timestamp)
        mentions = try container.decodeIfPresent([EntityRef].self, forKey: .mentions) ?? []
        series = try container.decodeIfPresent([Series].self, forKey: .series) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(summary, forKey: .summary)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(locator, forKey: .locator)
        try container.encodeIfPresent(timestamp, forKey: .timestamp)
        try container.encode(mentions, forKey: .mentions)
        if !series.isEmpty { try container.encode(series, forKey: .series) }
    }
}
