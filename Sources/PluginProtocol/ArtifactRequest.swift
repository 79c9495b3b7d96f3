import EvidenceKit

/// The host's request to read one artifact: what it is and where, the limits, the options.
/// Its content is not in the request: the plugin asks for it (`read`), so the host never holds
/// more of it than one answer.
public struct ArtifactRequest: Sendable, Hashable, Codable {
    /// Names the artifact in every frame about it.
    public var id: String
    public var name: String
    /// The original's name, then each member path.
    public var evidencePath: [String]
    public var declaredSize: Int64?
    /// When the artifact was last modified, as its file system or container records it (an
    /// archive member's mtime; never a gzip header's zero): what a log's yearless times are
    /// anchored on. Absent when nothing records it.
    public var modified: Timestamp?
    public var depth: Int
    public var limits: Limits
    /// The extractor's options in force (the defaults it declared, with the run's overrides).
    public var options: [String: Value]

    /// The parser-level limits, and the seconds left for this artifact.
    public struct Limits: Sendable, Hashable, Codable {
        public var maxInMemoryBytes: Int
        public var maxNestingDepth: Int
        public var maxLineLength: Int
        public var seconds: Double?

        public init(maxInMemoryBytes: Int, maxNestingDepth: Int, maxLineLength: Int, seconds: Double?) {
            self.maxInMemoryBytes = maxInMemoryBytes
            self.maxNestingDepth = maxNestingDepth
            self.maxLineLength = maxLineLength
            self.seconds = seconds
        }

        enum CodingKeys: String, CodingKey {
            case seconds
            case maxInMemoryBytes = "max_in_memory_bytes", maxNestingDepth = "max_nesting_depth"
            case maxLineLength = "max_line_length"
        }
    }

    public init(id: String, name: String, evidencePath: [String], declaredSize: Int64?, modified: Timestamp? = nil, depth: Int,
                limits: Limits, options: [String: Value]) {
        self.id = id
        self.name = name
        self.evidencePath = evidencePath
        self.declaredSize = declaredSize
        self.modified = modified
        self.depth = depth
        self.limits = limits
        self.options = options
    }

    enum CodingKeys: String, CodingKey {
        case id, name, depth, limits, options, modified
        case evidencePath = "evidence_path", declaredSize = "declared_size"
    }
}
