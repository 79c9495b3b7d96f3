import Crypto
import EvidenceKit
import Foundation

/// The ML vocabulary every extractor shares, in one versioned place: how the fields of model
/// architectures, training recipes and reinforcement-learning methods are spelled across
/// libraries and file formats, the names Exhibit normalizes them to, numbers in one canonical
/// form, the architecture fingerprint's recipe, and the RL libraries' documented defaults.
///
/// Extractors never keep their own copies: a log that says `lr` and a config that says
/// `learning_rate` meet on `learning_rate` because both read this table. Its ``version`` is
/// recorded with every run (custody) and printed in the bundle's method section; change it with
/// any change to a table, since a change can change findings.
///
/// ```swift
/// MLVocabulary.hyperparameterName(forKeyPath: ["optimizer", "params", "lr"])   // "learning_rate"
/// MLVocabulary.canonical(.string("3e-4")) == MLVocabulary.canonical(.float(0.0003))   // true
/// ```
public enum MLVocabulary {
    /// The vocabulary's version (semantic versioning).
    public static let version = "1.2.0"

    /// Numbers in one canonical form, so `3e-4`, `0.0003` and `"3e-4"` compare equal: a float
    /// with an integral value below 10^15 becomes an integer; a string that is a number becomes
    /// that number; anything else is kept.
    public static func canonical(_ value: Value) -> Value {
        switch value {
        case .float(let number) where number.rounded() == number && abs(number) < 1e15: return .integer(Int64(number))
        case .string(let text):
            if let integer = Int64(text) { return .integer(integer) }
            if let number = Double(text), text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) { return .float(number) }
            return value
        default: return value
        }
    }
}
