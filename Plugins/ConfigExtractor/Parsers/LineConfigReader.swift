import EvidenceKit
import Foundation

/// The line-based formats: INI / `.cfg` (`[section]`, `key = value`), `.env` (`KEY=value`,
/// optional `export`), and Java `.properties` (`key=value`, `key: value`, `\` continuations).
/// Written by hand: they are a few lines each, and findings need their line numbers.
enum LineConfigReader {
    enum Dialect: String {
        case ini, env, properties
    }

    /// Reads `text`; lines that fit no rule come back as warnings, and reading goes on. Past
    /// `maxParsedNodes` entries, or the deadline, it stops and keeps what it read.
    static func read(_ text: String, dialect: Dialect, limits: ExtractionLimits) -> ParsedConfig {
        var result = ParsedConfig()
        var sections: [ConfigMember] = []
        var current: [ConfigMember] = []
        var currentKeys = Set<String>()
        var currentName: String?
        var currentLine = 1
        var pending = ""
        var pendingLine = 0
        func closeSection() {
            if let name = currentName {
                sections.append(ConfigMember(key: name, node: .object(current, Locator(line: currentLine))))
            } else {
                sections += current
            }
            current = []
            currentKeys = []
        }
        var number = 0
        var nodes = 0
        // Lines end at LF bytes: a CRLF is one Character, so splitting the String on "\n" missed it.
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            let rawLine = text[lineStart..<lineEnd]
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
            number += 1
            if number % 4096 == 0, (try? limits.checkDeadline()) == nil {
                result.stop = ConfigParseError(message: "the time for this original ran out while the file was read",
                                               locator: Locator(line: number), limit: "seconds_per_artifact")
                break
            }
            var line = rawLine.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\r", with: "")
            if dialect == .properties, !pending.isEmpty {
                line = pending + line
                pending = ""
            } else {
                pendingLine = number
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || (dialect == .properties && line.hasPrefix("!")) {
                continue
            }
            if dialect == .properties, line.hasSuffix("\\") {
                pending = String(line.dropLast())
                continue
            }
            nodes += 1
            guard nodes <= limits.maxParsedNodes else {
                result.stop = ConfigParseError(message: "more than \(limits.maxParsedNodes) nodes: the rest of the file was not read",
                                               locator: Locator(line: number), limit: "parsed_nodes")
                break
            }
            if dialect == .ini, line.hasPrefix("["), line.hasSuffix("]") {
                closeSection()
                currentName = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                currentLine = number
                continue
            }
            if dialect == .env, line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            // `.properties` allows `key value`, but `=` or `:` wins when the line has one.
            let separators: [Character] = dialect == .env ? ["="] : ["=", ":"]
            let split = line.firstIndex(where: { separators.contains($0) })
                ?? (dialect == .properties ? line.firstIndex(where: { $0 == " " || $0 == "\t" }) : nil)
            guard let split else {
                result.warnings.append(("line \(number) is not 'key = value'", Locator(line: number)))
                continue
            }
            let key = line[..<split].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: split)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                result.warnings.append(("line \(number) has no key", Locator(line: number)))
                continue
            }
            if !currentKeys.insert(key).inserted {
                result.warnings.append(("duplicate key \"\(key)\"; both kept: readers disagree on which wins", Locator(line: number)))
            }
            current.append(ConfigMember(key: key, node: .scalar(typed(raw),
                                                                 Locator(line: dialect == .properties ? pendingLine : number, column: 1))))
        }
        closeSection()
        result.documents = [.object(sections, Locator(line: 1))]
        return result
    }

    /// Quoted text stays text; bare words that read as numbers or booleans become them.
    static func typed(_ raw: String) -> Value {
        if raw.count >= 2, let first = raw.first, first == "\"" || first == "'", raw.last == first {
            return .string(String(raw.dropFirst().dropLast()))
        }
        switch raw.lowercased() {
        case "true", "yes", "on": return .bool(true)
        case "false", "no", "off": return .bool(false)
        default: break
        }
        if let integer = Int64(raw) { return .integer(integer) }
        if let number = Double(raw), raw.first.map({ $0.isNumber || $0 == "-" || $0 == "." }) == true { return .float(number) }
        return .string(raw)
    }
}
