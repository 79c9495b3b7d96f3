import EvidenceKit
import Foundation

/// Every limit the host enforces, in one place, with defaults that are safe on a laptop.
///
/// When a limit stops work, the host records a `limitation` finding saying what was skipped.
///
/// ```swift
/// var budget = ResourceBudget()
/// try budget.apply("archive_depth=4")
/// try budget.apply("member_bytes=1GiB")
/// ```
public struct ResourceBudget: Sendable, Hashable, Codable {
    /// Containers nested deeper than this are hashed but not opened.
    public var archiveDepth: Int = 16
    /// Members read from one container; the rest are skipped.
    public var membersPerArchive: Int = 100_000
    /// Bytes expanded out of one original, all levels together.
    public var expandedBytes: Int64 = 64 << 30
    /// Expanded bytes per byte of the original, checked once 64 MiB have been expanded.
    public var expansionRatio: Int64 = 250
    /// Bytes read from one member; a larger member is hashed only in part.
    public var memberBytes: Int64 = 16 << 30
    /// Bytes an extractor may hold in memory at once.
    public var memoryBytes: Int64 = 64 << 20
    /// Wall-clock seconds for one original with everything in it.
    public var secondsPerArtifact: Int64 = 3600
    /// Nesting depth of JSON, YAML and similar documents.
    public var nestingDepth: Int64 = 256
    /// Longest line read whole.
    public var lineLength: Int64 = 1 << 20
    /// Address space of one external extractor's process (and of a built-in one under `--isolate`).
    public var pluginMemoryBytes: Int64 = 2 << 30
    /// Nodes (values, lists, tables) a parser builds for one file, aliases counted as what they repeat.
    public var parsedNodes: Int64 = 200_000

    /// The expanded size past which the expansion ratio is checked.
    public static let ratioFloor: Int64 = 64 << 20

