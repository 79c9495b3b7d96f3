import CaseStore
import ExhibitCore
import Foundation

/// The evidence graph in CASE 1.5 / UCO JSON-LD (`case.jsonld`), for `case_validate` and any
/// CASE-aware tool: files with their facets and hashes, containment, provenance records with
/// exhibit numbers, investigative actions with tool and examiner, findings as annotations.
///
/// What CASE has no class for (entities other than URLs and e-mail addresses) stays in
/// `graph.json` and is listed in the report as such.
public enum CaseJSONLD {
    static var context: [String: Any] { [
        "kb": "urn:exhibit:kb:",
        "case-investigation": "https://ontology.caseontology.org/case/investigation/",
        "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
        "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
        "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
        "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
        "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
        "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    ] }

    /// Entity kinds CASE can express as observables.
    static let expressibleEntityKinds: Set<String> = ["url", "email"]

    /// Builds the document; `exportHashes` adds the SHA-512 computed while copying originals.
    public static func document(_ snapshot: CaseSnapshot, exportHashes: [String: String] = [:],
                                exportAction: CustodyRecord? = nil) -> [String: Any] {
        var graph: [[String: Any]] = []
        let tool = ref("tool", id(["tool", "exhibit"]))
        graph.append(["@id": tool["@id"]!, "@type": "uco-tool:Tool", "uco-core:name": "exhibit",
                      "uco-tool:version": ToolInfo.version])
        let examiner = ref("person", id(["person", snapshot.info.examiner]))
        graph.append(["@id": examiner["@id"]!, "@type": "uco-identity:Person", "uco-core:name": snapshot.info.examiner])
        var extractorTools: [String: [String: String]] = [:]
        for extractor in snapshot.extractors {
            let node = ref("tool", id(["tool", extractor]))
            extractorTools[String(extractor.split(separator: " ")[0])] = node
            let parts = extractor.split(separator: " ").map(String.init)
            graph.append(["@id": node["@id"]!, "@type": "uco-tool:Tool", "uco-core:name": "exhibit extractor \(parts[0])",
                          "uco-tool:version": parts.count > 1 ? parts[1] : "unknown"])
        }
        let formats = Dictionary(snapshot.findings.filter { $0.kind == "archive.format" }.map { ($0.artifactID, $0.summary) },
                                 uniquingKeysWith: { first, _ in first })
        let comments = Dictionary(snapshot.findings.filter { $0.kind == "archive.comment" }.map {
            ($0.artifactID, ((BundleJSON.object($0.attributes) as? [String: Any])?["comment"] as? String) ?? $0.summary)
        }, uniquingKeysWith: { first, _ in first })
        for artifact in snapshot.artifacts {
            graph.append(fileNode(artifact, sha512: exportHashes[artifact.id], format: formats[artifact.id],
                                  comment: comments[artifact.id]))
            if let parent = artifact.parentID {
                graph.append(["@id": "kb:relationship-\(artifact.id)", "@type": "uco-observable:ObservableRelationship",
                              "uco-core:source": ref("file", artifact.id), "uco-core:target": ref("file", parent),
                              "uco-core:kindOfRelationship": "Contained_Within", "uco-core:isDirectional": true])
            }
        }
        for original in snapshot.originals {
            graph.append(["@id": "kb:provenance-record-\(original.id)", "@type": "case-investigation:ProvenanceRecord",
                          "case-investigation:exhibitNumber": original.exhibit,
                          "uco-core:description": "\(original.exhibit): \(original.name), party \(original.party ?? "unassigned")",
                          "uco-core:object": [ref("file", original.id)]])
        }
        let originalsByExhibit = Dictionary(snapshot.originals.map { ($0.exhibit, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, entry) in (snapshot.custodyForBundle + (exportAction.map { [$0] } ?? [])).enumerated() {
            graph.append(actionNode(entry, index: index, case: snapshot.info.caseID, tool: tool, examiner: examiner,
                                    extractorTools: extractorTools, original: entry.exhibit.flatMap { originalsByExhibit[$0] }))
        }
        for finding in snapshot.findings {
            let time = finding.timeUTC.map { " at \($0)" } ?? ""
            graph.append(["@id": "kb:annotation-\(finding.id)", "@type": "uco-core:Annotation",
                          "uco-core:statement": "\(finding.kind): \(finding.summary)\(time) [\(finding.severity)]",
                          "uco-core:tag": [finding.kind], "uco-core:object": [ref("file", finding.artifactID)]])
        }
        for entity in snapshot.entities where expressibleEntityKinds.contains(entity.kind) {
            let isURL = entity.kind == "url"
            graph.append(["@id": "kb:\(isURL ? "url" : "email-address")-\(entity.id)",
                          "@type": isURL ? "uco-observable:URL" : "uco-observable:EmailAddress",
                          "uco-core:hasFacet": [[
                            "@id": "kb:\(isURL ? "url-facet" : "email-address-facet")-\(entity.id)",
                            "@type": isURL ? "uco-observable:URLFacet" : "uco-observable:EmailAddressFacet",
                            isURL ? "uco-observable:fullValue" : "uco-observable:addressValue": entity.value,
                          ]]])
        }
        return ["@context": context, "@graph": graph]
    }

    private static func fileNode(_ artifact: ArtifactRecord, sha512: String?, format: String?, comment: String?) -> [String: Any] {
        var fileFacet: [String: Any] = [
            "@id": "kb:file-facet-\(artifact.id)", "@type": "uco-observable:FileFacet",
            "uco-observable:fileName": artifact.name,
            "uco-observable:filePath": artifact.memberPath ?? artifact.name,
            "uco-observable:sizeInBytes": ["@type": "xsd:integer", "@value": String(artifact.size)],
            "uco-observable:isDirectory": artifact.entryType == "directory",
        ]
        if let modified = artifact.modified {
            fileFacet["uco-observable:modifiedTime"] = ["@type": "xsd:dateTime", "@value": modified]
        }
        var facets: [[String: Any]] = [fileFacet]
        if let sha256 = artifact.sha256, artifact.hashComplete {
            var hashes = [hash("sha256", artifact.id, "SHA256", sha256)]
            if let sha512 { hashes.append(hash("sha512", artifact.id, "SHA512", sha512)) }
            facets.append(["@id": "kb:content-data-facet-\(artifact.id)", "@type": "uco-observable:ContentDataFacet",
                           "uco-observable:hash": hashes])
        }
        if let format {
            var archive: [String: Any] = ["@id": "kb:archive-file-facet-\(artifact.id)",
                                          "@type": "uco-observable:ArchiveFileFacet", "uco-observable:archiveType": format]
            if let comment { archive["uco-observable:comment"] = comment }
            facets.append(archive)
        }
        return ["@id": "kb:file-\(artifact.id)", "@type": format == nil ? "uco-observable:File" : "uco-observable:ArchiveFile",
                "uco-core:hasFacet": facets]
    }

    private static func hash(_ label: String, _ artifactID: String, _ method: String, _ value: String) -> [String: Any] {
        ["@id": "kb:hash-\(id(["hash", label, artifactID]))", "@type": "uco-types:Hash", "uco-types:hashMethod": method,
         "uco-types:hashValue": ["@type": "xsd:hexBinary", "@value": value]]
    }

    private static func actionNode(_ entry: CustodyRecord, index: Int, case caseID: String, tool: [String: String],
                                   examiner: [String: String], extractorTools: [String: [String: String]],
                                   original: ArtifactRecord?) -> [String: Any] {
        let details = (BundleJSON.object(entry.details) as? [String: String]) ?? [:]
        var instruments = [tool]
        if entry.action == "extract" {
            let used = (details["extractors"] ?? "").split(separator: ",").compactMap {
                $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            }
            instruments += used.compactMap { extractorTools[$0] }
        }
        var node: [String: Any] = [
            "@id": "kb:investigative-action-\(id(["action", caseID, String(index), entry.action, entry.time]))",
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": entry.action,
            "uco-core:description": "\(entry.action) by \(entry.examiner) on \(entry.host): \(entry.command)",
            "uco-action:startTime": ["@type": "xsd:dateTime", "@value": details["started"] ?? entry.time],
            "uco-action:endTime": ["@type": "xsd:dateTime", "@value": details["finished"] ?? entry.time],
            "uco-action:instrument": instruments.count == 1 ? instruments[0] as Any : instruments as Any,
            "uco-action:performer": examiner,
        ]
        if let original {
            let file = ref("file", original.id)
            node[entry.action == "acquire" ? "uco-action:result" : "uco-action:object"] =
                entry.action == "acquire" ? [file, ref("provenance-record", original.id)] : [file]
        }
        return node
    }

    private static func ref(_ prefix: String, _ uuid: String) -> [String: String] {
        ["@id": "kb:\(prefix)-\(uuid)"]
    }

    /// A deterministic UUID for nodes that have no id in the store.
    static func id(_ parts: [String]) -> String {
        DeterministicID.make(parts)
    }
}
