/// The forms `exhibit graph` prints the evidence graph in.
public enum GraphFormat: String, CaseIterable, Sendable {
    /// CASE/UCO JSON-LD, as `case.jsonld` in a bundle (without the export's own action).
    case jsonld
    /// Exhibit's native JSON, as `graph.json` in a bundle.
    case json
    /// Graphviz DOT.
    case dot
    /// GraphML.
    case graphml
}
