import EvidenceKit
import Foundation

/// The extractors the host offers artifacts to, in order, and how it picks candidates.
///
/// Magic bytes first (registry order), then file-name patterns: an extractor that matches by
/// signature is tried before one that only likes the name.
public struct ExtractorRegistry: @unchecked Sendable {
    /// The extractor types, in the order they are offered artifacts.
    public let extractors: [any Extractor.Type]
    /// What each accepts, read from its descriptor once rather than for every artifact.
    private let acceptances: [Acceptance]

    public init(_ extractors: [any Extractor.Type]) throws {
        var seen = Set<String>()
        for extractor in extractors {
            guard seen.insert(extractor.descriptor.id).inserted else {
                throw ExhibitCoreError.duplicateExtractorID(extractor.descriptor.id)
            }
        }
        self.extractors = extractors
        acceptances = extractors.map { $0.descriptor.accepts }
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
        let lowered = Self.lowercasedUTF8(name)
        for (extractor, accepts) in zip(extractors, acceptances) {
            if accepts.signature(in: head) != nil {
                bySignature.append(extractor)
            } else if accepts.matchesName(lowercasedUTF8: lowered) {
                byName.append(extractor)
            }
        }
        return bySignature + byName
    }

    /// `name` lower-cased, as UTF-8; ASCII names (most) byte by byte, others through Unicode.
    private static func lowercasedUTF8(_ name: String) -> [UInt8] {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return Array(name.lowercased().utf8) }
        return bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}
