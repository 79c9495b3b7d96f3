import EvidenceKit
import Foundation

/// The extractors the host offers artifacts to, in order, and how it picks candidates.
///
/// Magic bytes first (registry order), then file-name patterns: an extractor that matches by
/// signature is tried before one that only likes the name.
public struct ExtractorRegistry: @unchecked Sendable {
    /// The extractor types, in the order they are offered artifacts.
    public let extractors: [any Extractor.Type]

    public init(_ extractors: [any Extractor.Type]) throws {
        var seen = Set<String>()
        for extractor in extractors {
            guard seen.insert(extractor.descriptor.id).inserted else {
                throw ExhibitCoreError.duplicateExtractorID(extractor.descriptor.id)
            }
        }
        self.extractors = extractors
    }

    /// The extractor with `id`.
    public func extractor(id: String) throws -> any Extractor.Type {
        guard let found = extractors.first(where: { $0.descriptor.id == id }) else {
            throw ExhibitCoreError.unknownExtractor(id)
        }
        return found
    }

    /// The extractors that accept an artifact with this head and name, best first.
    public func candidates(head: Data, name: String) -> [any Extractor.Type] {
        var bySignature: [any Extractor.Type] = []
        var byName: [any Extractor.Type] = []
        let lowered = Array(name.lowercased().utf8)
        for extractor in extractors {
            let accepts = extractor.descriptor.accepts
            if accepts.signature(in: head) != nil {
                bySignature.append(extractor)
            } else if accepts.matchesName(lowercasedUTF8: lowered) {
                byName.append(extractor)
            }
        }
        return bySignature + byName
    }
}
