import EvidenceKit

/// A place where a configuration parser had to stop or skip, with what it saw: a `limitation`
/// when a budget stopped it (``limit`` names the budget key), a warning when the file could not
/// be read further.
struct ConfigParseError: Error {
    let message: String
    let locator: Locator
    /// The budget key that stopped the parser (`nesting_depth`, `parsed_nodes`, …), or `nil`
    /// when the content itself could not be read.
    var limit: String?
}
