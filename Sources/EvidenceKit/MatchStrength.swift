/// How surely an artifact was recognized as an extractor's format; candidates are offered the
/// artifact strongest first (ties in registry order).
///
/// ```
/// content  >  signature  >  name  >  generic
/// nbformat    PK\3\4         *.whl    *.json, a leading {
/// ```
public enum MatchStrength: Int, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    /// A generic file name (`*.json`) or a generic signature (a leading `{`): many formats match.
    case generic = 1
    /// A file name pattern specific to the format (`*.safetensors`, `trainer_state.json`).
    case name = 2
    /// Magic bytes that identify the format.
    case signature = 3
    /// The extractor looked inside the head and claims it (``ContentRecognizing``).
    case content = 4

    public static func < (lhs: MatchStrength, rhs: MatchStrength) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .generic: return "generic"
        case .name: return "name"
        case .signature: return "signature"
        case .content: return "content"
        }
    }
}
