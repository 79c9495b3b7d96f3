import CaseStore
import EvidenceKit
import ExhibitFoundation

/// An original written straight into a case for analysis tests: its artifact, members with the
/// contents given, and findings at the evidence paths given (all on the original's artifact).
struct SyntheticOriginal {
    typealias Finding = (path: EvidencePath, kind: String, extractor: String, attributes: [String: Value])

    var name: String
    var exhibit = ""
    var party = "claimant"
    var sha256: String?
    /// Members: path inside the original, and SHA-256.
    var members: [(path: String, sha256: String)] = []
    var findings: [Finding] = []
    /// Series of the findings above, by the finding's index.
    var series: [(finding: Int, series: Series)] = []

    var batch: OriginalBatch {
        func artifact(_ id: String, parent: String?, member: String?, sha: String, ordinal: Int) -> ArtifactRecord {
            ArtifactRecord(
                id: id, originalID: name, parentID: parent, exhibit: exhibit, exhibitSequence: 0, ordinal: ordinal,
                depth: parent == nil ? 0 : 1, name: member ?? name, memberPath: member,
                evidencePath: member.map { EvidencePath(original: name).appending($0).description } ?? EvidencePath(original: name).description,
                sourcePath: nil, party: party, entryType: "file", linkTarget: nil, size: 3, declaredSize: nil, sha256: sha,
                hashComplete: true, mediaType: nil, extractorID: nil, mode: nil, owner: nil, group: nil, modified: nil, details: "{}")
        }
        var rows: [BatchRow] = [.artifact(artifact(name, parent: nil, member: nil, sha: sha256 ?? name, ordinal: 0))]
        for (index, member) in members.enumerated() {
            rows.append(.artifact(artifact("\(name)/\(member.path)", parent: name, member: member.path, sha: member.sha256,
                                           ordinal: index + 1)))
        }
        for (index, finding) in findings.enumerated() {
            rows.append(.finding(FindingRecord(
                id: "\(name)-f\(index)", artifactID: name, originalID: name, exhibit: exhibit, exhibitSequence: 0, ordinal: index,
                kind: finding.kind, severity: "info", summary: finding.kind, attributes: CanonicalJSON.encode(finding.attributes),
                locator: "{}", evidencePath: finding.path.description, timeUTC: nil, timeOriginal: nil, timeZoneSource: nil,
                extractorID: finding.extractor, extractorVersion: "1"), []))
        }
        for (ordinal, entry) in series.enumerated() {
            let findingID = "\(name)-f\(entry.finding)"
            rows.append(.series(SeriesRecord(id: SeriesRecord.makeID(findingID: findingID, ordinal: ordinal), findingID: findingID,
                                             ordinal: ordinal, name: entry.series.name, unit: entry.series.unit,
                                             axis: entry.series.axis.rawValue, count: Int64(entry.series.count),
                                             points: entry.series.packed)))
        }
        return OriginalBatch(rows: ArrayBatchRows(rows))
    }
}
