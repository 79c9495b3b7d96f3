import Foundation

/// A ``ContainerSink`` that keeps everything in memory: for tests and for `exhibit extract`.
///
/// Member content is read to its end (as the host would) and only its length is kept; a member
/// whose content cannot be read is kept with the error, and the container goes on, as in the host.
///
/// ```swift
/// let sink = CollectingSink()
/// try MyExtractor().extract(artifact, into: sink)
/// #expect(sink.findings.contains { $0.kind == "text.lines" })
/// ```
public final class CollectingSink: ContainerSink {
    /// The findings, in the order they were emitted.
    public private(set) var findings: [Finding] = []
    /// The members, in order, with the number of content bytes read from each and the error
    /// that stopped the read, if one did.
    public private(set) var members: [(member: Member, bytesRead: Int64, failure: String?)] = []

    public init() {}

    public func emit(_ finding: Finding) {
        findings.append(finding)
    }

    public func member(_ member: Member, content: (any ByteSource)?) throws {
        let counter = CountingSource(content)
        do {
            try counter.drain()
            members.append((member, counter.count, nil))
        } catch {
            members.append((member, counter.count, error.localizedDescription))
        }
    }
}

/// Counts what is read through it.
private final class CountingSource: ByteSource {
    private let source: (any ByteSource)?
    private(set) var count: Int64 = 0

    init(_ source: (any ByteSource)?) {
        self.source = source
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let read = try source?.read(into: buffer) ?? 0
        count += Int64(read)
        return read
    }
}
