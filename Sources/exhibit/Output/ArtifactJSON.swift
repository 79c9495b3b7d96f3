import CaseStore
import Foundation

/// The stable JSON shape of one artifact (docs/cli.md).
struct ArtifactJSON: Encodable {
    let id: String
    let exhibit: String?
    let evidencePath: String
    let name: String
    let memberPath: String?
    let containerID: String?
    let originalID: String
    let depth: Int
    let type: String
    let linkTarget: String?
    let size: Int64
    let declaredSize: Int64?
    let sha256: String?
    let hashComplete: Bool
    let mediaType: String?
    let extractor: String?
    let mode: String?
    let owner: String?
    let group: String?
    let modified: String?
    let party: String?
    let sourcePath: String?
    let details: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, exhibit, name, depth, type, size, sha256, extractor, mode, owner, group, modified, party, details
        case evidencePath = "evidence_path", memberPath = "member_path", containerID = "container_id"
        case originalID = "original_id", linkTarget = "link_target", declaredSize = "declared_size"
        case hashComplete = "hash_complete", mediaType = "media_type", sourcePath = "source_path"
    }

    /// Every key is always present; an absent value is `null`, so the shape never changes.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(exhibit, forKey: .exhibit)
        try container.encode(evidencePath, forKey: .evidencePath)
        try container.encode(name, forKey: .name)
        try container.encode(memberPath, forKey: .memberPath)
        try container.encode(containerID, forKey: .containerID)
        try container.encode(originalID, forKey: .originalID)
        try container.encode(depth, forKey: .depth)
        try container.encode(type, forKey: .type)
        try container.encode(linkTarget, forKey: .linkTarget)
        try container.encode(size, forKey: .size)
        try container.encode(declaredSize, forKey: .declaredSize)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(hashComplete, forKey: .hashComplete)
        try container.encode(mediaType, forKey: .mediaType)
        try container.encode(extractor, forKey: .extractor)
        try container.encode(mode, forKey: .mode)
        try container.encode(owner, forKey: .owner)
        try container.encode(group, forKey: .group)
        try container.encode(modified, forKey: .modified)
        try container.encode(party, forKey: .party)
        try container.encode(sourcePath, forKey: .sourcePath)
        try container.encode(details, forKey: .details)
    }

    init(_ record: ArtifactRecord) {
        id = record.id
        exhibit = record.exhibit.isEmpty ? nil : record.exhibit
        evidencePath = record.evidencePath
        name = record.name
        memberPath = record.memberPath
        containerID = record.parentID
        originalID = record.originalID
        depth = record.depth
        type = record.entryType
        linkTarget = record.linkTarget
        size = record.size
        declaredSize = record.declaredSize
        sha256 = record.sha256
        hashComplete = record.hashComplete
        mediaType = record.mediaType
        extractor = record.extractorID
        mode = record.mode.map { "0" + String($0, radix: 8) }
        owner = record.owner
        group = record.group
        modified = record.modified
        party = record.party
        sourcePath = record.sourcePath
        details = (try? JSONDecoder().decode([String: String].self, from: Data(record.details.utf8))) ?? [:]
    }
}
