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

    /// Creates limits; the defaults are safe on a laptop.
    public init(maxInMemoryBytes: Int = 64 << 20, maxNestingDepth: Int = 256, maxLineLength: Int = 1 << 20) {
        self.maxInMemoryBytes = maxInMemoryBytes
        self.maxNestingDepth = maxNestingDepth
        self.maxLineLength = maxLineLength
    }
}
