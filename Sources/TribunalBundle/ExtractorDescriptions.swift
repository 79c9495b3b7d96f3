import CaseStore
import EvidenceKit
import Foundation

/// What a bundle knows of the extractors whose findings it carries: their descriptors as the
/// case recorded them when it ran them (each `add` run's `extractors` custody entry), else as the
/// exporting program describes them. The bundle decides nothing by kind name: how a kind is shown
/// in the report, on the timeline and in CASE/UCO is what its extractor declared.
public struct ExtractorDescriptions: Sendable {
    /// Descriptors by id and version, the latest recorded first for each.
    private var byID: [String: [ExtractorDescriptor]] = [:]
    /// How each kind is presented, from the newest descriptor that declares it.
    private var kinds: [FindingKind: FindingKindDescription] = [:]

    /// From the case's custody log, then `fallback` (the exporting program's own extractors)
    /// for extractors the case did not record (cases made before descriptors were recorded).
    public init(custody: [CustodyRecord], fallback: [ExtractorDescriptor] = []) {
        var recorded: [ExtractorDescriptor] = []
        for entry in custody where entry.action == "extractors" {
            recorded += Self.descriptors(in: entry.details)
        }
        for descriptor in recorded.reversed() + fallback { add(descriptor) }
    }

    private mutating func add(_ descriptor: ExtractorDescriptor) {
        if byID[descriptor.id]?.contains(where: { $0.version == descriptor.version }) != true {
            byID[descriptor.id, default: []].append(descriptor)
        }
        for kind in descriptor.findingKinds where kinds[kind.kind] == nil {
            kinds[kind.kind] = kind
        }
    }

    /// The descriptor of extractor `id` at `version` (or, failing that, its latest known).
    public func descriptor(id: String, version: String?) -> ExtractorDescriptor? {
        let known = byID[id] ?? byID.values.first { $0.first?.isNamed(id) == true } ?? []
        return known.first { $0.version == version } ?? known.first
    }

    /// How findings of `kind` are shown: as declared, or (undeclared) in detail.
    public func presentation(of kind: String) -> FindingPresentation {
        if kind == FindingKind.limitation.rawValue || kind == FindingKind.extractionError.rawValue { return .headline }
        return kinds[FindingKind(rawValue: kind)]?.presentation ?? .detail
    }

    /// Kinds declared with `presentation`, in name order.
    public func kinds(presented presentation: FindingPresentation) -> [String] {
        kinds.values.filter { $0.presentation == presentation }.map(\.kind.rawValue).sorted()
    }

    /// What a timeline says of a time of this kind (Timesketch's `timestamp_desc`).
    public func timestampDescription(of kind: String) -> String {
        kinds[FindingKind(rawValue: kind)]?.timestampDescription ?? kind
    }

    /// What a finding of this kind states, if declared.
    public func summary(of kind: String) -> String? {
        kinds[FindingKind(rawValue: kind)]?.summary
    }

    /// Kinds that fill a CASE/UCO facet property, with their mapping, in name order.
    public var caseMappings: [(kind: String, mapping: CaseUCOMapping)] {
        kinds.values.compactMap { description in description.caseUCO.map { (description.kind.rawValue, $0) } }
            .sorted { $0.kind < $1.kind }
    }

    private static func descriptors(in details: String) -> [ExtractorDescriptor] {
        struct Details: Decodable {
            struct Extractor: Decodable { let descriptor: ExtractorDescriptor? }
            let extractors: [Extractor]
        }
        guard let parsed = try? JSONDecoder().decode(Details.self, from: Data(details.utf8)) else { return [] }
        return parsed.extractors.compactMap(\.descriptor)
    }
}
