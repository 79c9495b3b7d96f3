import Foundation

/// Everything that can stop reading a bundle or a key, in one voice.
public enum BundleVerificationError: Error, LocalizedError, Sendable {
    case notABundle(path: String, reason: String)
    case keyUnreadable(path: String, reason: String)
    case keyExists(path: String)
    case write(path: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case .notABundle(let path, let reason):
            return "not a tribunal bundle: \(reason) (\(path))"
        case .keyUnreadable(let path, let reason):
            return "cannot read the key: \(reason) (\(path))"
        case .keyExists(let path):
            return "a key already exists here (\(path))"
        case .write(let path, let reason):
            return "cannot write: \(reason) (\(path))"
        }
    }
}
