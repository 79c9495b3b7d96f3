import BundleVerification
import CaseStore
import ExhibitFoundation
import Foundation

/// The evidence graph in CASE 1.5 / UCO JSON-LD (`case.jsonld`), for `case_validate` and any
/// CASE-aware tool: files with their facets and hashes, containment, provenance records with
/// exhibit numbers, investigative actions with tool and examiner, findings as annotations, and
/// analyses as UCO's `uco-analysis:Analysis` actions, each with its `AnalyticResult`
/// (docs/architecture.md says why this construct).
///
/// What CASE has no class for (entities other than URLs and e-mail addresses) stays in
/// `graph.json` and is listed in the report as such.
public enum CaseJSONLD {
    static var context: JSONNode { .object([
        "kb": "urn:exhibit:kb:",
        "case-investigation": "https://ontology.caseontology.org/case/investigation/",
        "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
        "uco-analysis": "https://ontology.unifiedcyberontology.org/uco/analysis/",
        "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
        "uco-identity": "https://ontology.unifiedcyberontology.org/uco/identity/",
        "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
        "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
        "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    ]) }

    /// Entity kinds CASE can express as observables.
    static let expressibleEntityKinds: Set<String> = ["url", "email"]

    /// Writes the document, streamed from the case; `exportHashes` adds the SHA-512 computed
    /// while copying originals, `exportAction` the export being made.
    static func write(_ export: CaseExport, exportHashes: [String: String] = [:], exportAction: CustodyRecord? = nil,
                      to out: ExportStream) throws {
        out.write("{\n")
        PrettyJSON.indent(1, out)
        out.write("\"@context\" : ")
        PrettyJSON.write(context, depth: 1, to: out)
        out.write(",\n")
        var graph = StreamedJSONArray(key: "@graph", depth: 1, to: out)
        let tool = ref("tool", id(["tool", "exhibit"]))
        graph.append(.object(["@id": tool["@id"]!, "@type": "uco-tool:Tool", "uco-core:name": "exhibit",
                              "uco-tool:version": .string(ToolInfo.version)]))
        let examiner = ref("person", id(["person", export.info.examiner]))
        graph.append(.object(["@id": examiner["@id"]!, "@type": "uco-identity:Person",
                              "uco-core:name": .string(export.info.examiner)]))
        var extractorTools: [String: JSONNode] = [:]
        for extractor in export.extractors {
            let parts = extractor.split(separator: " ").map(String.init)
            let node = ref("tool", id(["tool", extractor]))
            extractorTools[parts[0]] = .object(node)
            graph.append(.object(["@id": node["@id"]!, "@type": "uco-tool:Tool",
                                  "uco-core:name": .string("exhibit extractor \(parts[0])"),
                                  "uco-tool:version": .string(parts.count > 1 ? parts[1] : "unknown")]))
        }
        let facets = try declaredFacets(export)
        try export.reader.forEachArtifact { artifact in
            graph.append(fileNode(artifact, sha512: exportHashes[artifact.id], declared: facets[artifact.id]))
            if let parent = artifact.parentID {
                graph.append(.object(["@id": .string("kb:relationship-\(artifact.id)"),
                                      "@type": "uco-observable:ObservableRelationship",
                                      "uco-core:source": .object(ref("file", artifact.id)),
                                      "uco-core:target": .object(ref("file", parent)),
                                      "uco-core:kindOfRelationship": "Contained_Within", "uco-core:isDirectional": true]))
            }
        }
        // Only each original's id is kept, by exhibit, for the custody entries that name it.
        var originalIDs: [String: String] = [:]
        try export.forEachOriginal { original in
            if originalIDs[original.exhibit] == nil { originalIDs[original.exhibit] = original.id }
            graph.append(.object(["@id": .string("kb:provenance-record-\(original.id)"),
                                  "@type": "case-investigation:ProvenanceRecord",
                                  "case-investigation:exhibitNumber": .string(original.exhibit),
                                  "uco-core:description": .string("\(original.exhibit): \(original.name), party \(original.party ?? "unassigned")"),
                                  "uco-core:object": .array([.object(ref("file", original.id))])]))
        }
        var index = 0
        func action(_ entry: CustodyRecord) {
            graph.append(actionNode(entry, index: index, case: export.info.caseID, tool: .object(tool),
                                    examiner: .object(examiner), extractorTools: extractorTools,
                                    originalID: entry.exhibit.flatMap { originalIDs[$0] }))
            index += 1
        }
        try export.forEachCustodyForBundle(action)
        exportAction.map(action)
        try export.reader.forEachFinding { finding in
            let time = finding.timeUTC.map { " at \($0)" } ?? ""
            graph.append(.object(["@id": .string("kb:annotation-\(finding.id)"), "@type": "uco-core:Annotation",
                                  "uco-core:statement": .string("\(finding.kind): \(finding.summary)\(time) [\(finding.severity)]"),
                                  "uco-core:tag": .array([.string(finding.kind)]),
                                  "uco-core:object": .array([.object(ref("file", finding.artifactID))])]))
        }
        var expressible: [String: String] = [:]
        try export.reader.forEachEntity { entity in
            guard expressibleEntityKinds.contains(entity.kind) else { return }
            expressible[entity.id] = entity.kind == "url" ? "url" : "email-address"
            let isURL = entity.kind == "url"
            graph.append(.object([
                "@id": .string("kb:\(isURL ? "url" : "email-address")-\(entity.id)"),
                "@type": isURL ? "uco-observable:URL" : "uco-observable:EmailAddress",
                "uco-core:hasFacet": .array([.object([
                    "@id": .string("kb:\(isURL ? "url-facet" : "email-address-facet")-\(entity.id)"),
                    "@type": isURL ? "uco-observable:URLFacet" : "uco-observable:EmailAddressFacet",
                    isURL ? "uco-observable:fullValue" : "uco-observable:addressValue": .string(entity.value),
                ])]),
            ]))
        }
        try export.reader.forEachAnalysis(method: nil) { analysis, inputs in
            for node in analysisNodes(analysis, inputs, tool: .object(tool), examiner: .object(examiner),
                                      expressible: expressible) {
                graph.append(node)
            }
        }
        graph.close()
        out.write("\n}\n")
    }

    /// An analysis as UCO states one: the `Analysis` action (method and version as its name,
    /// parameters as argument facets, the exhibit tool as instrument, its inputs as objects)
    /// and the `AnalyticResult` it produced (interpretation as statement; measure and limits as
    /// description). Roles, and inputs CASE cannot name (most entities), stay in `graph.json`.
    private static func analysisNodes(_ analysis: AnalysisRecord, _ inputs: [AnalysisInputRecord], tool: JSONNode,
                                      examiner: JSONNode, expressible: [String: String]) -> [JSONNode] {
        let objects: [JSONNode] = inputs.compactMap { input in
            switch input.nodeKind {
            case "artifact": return .object(ref("file", input.nodeID))
            case "finding": return .object(ref("annotation", input.nodeID))
            case "analysis": return .object(ref("analysis", input.nodeID))
            default: return expressible[input.nodeID].map { .object(ref($0, input.nodeID)) }
            }
        }
        let parameters = (BundleJSON.object(analysis.parameters) as? [String: Any]) ?? [:]
        let facets: [JSONNode] = parameters.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let value = parameters[name].map { ($0 as? String) ?? String(decoding: BundleJSON.data($0, pretty: false).dropLast(), as: UTF8.self) }
            return .object(["@id": .string("kb:action-argument-facet-\(id(["argument", analysis.id, name]))"),
                            "@type": "uco-action:ActionArgumentFacet", "uco-action:argumentName": .string(name),
                            "uco-action:value": .string(value ?? "")])
        }
        let time: JSONNode = .object(["@type": "xsd:dateTime", "@value": .string(analysis.time)])
        let result = ref("analytic-result", analysis.id)
        var action: [String: JSONNode] = [
            "@id": .string("kb:analysis-\(analysis.id)"), "@type": "uco-analysis:Analysis",
            "uco-core:name": .string("\(analysis.method) \(analysis.methodVersion)"),
            "uco-core:description": .string(analysis.subject),
            "uco-action:startTime": time, "uco-action:endTime": time,
            "uco-action:instrument": tool, "uco-action:performer": examiner,
            "uco-action:result": .array([.object(result)]),
        ]
        if !objects.isEmpty { action["uco-action:object"] = .array(objects) }
        if !facets.isEmpty { action["uco-core:hasFacet"] = .array(facets) }
        var measure = analysis.score.map { "score \(SeriesExport.number($0))" + (analysis.statistic.map { " (\($0))" } ?? "") }
            ?? "no score"
        measure += analysis.pValue.map { "; p-value \(SeriesExport.number($0))" } ?? "; no p-value"
        return [.object(action), .object([
            "@id": result["@id"]!, "@type": "uco-analysis:AnalyticResult",
            "uco-analysis:originatingAnalysis": .object(ref("analysis", analysis.id)),
            "uco-core:statement": .string(analysis.interpretation),
            "uco-core:description": .string("\(measure). Limits: \(analysis.limits)"),
        ])]
    }

    /// The facet properties findings fill, as their extractors declare (``CaseUCOMapping``): for
    /// each artifact, each facet class with its properties (the first finding of a kind wins), and
    /// the observable class that facet implies. One entry per artifact such findings are on (per
    /// archive, for archive formats), not per member.
    private struct DeclaredFacets {
        var properties: [String: [String: String]] = [:]
        var observableClass: String?
    }

    private static func declaredFacets(_ export: CaseExport) throws -> [String: DeclaredFacets] {
        var found: [String: DeclaredFacets] = [:]
        for (kind, mapping) in export.descriptions.caseMappings {
            try export.reader.forEachFinding(FindingQuery(kinds: [kind])) { finding in
                guard found[finding.artifactID]?.properties[mapping.facet]?[mapping.property] == nil else { return }
                let value: String?
                switch mapping.from {
                case .summary: value = finding.summary
                case .attribute(let name):
                    let attributes = BundleJSON.object(finding.attributes) as? [String: Any]
                    value = attributes?[name].map { ($0 as? String) ?? "\($0)" }
                }
                guard let value else { return }
                found[finding.artifactID, default: DeclaredFacets()].properties[mapping.facet, default: [:]][mapping.property] = value
                if let observableClass = mapping.observableClass { found[finding.artifactID]!.observableClass = observableClass }
            }
        }
        return found
    }

    private static func fileNode(_ artifact: ArtifactRecord, sha512: String?, declared: DeclaredFacets?) -> JSONNode {
        var fileFacet: [String: JSONNode] = [
            "@id": .string("kb:file-facet-\(artifact.id)"), "@type": "uco-observable:FileFacet",
            // An original acquired from a folder is named by its path there: its file name is the last part.
            "uco-observable:fileName": .string(artifact.memberPath == nil
                ? String(artifact.name.split(separator: "/").last ?? Substring(artifact.name)) : artifact.name),
            "uco-observable:filePath": .string(artifact.memberPath ?? artifact.name),
            "uco-observable:sizeInBytes": .object(["@type": "xsd:integer", "@value": .string(String(artifact.size))]),
            "uco-observable:isDirectory": .bool(artifact.entryType == "directory"),
        ]
        if let modified = artifact.modified {
            fileFacet["uco-observable:modifiedTime"] = .object(["@type": "xsd:dateTime", "@value": .string(modified)])
        }
        var facets: [JSONNode] = [.object(fileFacet)]
        if let sha256 = artifact.sha256, artifact.hashComplete {
            var hashes = [hash("sha256", artifact.id, "SHA256", sha256)]
            if let sha512 { hashes.append(hash("sha512", artifact.id, "SHA512", sha512)) }
            facets.append(.object(["@id": .string("kb:content-data-facet-\(artifact.id)"),
                                   "@type": "uco-observable:ContentDataFacet", "uco-observable:hash": .array(hashes)]))
        }
        for (facet, properties) in (declared?.properties ?? [:]).sorted(by: { $0.key < $1.key }) {
            var node: [String: JSONNode] = ["@id": .string("kb:\(facetLabel(facet))-\(artifact.id)"), "@type": .string(facet)]
            for (property, value) in properties { node[property] = .string(value) }
            facets.append(.object(node))
        }
        return .object(["@id": .string("kb:file-\(artifact.id)"),
                        "@type": .string(declared?.observableClass ?? "uco-observable:File"),
                        "uco-core:hasFacet": .array(facets)])
    }

    /// `uco-observable:ArchiveFileFacet` → `archive-file-facet`, for node ids.
    static func facetLabel(_ facet: String) -> String {
        let name = facet.split(separator: ":").last.map(String.init) ?? facet
        var label = ""
        for character in name {
            if character.isUppercase, !label.isEmpty { label += "-" }
            label += character.lowercased()
        }
        return label
    }

    private static func hash(_ label: String, _ artifactID: String, _ method: String, _ value: String) -> JSONNode {
        .object(["@id": .string("kb:hash-\(id(["hash", label, artifactID]))"), "@type": "uco-types:Hash",
                 "uco-types:hashMethod": .string(method),
                 "uco-types:hashValue": .object(["@type": "xsd:hexBinary", "@value": .string(value)])])
    }

    private static func actionNode(_ entry: CustodyRecord, index: Int, case caseID: String, tool: JSONNode,
                                   examiner: JSONNode, extractorTools: [String: JSONNode],
                                   originalID: String?) -> JSONNode {
        let details = (BundleJSON.object(entry.details) as? [String: String]) ?? [:]
        var instruments = [tool]
        if entry.action == "extract" {
            let used = (details["extractors"] ?? "").split(separator: ",").compactMap {
                $0.trimmingCharacters(in: .whitespaces).split(separator: " ").first.map(String.init)
            }
            instruments += used.compactMap { extractorTools[$0] }
        }
        var node: [String: JSONNode] = [
            "@id": .string("kb:investigative-action-\(id(["action", caseID, String(index), entry.action, entry.time]))"),
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": .string(entry.action),
            "uco-core:description": .string("\(entry.action) by \(entry.examiner) on \(entry.host): \(entry.command)"),
            "uco-action:startTime": .object(["@type": "xsd:dateTime", "@value": .string(details["started"] ?? entry.time)]),
            "uco-action:endTime": .object(["@type": "xsd:dateTime", "@value": .string(details["finished"] ?? entry.time)]),
            "uco-action:instrument": instruments.count == 1 ? instruments[0] : .array(instruments),
            "uco-action:performer": examiner,
        ]
        if let originalID {
            let file = JSONNode.object(ref("file", originalID))
            node[entry.action == "acquire" ? "uco-action:result" : "uco-action:object"] =
                entry.action == "acquire" ? .array([file, .object(ref("provenance-record", originalID))]) : .array([file])
        }
        return .object(node)
    }

    private static func ref(_ prefix: String, _ uuid: String) -> [String: JSONNode] {
        ["@id": .string("kb:\(prefix)-\(uuid)")]
    }

    /// A deterministic UUID for nodes that have no id in the store.
    static func id(_ parts: [String]) -> String {
        DeterministicID.make(parts)
    }
}
