import Foundation

/// A ``ContainerSink`` that keeps everything in memory: for tests and for `exhibit extract`.
///
/// Member content is read to its end (as the host would) and only its length is kept.
///
/// ```swift
/// let sink = CollectingSink()
/// try MyExtractor().extract(artifact, into: sink)
/// #expect(sink.findings.contains { $0.kind == "text.lines" })
/// ```
public final class CollectingSink: ContainerSink {
    /// The findings, in the order they were emitted.
    public private(set) var findings: [Finding] = []
    /// The members, in order, with the number of content bytes read from each.
    public private(set) var members: [(member: Member, bytesRead: Int64)] = []

    public init() {}

    public func emit(_ finding: Finding) {
        findings.append(finding)
    }

    public func member(_ member: Member, content: (any ByteSource)?) throws {
        let count = try content?.drain() ?? 0
        members.append((member, count))
    }
}
