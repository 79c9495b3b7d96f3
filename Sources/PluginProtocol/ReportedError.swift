import Foundation

/// An error a plugin reported by its message alone (not one of the SDK's ``EvidenceKit/EvidenceError``
/// kinds): recorded with that message, as a built-in extractor's own error would be.
public struct ReportedError: Error, LocalizedError, Sendable, Hashable {
    public let message: String

    public init(message: String) {
        self.message = message
    }

    public var errorDescription: String? { message }
}
