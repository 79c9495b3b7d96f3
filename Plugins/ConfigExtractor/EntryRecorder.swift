import EvidenceFormats
import EvidenceKit
import Foundation

/// Emits one `config.entry` per leaf — key path as a JSON pointer, typed value, place — with the
/// entities it names and any credentials in it, up to a limit per file: ``maxEntries`` entries,
/// and as many bytes of keys and values as the budget lets an extractor hold
/// (`maxInMemoryBytes`: an alias can repeat one long value, and a deep path of long keys makes
/// every pointer long). A pointer longer than ``JSONTreeReader/maxPointerBytes`` is not followed.
final class EntryRecorder {
    private let sink: any FindingSink
    /// Leaves recorded per file, all documents together (the extractor's `max_entries` option);
    /// past this, a limitation says how many more were skipped.
    private let maxEntries: Int
    private let format: ConfigFormat
    private let limits: ExtractionLimits
    /// The document the next entries belong to, in a file of several (YAML).
    var document: Int? {
        willSet { closeRun() }
    }
    /// The collection whose leaves are being read.
    private var run: SiblingRun?
    /// Leaves of uniform collections, summarized rather than recorded.
    private var summarizedLeaves = 0
    /// Whether a tree's walk stopped at the leaves its summaries may take.
    private var summaryCut = false
    private(set) var count = 0
    private var skipped = 0
    private var bytes = 0
    private var bytesExceeded = false
    private var longPointers = 0

    init(sink: any FindingSink, format: ConfigFormat, limits: ExtractionLimits, maxEntries: Int) {
        self.sink = sink
        self.maxEntries = maxEntries
        self.format = format
        self.limits = limits
    }

    /// Takes one leaf in file order. Leaves are held back while their collection may still prove
    /// uniform (``SiblingRun``): a vocabulary is summarized once, not recorded word by word.
    func record(pointer: String, value: Value, at place: Locator) {
        guard pointer.utf8.count <= JSONTreeReader.maxPointerBytes else {
            longPointers += 1
            return
        }
        let (collection, member, column) = SiblingRun.place(of: pointer)
        if run?.key != collection {
            closeRun()
            run = SiblingRun(key: collection, firstMember: member)
        }
        let leaf = (pointer: pointer, value: value, locator: place)
        switch run!.rule.verdict {
        case .uniform:
            guard hold(leaf, member: member) else {
                run!.markCut()
                return
            }
            run!.absorb(leaf, member: member)
            summarizedLeaves += 1
            scanSummarized(leaf)
        case .configuration:
            emit(leaf)
        case .undecided:
            switch run!.take(leaf, member: member, column: column) {
            case .undecided: break
            case .configuration: run!.release().forEach(emit)
            case .uniform:
                let leaves = run!.release()
                summarizedLeaves += leaves.count
                for leaf in leaves {
                    guard hold(leaf, member: SiblingRun.place(of: leaf.pointer).member) else {
                        run!.markCut()
                        break
                    }
                    scanSummarized(leaf)
                }
            }
        }
    }

    /// Counts a summarized leaf's key and value against the bytes an extractor may hold (an
    /// alias can repeat one long value in a long list): false once they pass it.
    private func hold(_ leaf: SiblingRun.Leaf, member: String) -> Bool {
        guard !bytesExceeded else { return false }
        bytes += member.utf8.count + Self.size(of: leaf.value)
        if bytes > limits.maxInMemoryBytes { bytesExceeded = true }
        return !bytesExceeded
    }

    /// A credential is reported wherever it is, even inside a collection summarized whole.
    private func scanSummarized(_ leaf: SiblingRun.Leaf) {
        guard case .string(let text) = leaf.value else { return }
        var locator = leaf.locator
        locator.jsonPointer = leaf.pointer
        let key = SiblingRun.place(of: leaf.pointer).member
        SecretScanner.findings(key: key, value: text, pointer: leaf.pointer, at: locator).forEach(sink.emit)
    }

    /// Ends the collection being read: releases what it held, or summarizes it.
    private func closeRun() {
        guard var ending = run else { return }
        run = nil
        if let summary = ending.summary(format: format) {
            sink.emit(summary)
        } else {
            ending.release().forEach(emit)
        }
    }

