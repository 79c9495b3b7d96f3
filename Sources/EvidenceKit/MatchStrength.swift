/// How surely an artifact was recognized as an extractor's format; candidates are offered the
/// artifact strongest first (ties in registry order).
///
/// ```
/// content  >  signature  >  exact name          >  name     >  generic
/// nbformat    PK\3\4         trainer_state.json     *.whl       *.json, a leading {
/// ```
public enum MatchStrength: Int, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    /// A generic file name (`*.json`) or a generic signature (a leading `{`): many formats match.
    case generic = 1
    /// A file name pattern specific to the format (`*.safetensors`, `requirements*.txt`).
    case name = 2
    /// A specific pattern that is a whole file name, with no wildcard (`pyproject.toml`): it
    /// names the format more surely than an extension does (`*.toml`).
    case exactName = 3
    /// Magic bytes that identify the format.
    case signature = 4
    /// The extractor looked inside the head and claims it (``ContentRecognizing``).
    case content = 5

    public static func < (lhs: MatchStrength, rhs: MatchStrength) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .generic: return "generic"
        case .name: return "name"
        case .exactName: return "exact name"
        case .signature: return "signature"
        case .content: return "content"
        }
    }
}
