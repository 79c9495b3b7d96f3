import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation

/// The stable JSON shape of one artifact (docs/cli.md); every key is always present.
struct ArtifactJSON: Encodable {
    let id: String
    @NullEncoded var exhibit: String?
    let evidencePath: String
    let name: String
    @NullEncoded var memberPath: String?
    @NullEncoded var containerID: String?
    let originalID: String
    let depth: Int
    let type: String
    @NullEncoded var linkTarget: String?
    let size: Int64
    @NullEncoded var declaredSize: Int64?
    @NullEncoded var sha256: String?
    let hashComplete: Bool
    @NullEncoded var mediaType: String?
    @NullEncoded var extractor: String?
    @NullEncoded var mode: String?
    @NullEncoded var owner: String?
    @NullEncoded var group: String?
    @NullEncoded var modified: String?
    @NullEncoded var party: String?
    @NullEncoded var sourcePath: String?
    let details: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, exhibit, name, depth, type, size, sha256, extractor, mode, owner, group, modified, party, details
        case evidencePath = "evidence_path", memberPath = "member_path", containerID = "container_id"
        case originalID = "original_id", linkTarget = "link_target", declaredSize = "declared_size"
        case hashComplete = "hash_complete", mediaType = "media_type", sourcePath = "source_path"
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
