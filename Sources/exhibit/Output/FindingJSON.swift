import CaseStore
import EvidenceKit
import Foundation

/// The stable JSON shape of one finding (docs/cli.md).
struct FindingJSON: Encodable {
    struct Time: Encodable {
        let utc: String
        let original: String?
        let zoneSource: String?
        enum CodingKeys: String, CodingKey { case utc, original, zoneSource = "zone_source" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(utc, forKey: .utc)
            try container.encode(original, forKey: .original)
            try container.encode(zoneSource, forKey: .zoneSource)
        }
    }

    struct ExtractorRef: Encodable {
        let id: String
        let version: String
    }

    let id: String
    let exhibit: String?
    let artifactID: String
    let evidencePath: String
    let kind: String
    let severity: String
    let summary: String
    let attributes: [String: Value]
    let locator: Locator
    let time: Time?
    let extractor: ExtractorRef

    enum CodingKeys: String, CodingKey {
        case id, exhibit, kind, severity, summary, attributes, locator, time, extractor
        case artifactID = "artifact_id", evidencePath = "evidence_path"
    }

    /// Every key is always present; an absent value is `null`.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(exhibit, forKey: .exhibit)
        try container.encode(artifactID, forKey: .artifactID)
        try container.encode(evidencePath, forKey: .evidencePath)
        try container.encode(kind, forKey: .kind)
        try container.encode(severity, forKey: .severity)
        try container.encode(summary, forKey: .summary)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(locator, forKey: .locator)
        try container.encode(time, forKey: .time)
        try container.encode(extractor, forKey: .extractor)
    }

    init(_ record: FindingRecord) {
        id = record.id
        exhibit = record.exhibit.isEmpty ? nil : record.exhibit
        artifactID = record.artifactID
        evidencePath = record.evidencePath
        kind = record.kind
        severity = record.severity
        summary = record.summary
        attributes = (try? JSONDecoder().decode([String: Value].self, from: Data(record.attributes.utf8))) ?? [:]
        locator = (try? JSONDecoder().decode(Locator.self, from: Data(record.locator.utf8))) ?? .whole
        time = record.timeUTC.map { Time(utc: $0, original: record.timeOriginal, zoneSource: record.timeZoneSource) }
        extractor = ExtractorRef(id: record.extractorID, version: record.extractorVersion)
    }
}
