import EvidenceKit
import Foundation

/// The line-based formats without sections: `.env` (`KEY=value`, optional `export`), and Java
/// `.properties` (`key=value`, `key: value`, `\` continuations). (INI is ``INIReader``'s.)
/// Written by hand: they are a few lines each, and findings need their line numbers.
enum LineConfigReader {
    enum Dialect: String {
        case env, properties
    }

    /// Reads `text`; lines that fit no rule come back as warnings, and reading goes on. Past
    /// `maxParsedNodes` entries, or the deadline, it stops and keeps what it read.
    static func read(_ text: String, dialect: Dialect, limits: ExtractionLimits) -> ParsedConfig {
        var result = ParsedConfig()
        var current: [ConfigMember] = []
        var currentKeys = Set<String>()
        var pending = ""
        var pendingLine = 0
        var nodes = 0
        let timeUp = ConfigLines.forEach(text, limits: limits) { rawLine, number in
            var line = rawLine.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\r", with: "")
            if dialect == .properties, !pending.isEmpty {
                line = pending + line
                pending = ""
            } else {
                pendingLine = number
            }
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") || (dialect == .properties && line.hasPrefix("!")) {
                return true
            }
            if dialect == .properties, line.hasSuffix("\\") {
                pending = String(line.dropLast())
                return true
            }
            nodes += 1
            guard nodes <= limits.maxParsedNodes else {
                result.stop = ConfigLines.nodeBudgetStop(limits, line: number)
                return false
            }
            if dialect == .env, line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            // `.properties` allows `key value`, but `=` or `:` wins when the line has one.
            let separators: [Character] = dialect == .env ? ["="] : ["=", ":"]
            let split = line.firstIndex(where: { separators.contains($0) })
                ?? (dialect == .properties ? line.firstIndex(where: { $0 == " " || $0 == "\t" }) : nil)
            guard let split else {
                result.warnings.append(("line \(number) is not 'key = value'", Locator(line: number)))
                return true
            }
            let key = line[..<split].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: split)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                result.warnings.append(("line \(number) has no key", Locator(line: number)))
                return true
            }
            if !currentKeys.insert(key).inserted {
                result.warnings.append(("duplicate key \"\(key)\"; both kept: readers disagree on which wins", Locator(line: number)))
            }
            current.append(ConfigMember(key: key, node: .scalar(typed(raw),
                                                                 Locator(line: dialect == .properties ? pendingLine : number, column: 1))))
            return true
        }
        if let timeUp { result.stop = timeUp }
        result.documents = [.object(current, Locator(line: 1))]
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
