import EvidenceKit

/// What a parser read from one file: its documents (whole, or as far as it got), the warnings
/// it met on the way, and why it stopped early, if it did.
struct ParsedConfig {
    var documents: [ConfigNode] = []
    var warnings: [(String, Locator)] = []
    /// A budget or an unreadable place that ended the parse before the file's end.
    var stop: ConfigParseError?
    /// Limits that skipped parts without ending the parse, once each: key → (message, place).
    var skipped: [ConfigParseError] = []
}
