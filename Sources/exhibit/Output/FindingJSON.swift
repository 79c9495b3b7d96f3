import CaseStore
import ExhibitCore
import EvidenceKit
import ExhibitFoundation
import Foundation

/// The stable JSON shape of one finding (docs/cli.md); every key is always present.
struct FindingJSON: Encodable {
    struct Time: Codable, Sendable {
        let utc: String
        @NullEncoded var original: String?
        @NullEncoded var zoneSource: String?
        enum CodingKeys: String, CodingKey { case utc, original, zoneSource = "zone_source" }

    }

    struct ExtractorRef: Encodable {
        let id: String
        let version: String
    }

    let id: String
    @NullEncoded var exhibit: String?
    let artifactID: String
    let evidencePath: String
    let kind: String
    let severity: String
    let summary: String
    let attributes: [String: Value]
    let locator: Locator
    @NullEncoded var time: Time?
    let extractor: ExtractorRef

    enum CodingKeys: String, CodingKey {
        case id, exhibit, kind, severity, summary, attributes, locator, time, extractor
        case artifactID = "artifact_id", evidencePath = "evidence_path"
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
