/// Where an extractor comes from: built into Exhibit, or an external program in a plugin folder.
public enum ExtractorOrigin: Sendable, Hashable, Codable, CustomStringConvertible {
    case builtIn
    /// An external extractor; `folder` holds its manifest (`extractor.json`).
    case external(folder: String)

    public var description: String {
        switch self {
        case .builtIn: return "built-in"
        case .external(let folder): return "external (\(folder))"
        }
    }
}
