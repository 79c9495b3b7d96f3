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
    var document: Int?
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

    func record(pointer: String, value: Value, at place: Locator) {
        count += 1
        guard count <= maxEntries, !bytesExceeded else {
            skipped += 1
            return
        }
        guard pointer.utf8.count <= JSONTreeReader.maxPointerBytes else {
            longPointers += 1
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
        let key = pointer.split(separator: "/").last.map { String($0).replacingOccurrences(of: "~1", with: "/")
            .replacingOccurrences(of: "~0", with: "~") } ?? ""
        var attributes: [String: Value] = ["key": .string(pointer), "value": value, "type": .string(Self.typeName(value)),
                                           "format": .string(format.rawValue)]
        if let document { attributes["document"] = .integer(Int64(document)) }
        sink.emit(Finding("config.entry", summary: "\(pointer.isEmpty ? "/" : pointer) = \(Self.short(value))",
                          attributes: attributes, at: locator, mentions: EntityScanner.mentions(key: key, value: value)))
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
        defer { skipped = 0; longPointers = 0 }
        if bytesExceeded {
            sink.limitation("the entries' keys and values pass \(limits.maxInMemoryBytes) bytes: only the first \(count - skipped) "
                            + "entries were recorded", limit: "config_entries")
        } else if skipped > 0 {
            sink.limitation("more entries than \(maxEntries): only the first \(maxEntries) were recorded",
                            limit: "config_entries")
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
