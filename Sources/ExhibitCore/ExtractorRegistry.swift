import EvidenceKit
import Foundation

/// The extractors the host offers artifacts to, configured for one run, and how it ranks them.
///
/// Recognition is ranked by specificity, written once here: an extractor whose content test
/// claims the head comes first, then those whose exact magic bytes match, then a whole file name,
/// then a specific file-name pattern, then generic matches (a `*.json` name, a leading `{`).
/// Ties go by registry order (built-in extractors in ``BuiltInExtractors``'s order, then
/// external ones). Each candidate is offered the artifact in turn until one does not decline.
///
/// ```swift
/// let registry = try ExtractorRegistry(BuiltInExtractors.all, selection: ExtractorSelection(without: ["config"]),
///                                      overrides: [ExtractorOptionOverride(parsing: "archive.read_times=false")])
/// ```
public struct ExtractorRegistry: Sendable {
    /// One extractor, ready for a run.
    public struct Configured: Sendable {
        public let entry: ExtractorEntry
        /// The options in force: the descriptor's defaults with the run's overrides.
        public let options: [String: Value]
        /// Makes the extraction of one artifact.
        public let make: ExtractorEntry.Factory
    }

    /// A candidate for one artifact, and how strongly it matched.
    struct Candidate {
        let extractor: Configured
        let strength: MatchStrength
    }

    /// The extractors of this run, in registry order.
    public let extractors: [Configured]

    /// - Parameters:
    ///   - entries: every extractor known (built-in, then external), in registry order.
    ///   - selection: which of them the run uses.
    ///   - overrides: options set for the run.
    /// - Throws: ``ExhibitCoreError`` for two extractors with one id (former ids included), an
    ///   unknown id in the selection or overrides, an unknown option or a value of the wrong type.
    public init(_ entries: [ExtractorEntry], selection: ExtractorSelection = .all,
                overrides: [ExtractorOptionOverride] = []) throws {
        var owners: [String: ExtractorEntry] = [:]
        for entry in entries {
            for id in [entry.descriptor.id] + entry.descriptor.formerIDs {
                if let other = owners[id] { throw ExhibitCoreError.duplicateExtractorID(id, origins: [other.origin, entry.origin]) }
                owners[id] = entry
            }
        }
        func resolve(_ id: String) throws -> String {
            guard let entry = owners[id] else { throw ExhibitCoreError.unknownExtractor(id, known: entries.map(\.descriptor.id)) }
            return entry.descriptor.id
        }
        let only = try selection.only.map { Set(try $0.map(resolve)) }
        let without = Set(try selection.without.map(resolve))
        var options: [String: [String: Value]] = [:]
        for override in overrides {
            let id = try resolve(override.extractorID)
            let defaults = owners[id]!.descriptor.options
            guard let defaultValue = defaults[override.key] else {
                throw ExhibitCoreError.invalidExtractorOption(
                    "\(override.extractorID).\(override.key)=\(override.text)",
                    reason: defaults.isEmpty ? "extractor \(id) takes no options"
                        : "extractor \(id) has no option '\(override.key)'; its options: \(defaults.keys.sorted().joined(separator: ", "))")
            }
            options[id, default: [:]][override.key] = try override.value(like: defaultValue)
        }
        extractors = try entries.filter { entry in
            only.map { $0.contains(entry.descriptor.id) } ?? true && !without.contains(entry.descriptor.id)
        }.map { entry in
            let inForce = entry.descriptor.options.merging(options[entry.descriptor.id] ?? [:]) { $1 }
            return Configured(entry: entry, options: inForce, make: try entry.configured(with: inForce))
        }
    }

    /// The extractor that `id` (or a former id) names, among this run's.
    public func extractor(id: String) throws -> Configured {
        guard let found = extractors.first(where: { $0.entry.descriptor.isNamed(id) }) else {
            throw ExhibitCoreError.unknownExtractor(id, known: extractors.map(\.entry.descriptor.id))
        }
        return found
    }

    /// The extractors that accept an artifact with this head and name, strongest first.
    func candidates(head: Data, name: String) -> [Candidate] {
        let lowered = Self.lowercasedUTF8(name)
        var found: [Candidate] = []
        for extractor in extractors {
            if let strength = extractor.entry.strength(head: head, name: name, lowercasedName: lowered) {
                found.append(Candidate(extractor: extractor, strength: strength))
            }
        }
        // A stable sort: equal strengths keep registry order.
        return found.enumerated().sorted { left, right in
            left.element.strength != right.element.strength ? left.element.strength > right.element.strength
                : left.offset < right.offset
        }.map(\.element)
    }

    /// What the custody log records of the extractors a run uses: each descriptor (without its
    /// examples), its origin and the options in force.
    public var custodyRecord: Value {
        .list(extractors.map { extractor in
            var object: [String: Value] = ["origin": .string(extractor.entry.origin.description),
                                           "options": .object(extractor.options)]
            if let data = try? JSONEncoder().encode(extractor.entry.descriptor.withoutExamples),
               let descriptor = try? JSONDecoder().decode(Value.self, from: data) {
                object["descriptor"] = descriptor
            }
            return .object(object)
        })
    }

    /// `name` lower-cased, as UTF-8; ASCII names (most) byte by byte, others through Unicode.
    private static func lowercasedUTF8(_ name: String) -> [UInt8] {
        let bytes = Array(name.utf8)
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return Array(name.lowercased().utf8) }
        return bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    }
}
