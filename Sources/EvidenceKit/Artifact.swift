import Foundation

/// One item of evidence as an extractor sees it: an original file or a member of a container.
///
/// ```swift
/// if artifact.head.starts(with: [0x1F, 0x8B]) { /* gzip */ }
/// let chunk = try artifact.content.read(upTo: 65_536)   // from byte 0
/// ```
public struct Artifact {
    /// The file name (last path component).
    public let name: String
    /// Where it is: the original's name, then each member path.
    public let evidencePath: EvidencePath
    /// The size its container declares, if any; the content may turn out shorter or longer.
    public let declaredSize: Int64?
    /// The first bytes of the content (up to 64 KiB), for recognition without reading.
    public let head: Data
    /// The whole content from its first byte, read once.
    public let content: any ByteSource
    /// How many containers enclose it (an original is at depth 0).
    public let depth: Int
    /// The limits the host sets for this extraction.
    public let limits: ExtractionLimits
    /// Positional reads of the same content, when it lies on disk (an original); `nil` for a
    /// member, which only streams. Reads through it are not hashed: the host still hashes
    /// ``content``, read to its end, so use it for structures at known offsets (an index at the
    /// end), not instead of the stream.
    public let randomAccess: (any RandomAccessByteSource)?
    /// When the artifact was last modified, as its file system or container records it (`nil`
    /// when nothing does, or a container wrote no real time, such as a gzip mtime of 0): the
    /// anchor of years a log leaves out (RFC 3164 syslog, glog).
    public let modified: Timestamp?

    /// Creates an artifact; the host does this, and so do tests.
    public init(name: String, evidencePath: EvidencePath? = nil, declaredSize: Int64? = nil, head: Data,
                content: any ByteSource, depth: Int? = nil, limits: ExtractionLimits = .init(),
                randomAccess: (any RandomAccessByteSource)? = nil, modified: Timestamp? = nil) {
        self.name = name
        self.evidencePath = evidencePath ?? EvidencePath(original: name)
        self.declaredSize = declaredSize
        self.head = head
        self.content = content
        self.depth = depth ?? self.evidencePath.depth
        self.limits = limits
        self.randomAccess = randomAccess
        self.modified = modified
    }
}
