import Foundation

/// An extractor for containers (archives, compressed streams): besides findings, it hands the
/// host each member with a stream of its content.
///
/// The host hashes, recognizes and extracts each member while its bytes stream out, before
/// ``ContainerSink/member(_:content:)`` returns; nothing is written to disk.
///
/// ```swift
/// func extract(_ artifact: Artifact, into sink: any ContainerSink) throws {
///     for entry in entries {
///         try sink.member(Member(path: entry.name, type: .file, entryIndex: entry.index),
///                         content: entry.stream)
///     }
/// }
/// ```
public protocol ContainerExtractor: Extractor {
    /// Reads `artifact`, emitting findings and members into `sink`.
    func extract(_ artifact: Artifact, into sink: any ContainerSink) throws
}

extension ContainerExtractor {
    /// Extracts with a sink that takes findings only: members are skipped, unread.
    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        try extract(artifact, into: MemberSkippingSink(findings: sink))
    }
}
