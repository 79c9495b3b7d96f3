import Foundation

/// The sink a ``ContainerExtractor`` receives: findings, plus members.
public protocol ContainerSink: FindingSink {
    /// Hands one member of the container to the host.
    ///
    /// Before this returns, the host has read `content` (all of it, or as much as the budget
    /// allows), hashed it, and extracted it recursively with whichever extractor accepts it.
    /// Pass `nil` for members without content (directories, links, devices).
    ///
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the host's budget says to
    ///   stop reading this container; the extractor should stop and rethrow or return.
    func member(_ member: Member, content: (any ByteSource)?) throws
}
