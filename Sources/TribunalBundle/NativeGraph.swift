import CaseStore
import Foundation

/// The evidence graph in Exhibit's own JSON (`graph.json`): every node and edge, nothing
/// dropped, with a schema version read before the rest. Streamed from the case: edges (which
/// sort first) in one pass over it, nodes in a second.
///
/// Schema 2 adds analysis nodes (conclusions, with `input` edges to what they read, each with
/// its role) and series nodes (`series_of` their finding; their points are in the CSV file the
/// node names).
public enum NativeGraph {
    public static let schemaVersion = 2

    static func write(_ export: CaseExport, to out: ExportStream) throws {
        let info = export.info
        out.write("{\n")
        PrettyJSON.indent(1, out)
        out.write("\"case\" : ")
        PrettyJSON.write(.object(["id": .string(info.caseID), "title": .string(info.title), "examiner": .string(info.examiner),
                                  "organization": .string(info.organization), "created": .string(info.created)]),
                         depth: 1, to: out)
        out.write(",\n")
        var edges = StreamedJSONArray(key: "edges", depth: 1, to: out)
        try export.reader.forEachArtifact { artifact in
            if let parent = artifact.parentID {
                edges.append(.object(["kind": "contained_in", "source": .string(artifact.id), "target": .string(parent)]))
            }
        }
        try export.reader.forEachFinding { finding in
            edges.append(.object(["kind": "found_in", "source": .string(finding.id), "target": .string(finding.artifactID)]))
        }
        try export.reader.forEachMention { mention in
            edges.append(.object(["kind": "mentions", "source": .string(mention.findingID),
                                  "target": .string(mention.entityID), "role": .string(mention.role)]))
        }
        try export.reader.forEachSeries { series in
            edges.append(.object(["kind": "series_of", "source": .string(series.id), "target": .string(series.findingID)]))
        }
        try export.reader.forEachAnalysis(method: nil) { _, inputs in
            for input in inputs {
                edges.append(.object(["kind": "input", "source": .string(input.analysisID), "target": .string(input.nodeID),
                                      "role": .string(input.role)]))
            }
        }
        edges.close()
        out.write(",\n")
        var nodes = StreamedJSONArray(key: "nodes", depth: 1, to: out)
        try export.reader.forEachArtifact { nodes.append(node($0)) }
        try export.reader.forEachFinding { nodes.append(node($0)) }
        try export.reader.forEachEntity { entity in
            nodes.append(.object(["id": .string(entity.id), "kind": "entity", "entity_kind": .string(entity.kind),
                                  "value": .string(entity.value)]))
        }
        try export.reader.forEachSeries { nodes.append(node($0)) }
        try export.reader.forEachAnalysis(method: nil) { analysis, _ in nodes.append(node(analysis)) }
        nodes.close()
        out.write(",\n")
        PrettyJSON.indent(1, out)
        out.write("\"schema_version\" : \(schemaVersion)\n}\n")
    }

    static func node(_ artifact: ArtifactRecord) -> JSONNode {
        var node: [String: JSONNode] = [
            "id": .string(artifact.id), "kind": "artifact", "exhibit": .string(artifact.exhibit), "name": .string(artifact.name),
            "evidence_path": .string(artifact.evidencePath), "type": .string(artifact.entryType),
            "size": .integer(artifact.size), "sha256": .optional(artifact.sha256), "hash_complete": .bool(artifact.hashComplete),
            "depth": .integer(Int64(artifact.depth)), "media_type": .optional(artifact.mediaType),
            "extractor": .optional(artifact.extractorID), "member_path": .optional(artifact.memberPath),
            "link_target": .optional(artifact.linkTarget), "modified": .optional(artifact.modified),
            "details": .stored(artifact.details),
        ]
        if artifact.parentID == nil {
            node["party"] = .optional(artifact.party)
            node["original"] = true
        }
        return .object(node)
    }

    static func node(_ finding: FindingRecord) -> JSONNode {
        .object([
            "id": .string(finding.id), "kind": "finding", "finding_kind": .string(finding.kind),
            "severity": .string(finding.severity), "summary": .string(finding.summary),
            "attributes": .stored(finding.attributes), "locator": .stored(finding.locator),
            "evidence_path": .string(finding.evidencePath), "time_utc": .optional(finding.timeUTC),
            "time_original": .optional(finding.timeOriginal), "time_zone_source": .optional(finding.timeZoneSource),
            "extractor": .object(["id": .string(finding.extractorID), "version": .string(finding.extractorVersion)]),
            "exhibit": .string(finding.exhibit),
        ])
    }

    static func node(_ series: SeriesRecord) -> JSONNode {
        .object([
            "id": .string(series.id), "kind": "series", "finding": .string(series.findingID), "name": .string(series.name),
            "unit": .string(series.unit), "axis": .string(series.axis), "points": .integer(series.count),
            "file": .string(SeriesExport.bagPath(series)),
        ])
    }

    static func node(_ analysis: AnalysisRecord) -> JSONNode {
        .object([
            "id": .string(analysis.id), "kind": "analysis", "method": .string(analysis.method),
            "method_version": .string(analysis.methodVersion), "parameters": .stored(analysis.parameters),
            "subject": .string(analysis.subject), "score": .optional(analysis.score),
            "statistic": .optional(analysis.statistic), "p_value": .optional(analysis.pValue),
            "controls": .optional(stored: analysis.controls), "result": .stored(analysis.result),
            "interpretation": .string(analysis.interpretation), "limits": .string(analysis.limits),
            "tool": .object(["name": .string(analysis.tool), "version": .string(analysis.toolVersion)]),
            "time": .string(analysis.time),
        ])
    }
}
