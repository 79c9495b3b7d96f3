import ExhibitFoundation
import Foundation

/// The outcome of `exhibit verify`: every check made, every failure named exactly.
public struct VerificationReport: Sendable, Codable {
    /// One failed check: which file (and line), which algorithm, what was expected and found.
    public struct Failure: Sendable, Codable, Hashable, CustomStringConvertible {
        public let check: String
        public let file: String
        @NullEncoded public var line: Int?
        @NullEncoded public var algorithm: String?
        @NullEncoded public var expected: String?
        @NullEncoded public var found: String?
        public let message: String

        public var description: String {
            var text = "\(check): \(file)\(line.map { ":\($0)" } ?? "") — \(message)"
            if let algorithm { text += " [\(algorithm)]" }
            if let expected { text += " expected \(expected)" }
            if let found { text += ", found \(found)" }
            return text
        }
    }

    public let bundle: String
    public let checks: Int
    public let failures: [Failure]
    public let signed: Bool
    @NullEncoded public var keyID: String?
    /// No failure: kept as a key of its own in the JSON, for readers that check one field.
    public let ok: Bool

    enum CodingKeys: String, CodingKey {
        case bundle, checks, failures, signed, ok
        case keyID = "key_id"
    }

    init(bundle: String, checks: Int, failures: [Failure], signed: Bool, keyID: String?) {
        self.bundle = bundle
        self.checks = checks
        self.failures = failures
        self.signed = signed
        self.keyID = keyID
        ok = failures.isEmpty
    }
}
