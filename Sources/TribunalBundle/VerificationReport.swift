import Foundation

/// The outcome of `exhibit verify`: every check made, every failure named exactly.
public struct VerificationReport: Sendable, Codable {
    /// One failed check: which file (and line), which algorithm, what was expected and found.
    public struct Failure: Sendable, Codable, Hashable, CustomStringConvertible {
        public let check: String
        public let file: String
        public let line: Int?
        public let algorithm: String?
        public let expected: String?
        public let found: String?
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
    public let keyID: String?
    public var ok: Bool { failures.isEmpty }

    enum CodingKeys: String, CodingKey {
        case bundle, checks, failures, signed, ok
        case keyID = "key_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(bundle, forKey: .bundle)
        try container.encode(checks, forKey: .checks)
        try container.encode(failures, forKey: .failures)
        try container.encode(signed, forKey: .signed)
        try container.encode(keyID, forKey: .keyID)
        try container.encode(ok, forKey: .ok)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        bundle = try container.decode(String.self, forKey: .bundle)
        checks = try container.decode(Int.self, forKey: .checks)
        failures = try container.decode([Failure].self, forKey: .failures)
        signed = try container.decode(Bool.self, forKey: .signed)
        keyID = try container.decodeIfPresent(String.self, forKey: .keyID)
    }

    init(bundle: String, checks: Int, failures: [Failure], signed: Bool, keyID: String?) {
        self.bundle = bundle
        self.checks = checks
        self.failures = failures
        self.signed = signed
        self.keyID = keyID
    }
}
