import CaseStore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// The evidence graph as Graphviz DOT or GraphML, for drawing and for graph tools: the nodes
/// and edges of `graph.json` (artifacts, findings, entities, series, analyses; contained_in,
/// found_in, mentions, series_of, input), streamed from the case.
public enum GraphRendering {
    /// Prints the case's graph on standard output in `format`, streamed from one consistent
    /// view of the case.
    public static func print(_ format: GraphFormat, from file: any CaseStoring, descriptors: [ExtractorDescriptor] = []) throws {
        let out = ExportStream.standardOutput()
        try CaseExport.with(file, descriptors: descriptors) { export in
            switch format {
            case .jsonld: try CaseJSONLD.write(export, to: out)
            case .json: try NativeGraph.write(export, to: out)
            case .dot: try dot(export, to: out)
            case .graphml: try graphML(export, to: out)
            }
        }
        try out.finish()
    }

    static func dot(_ export: CaseExport, to out: ExportStream) throws {
        out.write("digraph evidence {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n")
        func node(_ id: String, _ label: String, _ shape: String) {
            out.write("  \"\(id)\" [label=\"\(quote(label))\", shape=\(shape)];\n")
        }
        try export.reader.forEachArtifact { node($0.id, "\($0.exhibit) \($0.name)", "box") }
        try export.reader.forEachFinding { node($0.id, $0.kind, "note") }
        try export.reader.forEachEntity { node($0.id, "\($0.kind): \($0.value)", "ellipse") }
        try export.reader.forEachSeries { node($0.id, "series \($0.name)", "cds") }
        try export.reader.forEachAnalysis(method: nil) { analysis, _ in node(analysis.id, "\(analysis.method): \(analysis.subject)", "hexagon") }
        try forEachEdge(export) { source, target, kind in
            out.write("  \"\(source)\" -> \"\(target)\" [label=\"\(kind)\"];\n")
        }
        out.write("}\n")
    }

    static func graphML(_ export: CaseExport, to out: ExportStream) throws {
        out.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="kind" for="all" attr.name="kind" attr.type="string"/>
              <key id="label" for="node" attr.name="label" attr.type="string"/>
              <key id="sha256" for="node" attr.name="sha256" attr.type="string"/>
              <graph id="evidence" edgedefault="directed">

            """)
        func node(_ id: String, _ kind: String, _ label: String, _ sha256: String?) {
            var data = "<data key=\"kind\">\(kind)</data><data key=\"label\">\(xml(label))</data>"
            if let sha256 { data += "<data key=\"sha256\">\(xml(sha256))</data>" }
            out.write("    <node id=\"\(xml(id))\">\(data)</node>\n")
        }
        try export.reader.forEachArtifact { node($0.id, "artifact", $0.evidencePath, $0.sha256) }
        try export.reader.forEachFinding { node($0.id, "finding", $0.evidencePath, nil) }
        try export.reader.forEachEntity { node($0.id, "entity", $0.value, nil) }
        try export.reader.forEachSeries { node($0.id, "series", $0.name, nil) }
        try export.reader.forEachAnalysis(method: nil) { analysis, _ in node(analysis.id, "analysis", analysis.subject, nil) }
        var index = 0
        try forEachEdge(export) { source, target, kind in
            out.write("    <edge id=\"e\(index)\" source=\"\(xml(source))\" target=\"\(xml(target))\">"
                      + "<data key=\"kind\">\(kind)</data></edge>\n")
            index += 1
        }
        out.write("  </graph>\n</graphml>\n")
    }

    /// The edges of `graph.json`, in its order.
    private static func forEachEdge(_ export: CaseExport, _ body: (_ source: String, _ target: String, _ kind: String) -> Void) throws {
        try export.reader.forEachArtifact { artifact in
            if let parent = artifact.parentID { body(artifact.id, parent, "contained_in") }
        }
        try export.reader.forEachFinding { body($0.id, $0.artifactID, "found_in") }
        try export.reader.forEachMention { body($0.findingID, $0.entityID, "mentions") }
        try export.reader.forEachSeries { body($0.id, $0.findingID, "series_of") }
        try export.reader.forEachAnalysis(method: nil) { _, inputs in
            for input in inputs { body(input.analysisID, input.nodeID, "input") }
        }
    }

    /// A DOT label: control characters made visible (no raw line breaks), then quotes escaped.
    private static func quote(_ text: String) -> String {
        VisibleText.escaped(text).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }

    /// XML text: control characters, which XML 1.0 cannot hold at all, made visible.
    private static func xml(_ text: String) -> String {
        ReportPage.escape(text)
    }
}
