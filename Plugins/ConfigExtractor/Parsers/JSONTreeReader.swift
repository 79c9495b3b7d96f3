import EvidenceFormats
import EvidenceKit

/// A JSON document as a ``ConfigNode`` tree, read through the shared ``JSONScanner`` (lenient:
/// BOM, `NaN`, `Infinity`, comments): every leaf is reported as soon as it is read, with its
/// JSON pointer and place, so nothing found before an error is lost.
///
/// It never recurses: containers open on an explicit stack; a value nested deeper than
/// `maxDepth` is skipped without being built (and counted in ``skippedDeep``); past its tree
/// limit (the budget's `parsed_nodes`) values are still reported as leaves but not kept (a
/// tokenizer's vocabulary has millions), and ``treeTruncated`` says so; a value whose JSON pointer
/// would pass ``maxPointerBytes`` is read past unreported (``skippedLongPointers``): each level
/// holds its own pointer, so a few hundred levels of 200 KB keys held gigabytes. Duplicate keys
/// are both kept, with a warning.
struct JSONTreeReader {
    /// One leaf as read: its pointer, value and place.
    typealias LeafHandler = (_ pointer: String, _ value: Value, _ locator: Locator) -> Void

    /// The longest JSON pointer followed.
    static let maxPointerBytes = 64 << 10

    private let scanner: JSONScanner
    /// Nodes kept in the returned tree (0: none is kept, only leaves reported).
    private let maxTreeNodes: Int
    /// Values read past for their long pointers.
    private(set) var skippedLongPointers = 0
    private let maxDepth: Int
    private let deadline: ExtractionLimits?
    private let onLeaf: LeafHandler
    private var ownWarnings: [(String, Locator)] = []
    private(set) var skippedDeep = 0
    private var treeNodes = 0
    private(set) var treeTruncated = false

    /// An object or array being read, with what it holds so far. A class: as an enum's payload
    /// each member array was copied to append one member (taken out of the enum, it was not the
    /// only reference), which made a vocabulary of 1.4 million words quadratic.
    private final class Open {
        let isObject: Bool
        let start: Locator
        var members: [ConfigMember] = []
        var items: [ConfigNode] = []
        /// Each key's first line, for the duplicate-key warning.
        var firstLines: [String: Int] = [:]
        /// The key whose value is being read.
        var key: String?

        init(isObject: Bool, start: Locator) {
            self.isObject = isObject
            self.start = start
        }

        var node: ConfigNode { isObject ? .object(members, start) : .array(items, start) }
    }

    init(_ source: any ByteSource, limits: ExtractionLimits, maxTreeNodes: Int, onLeaf: @escaping LeafHandler) {
        scanner = JSONScanner(source, options: JSONScanner.Options(dialect: .lenient, maxDepth: .max,
                                                                   maxStringBytes: limits.maxInMemoryBytes))
        maxDepth = limits.maxNestingDepth
        self.maxTreeNodes = maxTreeNodes
        deadline = limits
        self.onLeaf = onLeaf
    }

    /// Problems read past, in the order of their places.
    var warnings: [(String, Locator)] {
        (ownWarnings + scanner.warnings.map { ($0.message, $0.locator) })
            .sorted { ($0.1.byteOffset ?? 0) < ($1.1.byteOffset ?? 0) }
    }

    /// Reads one document. Throws ``ConfigParseError`` at the first place it cannot read.
    mutating func document() throws -> ConfigNode {
        do {
            return try read()
        } catch let failure as JSONScanner.Failure {
            throw ConfigParseError(message: failure.message, locator: failure.locator)
        }
    }

    private mutating func read() throws -> ConfigNode {
        var stack: [Open] = []
        var steps = 0
        while true {
            steps += 1
            if steps & 0xFFF == 0 { try deadline?.checkDeadline() }
            if stack.count >= maxDepth, let kind = try scanner.peekValue(), kind == .object || kind == .array {
                try scanner.skipValue()
                skippedDeep += 1
                treeNodes += 1
                if let root = add(.scalar(.null, scanner.locator), to: &stack) { return try finish(root) }
                continue
            }
            guard let event = try scanner.next() else {
                throw ConfigParseError(message: "the document ends where a value should be (truncated?)", locator: scanner.here)
            }
            switch event {
            case .beginObject:
                treeNodes += 1
                stack.append(Open(isObject: true, start: scanner.locator))
            case .beginArray:
                treeNodes += 1
                stack.append(Open(isObject: false, start: scanner.locator))
            case .key(let key):
                guard let open = stack.last, open.isObject else { continue }
                if let first = open.firstLines[key] {
                    ownWarnings.append(("duplicate key \"\(key)\" (first on line \(first)); both kept: parsers disagree on which wins",
                                        scanner.locator))
                } else {
                    open.firstLines[key] = scanner.locator.line
                }
                open.key = key
                if scanner.pointer.utf8.count > Self.maxPointerBytes {
                    try scanner.skipValue()
                    skippedLongPointers += 1
                    if let root = add(.scalar(.null, scanner.locator), to: &stack) { return try finish(root) }
                }
            case .endObject, .endArray:
                if let root = add(stack.removeLast().node, to: &stack) { return try finish(root) }
            default:
                treeNodes += 1
                let value = JSONScanner.value(of: event) ?? .null
                onLeaf(scanner.pointer, value, scanner.locator)
                if let root = add(.scalar(value, scanner.locator), to: &stack) { return try finish(root) }
            }
        }
    }

    /// Puts a finished node in its container; returns it when it is the document itself.
    private mutating func add(_ node: ConfigNode, to stack: inout [Open]) -> ConfigNode? {
        guard let top = stack.last else { return node }
        if treeNodes <= maxTreeNodes {
            if top.isObject {
                top.members.append(ConfigMember(key: top.key ?? "", node: node))
            } else {
                top.items.append(node)
            }
        } else {
            treeTruncated = true
        }
        top.key = nil
        return nil
    }

    /// The document, once nothing but whitespace follows it.
    private func finish(_ root: ConfigNode) throws -> ConfigNode {
        guard try scanner.next() == nil else {
            throw ConfigParseError(message: "unexpected content after the document", locator: scanner.locator)
        }
        return root
    }
}
