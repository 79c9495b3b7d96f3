import Foundation

/// Everything that can stop an extractor, in one voice.
public enum EvidenceError: Error, LocalizedError, Sendable, Hashable {
    /// Not this extractor's format: the host offers the artifact to the next one.
    case notMyFormat(String)
    /// The artifact cannot be read at all.
    case unreadable(artifact: String, reason: String)
    /// The artifact is damaged at `locator`; nothing after it could be read.
    case corrupt(artifact: String, locator: Locator, reason: String)
    /// A limit of the resource budget stopped the work.
    case limitReached(limit: String, detail: String)
    /// The operating system refused a read.
    case io(path: String, reason: String)
    /// An extractor's options do not decode into what it takes.
    case invalidOptions(extractor: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .notMyFormat(let reason):
            return "not this extractor's format: \(reason)"
        case .unreadable(let artifact, let reason):
            return "cannot read \(artifact): \(reason)"
        case .corrupt(let artifact, let locator, let reason):
            return "\(artifact) is corrupt at \(locator.canonical): \(reason)"
        case .limitReached(let limit, let detail):
            return "limit \(limit) reached: \(detail)"
        case .io(let path, let reason):
            return "\(reason) (\(path))"
        case .invalidOptions(let extractor, let reason):
            return "the options of extractor \(extractor) are not valid: \(reason)"
        }
    }
}
