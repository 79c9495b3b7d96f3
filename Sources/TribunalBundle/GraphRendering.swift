import Foundation

/// The evidence graph as Graphviz DOT or GraphML, for drawing and for graph tools.
public enum GraphRendering {
    public static func dot(_ snapshot: CaseSnapshot) -> String {
        let graph = NativeGraph.document(snapshot)
        var lines = ["digraph evidence {", "  rankdir=LR;", "  node [fontname=\"Helvetica\", fontsize=10];"]
        for node in graph["nodes"] as? [[String: Any]] ?? [] {
            let kind = node["kind"] as? String ?? ""
            let label = kind == "artifact" ? "\(node["exhibit"] ?? "") \(node["name"] ?? "")"
                : kind == "finding" ? "\(node["finding_kind"] ?? "")" : "\(node["entity_kind"] ?? ""): \(node["value"] ?? "")"
            let shape = kind == "artifact" ? "box" : kind == "finding" ? "note" : "ellipse"
            lines.append("  \"\(node["id"] ?? "")\" [label=\"\(quote(label))\", shape=\(shape)];")
        }
        for edge in graph["edges"] as? [[String: Any]] ?? [] {
            lines.append("  \"\(edge["source"] ?? "")\" -> \"\(edge["target"] ?? "")\" [label=\"\(edge["kind"] ?? "")\"];")
        }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }

    public static func graphML(_ snapshot: CaseSnapshot) -> String {
        let graph = NativeGraph.document(snapshot)
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">",
            "  <key id=\"kind\" for=\"all\" attr.name=\"kind\" attr.type=\"string\"/>",
            "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>",
            "  <key id=\"sha256\" for=\"node\" attr.name=\"sha256\" attr.type=\"string\"/>",
            "  <graph id=\"evidence\" edgedefault=\"directed\">",
        ]
        for node in graph["nodes"] as? [[String: Any]] ?? [] {
            let label = node["evidence_path"] ?? node["summary"] ?? node["value"] ?? ""
            var data = "<data key=\"kind\">\(xml("\(node["kind"] ?? "")"))</data><data key=\"label\">\(xml("\(label)"))</data>"
            if let sha = node["sha256"] as? String { data += "<data key=\"sha256\">\(sha)</data>" }
            lines.append("    <node id=\"\(xml("\(node["id"] ?? "")"))\">\(data)</node>")
        }
        for (index, edge) in (graph["edges"] as? [[String: Any]] ?? []).enumerated() {
            lines.append("    <edge id=\"e\(index)\" source=\"\(xml("\(edge["source"] ?? "")"))\" "
                         + "target=\"\(xml("\(edge["target"] ?? "")"))\"><data key=\"kind\">\(xml("\(edge["kind"] ?? "")"))</data></edge>")
        }
        return (lines + ["  </graph>", "</graphml>"]).joined(separator: "\n") + "\n"
    }

    private static func quote(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ")
    }

    private static func xml(_ text: String) -> String {
        ReportPage.escape(text)
    }
}
