import CaseStore
import EvidenceKit
import Foundation

/// Turns a finished walk into graph records: deterministic ids, normalized times and entities,
/// canonical JSON. Exhibit numbers are left for the case file to give.
struct BatchBuilder {
    let normalizer: Normalizer

    func build(_ walk: OriginalWalk, acquired: AcquiredFile?, party: String?, custody: [CustodyRecord]) -> OriginalBatch {
        var ids: [String] = []
        var artifacts: [ArtifactRecord] = []
        for (ordinal, pending) in walk.artifacts.enumerated() {
            let id: String
            if let parent = pending.parentIndex {
                id = DeterministicID.make("artifact", ids[parent], pending.memberKey ?? pending.name)
            } else {
                id = DeterministicID.make("artifact", "original", pending.sha256 ?? "unhashed")
            }
            ids.append(id)
            artifacts.append(record(pending, id: id, originalID: ids[0],
                                    parentID: pending.parentIndex.map { ids[$0] }, ordinal: ordinal,
                                    acquired: pending.parentIndex == nil ? acquired : nil, party: party))
        }

        var findings: [FindingRecord] = []
        var entities: [String: EntityRecord] = [:]
        var mentions: [MentionRecord] = []
        var occurrences: [String: Int] = [:]
        for (ordinal, pending) in walk.findings.enumerated() {
            let finding = pending.finding
            let artifactID = ids[pending.artifactIndex]
            let identity = [artifactID, pending.extractorID, finding.locator.canonical, finding.kind.rawValue]
            let key = identity.joined(separator: "\u{0}")
            let occurrence = (occurrences[key] ?? 0) + 1
            occurrences[key] = occurrence
            let id = DeterministicID.make(["finding"] + identity + [String(occurrence)])
            let time = finding.timestamp.map(normalizer.normalize)
            findings.append(FindingRecord(
                id: id, artifactID: artifactID, originalID: ids[0], exhibit: "", exhibitSequence: 0,
                ordinal: ordinal, kind: finding.kind.rawValue, severity: finding.severity.rawValue,
                summary: finding.summary, attributes: CanonicalJSON.encode(finding.attributes),
                locator: CanonicalJSON.encode(finding.locator),
                evidencePath: walk.artifacts[pending.artifactIndex].evidencePath,
                timeUTC: time?.utc, timeOriginal: time?.original, timeZoneSource: time?.zoneSource,
                extractorID: pending.extractorID, extractorVersion: pending.extractorVersion))
            for mention in finding.mentions {
                let value = normalizer.canonicalEntityValue(mention)
                let entityID = DeterministicID.make("entity", mention.kind.rawValue, value)
                entities[entityID] = EntityRecord(id: entityID, kind: mention.kind.rawValue, value: value)
                mentions.append(MentionRecord(findingID: id, entityID: entityID, role: mention.role ?? ""))
            }
        }
        return OriginalBatch(artifacts: artifacts, findings: findings,
                             entities: entities.keys.sorted().compactMap { entities[$0] },
                             mentions: mentions, custody: custody)
    }

    private func record(_ pending: PendingArtifact, id: String, originalID: String, parentID: String?,
                        ordinal: Int, acquired: AcquiredFile?, party: String?) -> ArtifactRecord {
        let member = pending.member
        var details: [String: String] = [:]
        if let acquired {
            details["file_modified"] = acquired.modified
            details["file_mode"] = String(acquired.mode, radix: 8)
            details["time_zone"] = "\(normalizer.assumedZoneName) (\(normalizer.assumedZoneReason))"
        }
        if let member {
            details["entry_index"] = String(member.entryIndex)
            if let uid = member.uid { details["uid"] = String(uid) }
            if let gid = member.gid { details["gid"] = String(gid) }
            if let modified = member.modified {
                details["modified_original"] = modified.original
                details["modified_zone_source"] = normalizer.normalize(modified).zoneSource
            }
            if member.rawPath != Array(member.path.utf8) {
                details["raw_path_hex"] = Hex.encode(member.rawPath)
            }
        }
        return ArtifactRecord(
            id: id, originalID: originalID, parentID: parentID, exhibit: "", exhibitSequence: 0,
            ordinal: ordinal, depth: pending.depth, name: pending.name, memberPath: member?.path,
            evidencePath: pending.evidencePath, sourcePath: acquired?.path, party: party,
            entryType: (member?.type ?? .file).rawValue, linkTarget: member?.linkTarget, size: pending.size,
            declaredSize: pending.declaredSize, sha256: pending.sha256, hashComplete: pending.hashComplete,
            mediaType: pending.mediaType, extractorID: pending.extractorID, mode: member?.mode.map(Int64.init),
            owner: member?.owner, group: member?.group,
            modified: member?.modified.map { normalizer.normalize($0).utc }, details: CanonicalJSON.encode(details))
    }
}
