import CaseStore
import EvidenceKit
import ExhibitFoundation

/// `entity.shared`: a thing (an architecture fingerprint, a technique, a URL, a package) that
/// findings in more than one exhibit name — one analysis per entity, the entity as reference
/// and the findings naming it as members.
public struct SharedEntities: AnalysisMethod {
    public let id = "entity.shared"
    public let version = "1"
    private let parameters = CanonicalJSON.encode(["across": "exhibits"])

    public init() {}

    public func run(_ view: any CaseView, time: String,
                    emit: (AnalysisRecord, [AnalysisInputRecord]) throws -> Void) throws {
        let parties = try PartyOfExhibit(view)
        try view.forEachSharedEntity { entity, findings in
            var inputs = [AnalysisInputRecord(analysisID: "", nodeID: entity.id, nodeKind: .entity, role: .reference, ordinal: 0)]
            inputs += findings.enumerated().map { index, finding in
                AnalysisInputRecord(analysisID: "", nodeID: finding.id, nodeKind: .finding, role: .member, ordinal: index + 1)
            }
            let analysisID = AnalysisRecord.makeID(method: id, version: version, parameters: parameters, inputs: inputs)
            for index in inputs.indices { inputs[index].analysisID = analysisID }
            let exhibits = ordered(findings.map(\.exhibit))
            let places = Set(findings.map(\.evidencePath)).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            let result: [String: Value] = [
                "entity": .object(["kind": .string(entity.kind), "value": .string(entity.value)]),
                "exhibits": .list(exhibits.map(Value.string)), "parties": .list(parties.of(exhibits).map(Value.string)),
                "places": .list(places.map(Value.string)), "findings": .integer(Int64(findings.count)),
            ]
            try emit(AnalysisRecord(
                id: analysisID, method: id, methodVersion: version, parameters: parameters,
                subject: "\(entity.kind) \(entity.value)", score: Double(exhibits.count), statistic: "exhibit_count",
                pValue: nil, controls: nil, result: CanonicalJSON.encode(result),
                interpretation: "Findings in \(exhibits.joined(separator: ", ")) (\(parties.of(exhibits).joined(separator: ", ")))"
                    + " name the same \(entity.kind): \(entity.value).",
                limits: "A shared value is a fact, not a finding of copying: public defaults, common libraries and "
                    + "well-known values are shared by unrelated work; whether this one is probative needs a baseline.",
                tool: ToolInfo.name, toolVersion: ToolInfo.version, time: time), inputs)
        }
    }
}