    /// Records one leaf as a `config.entry`, with its entities and credentials.
    private func emit(_ leaf: SiblingRun.Leaf) {
        let (pointer, value, place) = leaf
        count += 1
        guard count <= maxEntries, !bytesExceeded else {
            skipped += 1
            return
        }
        bytes += pointer.utf8.count + Self.size(of: value)
        if bytes > limits.maxInMemoryBytes {
            bytesExceeded = true
            skipped += 1
            return
        }
        var locator = place
        locator.jsonPointer = pointer.isEmpty ? "" : pointer
        let path = pointer.split(separator: "/").suffix(2).map {
            String($0).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        let key = path.last ?? ""
        var attributes: [String: Value] = ["key": .string(pointer), "value": value, "type": .string(Self.typeName(value)),
                                           "format": .string(format.rawValue)]
        if let document { attributes["document"] = .integer(Int64(document)) }
        let mentions = EntityScanner.mentions(key: key, parent: path.count == 2 ? path[0] : nil, value: value)
        sink.emit(Finding("config.entry", summary: "\(pointer.isEmpty ? "/" : pointer) = \(Self.short(value))",
                          attributes: attributes, at: locator, mentions: mentions))
        if case .string(let text) = value {
            SecretScanner.findings(key: key, value: text, pointer: pointer, at: locator).forEach(sink.emit)
        }
    }

    /// Counts entries a parser left out for their long pointers (see ``finish()``).
    func skippedLongPointers(_ count: Int) {
        longPointers += count
    }

    /// Says what the limits left out, if anything.
    func finish() {
        closeRun()
        defer { skipped = 0; longPointers = 0 }
        if bytesExceeded {
            sink.limitation("the entries' keys and values pass \(limits.maxInMemoryBytes) bytes: only the first \(count - skipped) "
                            + "entries were recorded", limit: "config_entries")
        } else if skipped > 0 {
            sink.limitation("more entries than \(maxEntries): only the first \(maxEntries) were recorded",
                            limit: "config_entries")
        }
        if summaryCut {
            sink.limitation("more than \(limits.maxParsedNodes) values in collections summarized whole: the rest of the "
                            + "tree was not walked", limit: "parsed_nodes")
            summaryCut = false
        }
        if longPointers > 0 {
            sink.limitation("\(longPointers) value(s) under key paths longer than \(JSONTreeReader.maxPointerBytes) bytes "
                            + "were not recorded", limit: "config_entries")
        }
    }

    /// Walks a parsed tree, recording every leaf; stops walking at the entry limit (an alias
    /// bomb is a small tree that unfolds into billions of leaves), and does not follow a path
    /// longer than ``JSONTreeReader/maxPointerBytes``. The tree's depth is bounded by its parser (`maxNestingDepth`).
    func record(_ node: ConfigNode, pointer: String = "") {
        guard count <= maxEntries, !bytesExceeded else {
            skipped = max(skipped, 1)
            return
        }
        // Summarized leaves are bounded too: an alias bomb of long lists is as large in summaries.
        guard summarizedLeaves <= limits.maxParsedNodes else {
            summaryCut = true
            return
        }
        guard pointer.utf8.count <= JSONTreeReader.maxPointerBytes else {
            longPointers += 1
            return
        }
        switch node {
        case .scalar(let value, let locator): record(pointer: pointer, value: value, at: locator)
        case .array(let items, _):
            for (index, item) in items.enumerated() { record(item, pointer: pointer + "/" + String(index)) }
        case .object(let members, _):
            for member in members { record(member.node, pointer: pointer + "/" + JSONScanner.escape(member.key)) }
        }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .string(let text): return isDate(text) ? "date" : "string"
        case .integer: return "integer"
        case .float: return "float"
        case .bool: return "bool"
        case .null: return "null"
        case .list: return "list"
        case .object: return "object"
        }
    }

    /// ISO 8601 dates and date-times (TOML and YAML write them bare; JSON as strings).
    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10, text.utf8.count <= 35 else { return false }
        let digits = [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (0x30...0x39).contains(bytes[$0]) }
        return digits && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
    }

    /// About what a value costs as an entry: its text, or a word for anything else.
    private static func size(of value: Value) -> Int {
        if case .string(let text) = value { return text.utf8.count }
        return 16
    }

    private static func short(_ value: Value) -> String {
        let text = value.description
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}
