import Foundation

/// Originals written one after another, several to a transaction, each whole or not at all
/// (``CaseStoring/session(_:)``). The caller decides when a group ends (``commit()``) and
/// reports an original only once its group is committed.
public protocol CaseSessionWriting: AnyObject {
    /// Originals and entries written in the open group.
    var groupSize: Int { get }
    /// Seconds since the open group began (0 when none is open).
    var groupAge: TimeInterval { get }
    /// Writes the original whose SHA-256 is `sha256` — the batch `make` gives — with the next
    /// exhibit number and its custody record, unless the case already holds one with that hash;
    /// then `make` is not called.
    func write(original sha256: String, _ make: () throws -> OriginalBatch) throws -> WriteOutcome
    /// Appends one entry to the custody log, in the open group.
    func appendCustody(_ entry: CustodyRecord) throws
    /// Commits the open group, if any.
    func commit() throws
}

/// What ``CaseSessionWriting/write(original:_:)`` did.
public enum WriteOutcome: Sendable, Equatable {
    case written(exhibit: String)
    /// The case already holds an original with that SHA-256: nothing was written.
    case present(ArtifactRecord)
}

/// Writes a case's analyses.
public protocol AnalysisWriting {
    /// Replaces every analysis of `methods` with those `produce` emits, as one committed write
    /// recorded by `entry` (its details gain `analyses` and, when earlier writes are replaced,
    /// `replaces`: their sequence numbers). `produce` reads the case as the write sees it. When
    /// it emits nothing and there is nothing to replace, nothing is written. With a `subject`,
    /// only the analyses of `methods` about that subject are replaced (a comparison of two sides
    /// leaves the comparisons of other sides as they are).
    func replaceAnalyses(
        of methods: [String], subject: String?, entry: CustodyRecord,
        _ produce: (_ view: any CaseView, _ emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws -> Void
    ) throws -> AnalysisWrite
}

extension AnalysisWriting {
    /// Replaces every analysis of `methods`, whatever its subject.
    public func replaceAnalyses(
        of methods: [String], entry: CustodyRecord,
        _ produce: (_ view: any CaseView, _ emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws -> Void
    ) throws -> AnalysisWrite {
        try replaceAnalyses(of: methods, subject: nil, entry: entry, produce)
    }
}

/// What ``AnalysisWriting/replaceAnalyses(of:entry:_:)`` wrote.
public struct AnalysisWrite: Sendable {
    /// Analyses written.
    public var analyses: Int
    /// Earlier writes whose analyses these replace (their custody sequence numbers).
    public var replaced: [Int64]
    /// The custody entry recording the write; nil when nothing was written.
    public var entry: CustodyRecord?
}
