import EvidenceKit

/// A place where a configuration parser had to stop or skip, with what it saw.
struct ConfigParseError: Error {
    let message: String
    let locator: Locator
}
