import EvidenceKit

/// One `--extractor-option ID.KEY=VALUE`: an extractor's option set for a run. The text is read
/// as the type of the option's default (integer, number, true/false, text).
public struct ExtractorOptionOverride: Sendable, Hashable {
    public let extractorID: String
    public let key: String
    public let text: String

    public init(extractorID: String, key: String, text: String) {
        self.extractorID = extractorID
        self.key = key
        self.text = text
    }

    /// Reads `ID.KEY=VALUE`.
    public init(parsing assignment: String) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let dot = parts[0].firstIndex(of: "."), dot != parts[0].startIndex,
              parts[0].index(after: dot) != parts[0].endIndex else {
            throw ExhibitCoreError.invalidExtractorOption(assignment, reason: "expected ID.KEY=VALUE")
        }
        self.init(extractorID: String(parts[0][..<dot]), key: String(parts[0][parts[0].index(after: dot)...]),
                  text: String(parts[1]))
    }

    /// The value, typed as `default` is.
    func value(like defaultValue: Value) throws -> Value {
        let invalid = ExhibitCoreError.invalidExtractorOption("\(extractorID).\(key)=\(text)",
                                                              reason: "expected \(Self.typeName(defaultValue))")
        switch defaultValue {
        case .integer:
            guard let number = Int64(text) else { throw invalid }
            return .integer(number)
        case .float:
            guard let number = Double(text), number.isFinite else { throw invalid }
            return .float(number)
        case .bool:
            switch text.lowercased() {
            case "true", "yes", "1": return .bool(true)
            case "false", "no", "0": return .bool(false)
            default: throw invalid
            }
        case .string, .null:
            return .string(text)
        case .list, .object:
            throw ExhibitCoreError.invalidExtractorOption("\(extractorID).\(key)=\(text)",
                                                         reason: "this option is not set from the command line")
        }
    }

    private static func typeName(_ value: Value) -> String {
        switch value {
        case .integer: return "an integer"
        case .float: return "a number"
        case .bool: return "true or false"
        default: return "text"
        }
    }
}
