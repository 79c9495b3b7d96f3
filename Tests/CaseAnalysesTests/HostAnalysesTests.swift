import CaseStore
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// The host's own analyses: written as one committed write after originals are written,
/// replaced whole when the case grows, the same on the same case, and absent when nothing is
/// shared.
@Suite struct HostAnalysesTests {
    private let info = CaseInfo(caseID: "c0ffee00-0000-4000-8000-000000000003", title: "t", examiner: "e",
                                organization: "", created: "2026-01-01T00:00:00Z")

    /// An original of `party` holding a member with content `shared` and a finding naming `entity`.
    private func batch(_ name: String, sha: String, party: String, shared: String = "5a", entity: String = "PPO") -> OriginalBatch {
        func artifact(_ id: String, parent: String?, sha: String) -> ArtifactRecord {
            ArtifactRecord(id: id, originalID: name, parentID: parent, exhibit: "", exhibitSequence: 0, ordinal: parent == nil ? 0 : 1,
                           depth: parent == nil ? 0 : 1, name: id, memberPath: parent == nil ? nil : "m", evidencePath: id,
                           sourcePath: nil, party: party, entryType: "file", linkTarget: nil, size: 3, declaredSize: nil,
                           sha256: sha, hashComplete: true, mediaType: nil, extractorID: nil, mode: nil, owner: nil, group: nil,
                           modified: nil, details: "{}")
        }
        let finding = FindingRecord(id: name + "-f", artifactID: name + "/m", originalID: name, exhibit: "", exhibitSequence: 0,
                                    ordinal: 0, kind: "rl.technique", severity: "info", summary: entity, attributes: "{}",
                                    locator: "{}", evidencePath: name + "/m", timeUTC: nil, timeOriginal: nil,
                                    timeZoneSource: nil, extractorID: "config", extractorVersion: "1")
        let entityID = "entity-" + entity
        return OriginalBatch(rows: ArrayBatchRows([
            .artifact(artifact(name, parent: nil, sha: sha)), .artifact(artifact(name + "/m", parent: name, sha: shared)),
            .finding(finding, [MentionRecord(findingID: finding.id, entityID: entityID, role: "")]),
            .entity(EntityRecord(id: entityID, kind: "technique", value: entity)),
        ]))
    }

    private func entry() -> CustodyRecord {
        CustodyRecord(time: "2026-01-02T00:00:00Z", action: HostAnalyses.action, examiner: "e", host: "h", tool: "exhibit",
                      toolVersion: "0.1.0", command: "exhibit add", exhibit: nil, details: "{}")
    }

    private func analyses(_ file: CaseFile) throws -> [(AnalysisRecord, [AnalysisInputRecord])] {
        var all: [(AnalysisRecord, [AnalysisInputRecord])] = []
        try file.read { try $0.forEachAnalysis(method: nil) { all.append(($0, $1)) } }
        return all
    }

    @Test func sharedContentAndEntitiesBecomeAnalyses() throws {
        let folder = try TemporaryFolder()
        let file = try CaseFile.create(at: folder.path("a.exhibit"), info: info)
        try file.write(batch("one", sha: "aa", party: "claimant"))
        #expect(try HostAnalyses.isStale(file))
        #expect(try HostAnalyses.refresh(file, entry: entry())?.entry == nil, "nothing shared yet: nothing written")
        try file.write(batch("two", sha: "bb", party: "respondent"))
        let write = try #require(try HostAnalyses.refresh(file, entry: entry()))
        #expect(write.analyses == 2 && write.replaced.isEmpty)
        #expect(!(try HostAnalyses.isStale(file)))
        #expect(try HostAnalyses.refresh(file, entry: entry()) == nil, "up to date: no second write")

        let all = try analyses(file)
        #expect(all.map(\.0.method) == ["content.identical", "entity.shared"])
        let (content, contentInputs) = all[0]
        #expect(content.subject == "5a" && content.score == 2 && content.statistic == "exhibit_count" && content.pValue == nil)
        #expect(contentInputs.map(\.nodeID) == ["one/m", "two/m"] && contentInputs.allSatisfy { $0.role == "member" })
        #expect(content.interpretation.contains("EX-0001, EX-0002 (claimant, respondent)"))
        #expect(!content.limits.isEmpty)
        let (entity, entityInputs) = all[1]
        #expect(entity.subject == "technique PPO")
        #expect(entityInputs.map(\.role) == ["reference", "member", "member"])
        #expect(entityInputs.map(\.nodeKind) == ["entity", "finding", "finding"])
        #expect(try file.check().ok)
    }

    @Test func aGrowingCaseReplacesThemWholeAndTheSameCaseGivesTheSameOnes() throws {
        let folder = try TemporaryFolder()
        var ids: [[String]] = []
        for name in ["a.exhibit", "b.exhibit"] {
            let file = try CaseFile.create(at: folder.path(name), info: info)
            try file.write(batch("one", sha: "aa", party: "claimant"))
            try file.write(batch("two", sha: "bb", party: "respondent"))
            try HostAnalyses.refresh(file, entry: entry())
            ids.append(try analyses(file).map(\.0.id))
            try file.write(batch("three", sha: "cc", party: "respondent", shared: "77", entity: "DPO"))
            let write = try #require(try HostAnalyses.refresh(file, entry: entry()))
            #expect(write.replaced == [try file.custody().first { $0.action == HostAnalyses.action }?.sequence ?? -1])
            #expect(try analyses(file).count == 2, "the third shares nothing: the same two, the content one grown by nothing")
            #expect(try file.check().ok)
        }
        #expect(ids[0] == ids[1] && ids[0].count == 2)
    }
}
