import Foundation

/// The part of the host's resource budget that an extractor applies while parsing.
///
/// The host enforces sizes, depths, counts and time itself; these are the limits only a parser
/// can apply. When one stops work, emit a finding with ``FindingSink/limitation(_:limit:at:)``.
public struct ExtractionLimits: Sendable, Hashable {
    /// The most bytes an extractor may hold in memory at once for one artifact.
    public var maxInMemoryBytes: Int
    /// The deepest nesting of JSON, YAML or similar structures to descend into.
    public var maxNestingDepth: Int
    /// The longest line a line-oriented parser reads whole.
    public var maxLineLength: Int
    /// The most nodes — values, lists, tables, objects — a parser builds for one artifact,
    /// counting what aliases repeat: the memory of a parsed tree grows with its nodes, not with
    /// the file's bytes (a 40 KB file can describe billions). Past it, a parser keeps what it
    /// built and stops with a limitation.
    public var maxParsedNodes: Int
    /// When the host's wall-clock budget for this artifact's original runs out, on the
    /// monotonic clock (`DispatchTime`'s uptime nanoseconds); `nil` for no limit.
    public var deadline: UInt64?

    /// Creates limits; the defaults are safe on a laptop.
    public init(maxInMemoryBytes: Int = 64 << 20, maxNestingDepth: Int = 256, maxLineLength: Int = 1 << 20,
                deadline: UInt64? = nil, maxParsedNodes: Int = 200_000) {
        self.maxInMemoryBytes = maxInMemoryBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxLineLength = maxLineLength
        self.deadline = deadline
        self.maxParsedNodes = maxParsedNodes
    }

    /// Throws once the time budget is spent. The host checks the clock on every read; a parser
    /// that computes for long without reading (a large document already in memory) calls this
    /// every few thousand steps, so the wall-clock limit holds while it computes too.
    ///
    /// ```swift
    /// for (index, line) in lines.enumerated() {
    ///     if index % 4096 == 0 { try artifact.limits.checkDeadline() }
    ///     …
    /// }
    /// ```
    ///
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` with limit `seconds_per_artifact`.
    public func checkDeadline() throws {
        guard let deadline, DispatchTime.now().uptimeNanoseconds > deadline else { return }
        throw EvidenceError.limitReached(limit: "seconds_per_artifact",
                                         detail: "the time for this original ran out while it was being parsed")
    }
}
