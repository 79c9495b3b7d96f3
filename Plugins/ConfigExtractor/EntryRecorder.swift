import EvidenceFormats
import EvidenceKit
import Foundation

/// Emits one `config.entry` per leaf — key path as a JSON pointer, typed value, place — with the
/// entities it names and any credentials in it, up to a limit per file.
final class EntryRecorder {
    private let sink: any FindingSink
    /// Leaves recorded per file; past this, a limitation says how many more were skipped.
    private let maxEntries: Int
    private let format: ConfigFormat
    private let document: Int?
    private(set) var count = 0
    private var skipped = 0

    init(sink: any FindingSink, format: ConfigFormat, maxEntries: Int, document: Int? = nil) {
        self.sink = sink
        self.maxEntries = maxEntries
        self.format = format
        self.document = document
    }

    func record(pointer: String, value: Value, at place: Locator) {
        count += 1
        guard count <= maxEntries else {
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

    /// Says what the entry limit left out, if anything.
    func finish() {
        defer { skipped = 0 }
        if skipped > 0 {
            sink.limitation("more entries than \(maxEntries): only the first \(maxEntries) were recorded",
                            limit: "config_entries")
        }
    }

    /// Walks a parsed tree, recording every leaf; stops walking at the entry limit (an alias
    /// bomb is a small tree that unfolds into billions of leaves).
    func record(_ node: ConfigNode, pointer: String = "") {
        guard count <= maxEntries else {
            skipped = max(skipped, 1)
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

    private static func short(_ value: Value) -> String {
        let text = value.description
        return text.count > 120 ? String(text.prefix(117)) + "…" : text
    }
}