    /// Reads a budget as `CanonicalJSON` wrote it into the custody log; a limit the record does
    /// not have (a budget logged before that limit existed) keeps its default.
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = ResourceBudget()
        archiveDepth = try values.decodeIfPresent(Int.self, forKey: .archiveDepth) ?? defaults.archiveDepth
        membersPerArchive = try values.decodeIfPresent(Int.self, forKey: .membersPerArchive) ?? defaults.membersPerArchive
        expandedBytes = try values.decodeIfPresent(Int64.self, forKey: .expandedBytes) ?? defaults.expandedBytes
        expansionRatio = try values.decodeIfPresent(Int64.self, forKey: .expansionRatio) ?? defaults.expansionRatio
        memberBytes = try values.decodeIfPresent(Int64.self, forKey: .memberBytes) ?? defaults.memberBytes
        memoryBytes = try values.decodeIfPresent(Int64.self, forKey: .memoryBytes) ?? defaults.memoryBytes
        secondsPerArtifact = try values.decodeIfPresent(Int64.self, forKey: .secondsPerArtifact) ?? defaults.secondsPerArtifact
        nestingDepth = try values.decodeIfPresent(Int64.self, forKey: .nestingDepth) ?? defaults.nestingDepth
        lineLength = try values.decodeIfPresent(Int64.self, forKey: .lineLength) ?? defaults.lineLength
        pluginMemoryBytes = try values.decodeIfPresent(Int64.self, forKey: .pluginMemoryBytes) ?? defaults.pluginMemoryBytes
        parsedNodes = try values.decodeIfPresent(Int64.self, forKey: .parsedNodes) ?? defaults.parsedNodes
    }

    private enum CodingKeys: String, CodingKey {
        case archiveDepth, membersPerArchive, expandedBytes, expansionRatio, memberBytes, memoryBytes, secondsPerArtifact
        case nestingDepth, lineLength, pluginMemoryBytes, parsedNodes
    }

    /// The deepest `archive_depth` the walk can hold. The walk recurses once per level of
    /// containers on a ``WorkerThreads`` stack of 16 MiB, and each level costs about 37 KiB of it
    /// in a debug build (15 KiB in release: the walk's frames, and the chain of libarchive reads
    /// through every enclosing level); 100 levels and `maxNestingDepth` of a parser below them
    /// leave half the stack free. Measured with nested tars and `--budget archive_depth=100000`
    /// (a debug build overflowed past about 440 levels).
    public static let maxArchiveDepth: Int64 = 100
    /// The deepest `nesting_depth` the parsers can hold beneath ``maxArchiveDepth`` levels of
    /// containers: the deepest of them (TOML arrays) costs about 9 KiB of stack a level in a
    /// debug build (JSON 6 KiB, YAML's tree 1.4 KiB), and a debug build overflowed past about
    /// 1,800 levels of TOML alone.
    public static let maxNestingDepth: Int64 = 512

    public init() {}

    /// The keys accepted by ``apply(_:)`` and `--budget`, with what each limits.
    public static let keys: [(key: String, meaning: String)] = [
        ("archive_depth", "containers nested deeper are hashed, not opened"),
        ("members_per_archive", "members read from one container"),
        ("expanded_bytes", "bytes expanded out of one original, all levels"),
        ("expansion_ratio", "expanded bytes per original byte (checked past 64 MiB)"),
        ("member_bytes", "bytes read from one member"),
        ("memory_bytes", "bytes an extractor may hold in memory"),
        ("seconds_per_artifact", "wall-clock seconds for one original"),
        ("nesting_depth", "nesting depth of structured documents"),
        ("line_length", "longest line read whole"),
        ("plugin_memory_bytes", "address space of an external extractor's process"),
        ("parsed_nodes", "nodes a parser builds for one file (values, lists, tables)"),
    ]

    /// Applies one `key=value` override; sizes take `KiB`, `MiB`, `GiB`, `TiB` (or `K`, `M`, `G`, `T`).
    public mutating func apply(_ assignment: String) throws {
        let parts = assignment.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw ExhibitCoreError.invalidBudgetValue(key: assignment, value: "") }
        let key = parts[0].replacingOccurrences(of: "-", with: "_")
        guard let value = Self.parseQuantity(parts[1]), value > 0 else {
            throw ExhibitCoreError.invalidBudgetValue(key: key, value: parts[1])
        }
        if let bound = Self.stackBounds[key], value > bound {
            throw ExhibitCoreError.budgetBeyondStack(key: key, value: value, bound: bound)
        }
        switch key {
        case "archive_depth": archiveDepth = Int(clamping: value)
        case "members_per_archive": membersPerArchive = Int(clamping: value)
        case "expanded_bytes": expandedBytes = value
        case "expansion_ratio": expansionRatio = value
        case "member_bytes": memberBytes = value
        case "memory_bytes": memoryBytes = value
        case "seconds_per_artifact": secondsPerArtifact = value
        case "nesting_depth": nestingDepth = value
        case "line_length": lineLength = value
        case "plugin_memory_bytes": pluginMemoryBytes = value
        case "parsed_nodes": parsedNodes = value
        default: throw ExhibitCoreError.unknownBudgetKey(key, known: Self.keys.map(\.key))
        }
    }

    /// The sandbox of external extractors: their memory, and CPU time as long as an original may take.
    public var sandboxPolicy: SandboxPolicy {
        SandboxPolicy(memoryBytes: pluginMemoryBytes, cpuSeconds: secondsPerArtifact)
    }

    /// The keys whose values recurse on the stack, with the most it holds.
    private static let stackBounds: [String: Int64] = ["archive_depth": maxArchiveDepth, "nesting_depth": maxNestingDepth]

    /// The limits handed to extractors (the nesting depth at most what the stack holds, however
    /// it was set).
    public var extractionLimits: ExtractionLimits {
        ExtractionLimits(maxInMemoryBytes: Int(clamping: memoryBytes),
                         maxNestingDepth: Int(clamping: min(nestingDepth, Self.maxNestingDepth)),
                         maxLineLength: Int(clamping: lineLength),
                         maxParsedNodes: Int(clamping: parsedNodes))
    }

    static func parseQuantity(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
                                        ("k", 1 << 10), ("m", 1 << 20), ("g", 1 << 30), ("t", 1 << 40)]
        let lowered = text.lowercased()
        for (suffix, factor) in units where lowered.hasSuffix(suffix) {
            guard let number = Int64(lowered.dropLast(suffix.count)) else { return nil }
            let (product, overflow) = number.multipliedReportingOverflow(by: factor)
            return overflow ? nil : product
        }
        return Int64(lowered)
    }
}
