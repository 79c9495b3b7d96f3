import CaseStore
import Foundation

/// The evidence graph in Exhibit's own JSON (`graph.json`): every node and edge, nothing
/// dropped, with a schema version read before the rest.
public enum NativeGraph {
    public static let schemaVersion = 1

    public static func document(_ snapshot: CaseSnapshot) -> [String: Any] {
        var nodes: [[String: Any]] = []
        var edges: [[String: Any]] = []
        for artifact in snapshot.artifacts {
            var node: [String: Any] = [
                "id": artifact.id, "kind": "artifact", "exhibit": artifact.exhibit, "name": artifact.name,
                "evidence_path": artifact.evidencePath, "type": artifact.entryType, "size": artifact.size,
                "sha256": artifact.sha256 ?? NSNull(), "hash_complete": artifact.hashComplete, "depth": artifact.depth,
                "media_type": artifact.mediaType ?? NSNull(), "extractor": artifact.extractorID ?? NSNull(),
                "member_path": artifact.memberPath ?? NSNull(), "link_target": artifact.linkTarget ?? NSNull(),
                "modified": artifact.modified ?? NSNull(), "details": BundleJSON.object(artifact.details),
            ]
            if artifact.parentID == nil {
                node["party"] = artifact.party ?? NSNull()
                node["original"] = true
            }
            nodes.append(node)
            if let parent = artifact.parentID {
                edges.append(["kind": "contained_in", "source": artifact.id, "target": parent])
            }
        }
        for finding in snapshot.findings {
            nodes.append([
                "id": finding.id, "kind": "finding", "finding_kind": finding.kind, "severity": finding.severity,
                "summary": finding.summary, "attributes": BundleJSON.object(finding.attributes),
                "locator": BundleJSON.object(finding.locator), "evidence_path": finding.evidencePath,
                "time_utc": finding.timeUTC ?? NSNull(), "time_original": finding.timeOriginal ?? NSNull(),
                "time_zone_source": finding.timeZoneSource ?? NSNull(),
                "extractor": ["id": finding.extractorID, "version": finding.extractorVersion], "exhibit": finding.exhibit,
            ])
            edges.append(["kind": "found_in", "source": finding.id, "target": finding.artifactID])
        }
        for entity in snapshot.entities {
            nodes.append(["id": entity.id, "kind": "entity", "entity_kind": entity.kind, "value": entity.value])
        }
        for mention in snapshot.mentions {
            edges.append(["kind": "mentions", "source": mention.findingID, "target": mention.entityID, "role": mention.role])
        }
        return [
            "schema_version": schemaVersion,
            "case": ["id": snapshot.info.caseID, "title": snapshot.info.title, "examiner": snapshot.info.examiner,
                     "organization": snapshot.info.organization, "created": snapshot.info.created],
            "nodes": nodes, "edges": edges,
        ]
    }
}
