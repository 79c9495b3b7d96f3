import EvidenceKit
import Foundation

/// INI / `.cfg` / `.conf` as Python's `configparser` reads them with its defaults — the reader
/// nearly every `setup.cfg`, `tox.ini` and `.flake8` was written for:
///
/// - `key = value` and `key: value` (the first `=` or `:` separates; spaces around it dropped);
/// - a line indented deeper than its option's first line continues the value (joined with
///   newlines); an empty line inside a value is kept as an empty line of it; trailing empty
///   lines are dropped;
/// - `#` and `;` start a comment only at the start of a line (an inline `# …` is part of the
///   value, as `configparser` keeps it);
/// - option names are lowercased (`optionxform`): the key is what a program reads; section
///   names keep their case;
/// - `[DEFAULT]` is reported once, as the section `DEFAULT`, where it is written: a program sees
///   its values in every section that does not set them, but they are not copied there;
/// - interpolation (`%(name)s`, `${name}`) is kept as text, as `configparser`'s raw reading does;
/// - values are text, as `configparser` holds them (the recognizers compare numbers canonically).
///
/// Where `configparser` refuses a file (an option before any section, a duplicate section or
/// option, a line that is no option) this reader warns with the line and goes on.
/// Written by hand: it is a few rules, and findings need their line numbers.
enum INIReader {
    /// One option being read: its name, the lines of its value, its place.
    private struct Option {
        let key: String
        var lines: [String]
        let locator: Locator
    }

    /// One section being read.
    private struct Section {
        let name: String?
        let line: Int
        var options: [Option] = []
    }

    static func read(_ text: String, limits: ExtractionLimits) -> ParsedConfig {
        var result = ParsedConfig()
        var sections: [Section] = []
        var current: Int?
        var option: Int?
        var indent = 0
        var nodes = 0
        var seenOptions = Set<[String]>()
        let timeUp = ConfigLines.forEach(text, limits: limits) { line, number in
            let value = line.trimmingCharacters(in: .whitespacesAndNewlines)
            let isComment = value.hasPrefix("#") || value.hasPrefix(";")
            if value.isEmpty || isComment {
                if !isComment, let current, let option { sections[current].options[option].lines.append("") }
                return true
            }
            let lineIndent = line.prefix { $0.isWhitespace }.count
            if let current, let option, lineIndent > indent {
                sections[current].options[option].lines.append(value)
                return true
            }
            indent = lineIndent
            nodes += 1
            guard nodes <= limits.maxParsedNodes else {
                result.stop = ConfigLines.nodeBudgetStop(limits, line: number)
                return false
            }
            if let header = sectionName(value) {
                option = nil
                if let existing = sections.firstIndex(where: { $0.name == header }) {
                    if header != "DEFAULT" {
                        result.warnings.append(("section [\(header)] again (first on line \(sections[existing].line)); read as one "
                                                + "section, which configparser (strict) refuses", Locator(line: number)))
                    }
                    current = existing
                } else {
                    sections.append(Section(name: header, line: number))
                    current = sections.count - 1
                }
                return true
            }
            if current == nil {
                result.warnings.append(("line \(number) comes before any [section]: configparser refuses the file",
                                        Locator(line: number)))
                sections.append(Section(name: nil, line: number))
                current = sections.count - 1
            }
            guard let split = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                result.warnings.append(("line \(number) is not 'key = value' or 'key: value'", Locator(line: number)))
                return true
            }
            let key = value[..<split].trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            guard !key.isEmpty else {
                result.warnings.append(("line \(number) has no key", Locator(line: number)))
                option = nil
                return true
            }
            let sectionKey = [sections[current!].name ?? "", key]
            if !seenOptions.insert(sectionKey).inserted {
                result.warnings.append(("duplicate key \"\(key)\"; both kept: configparser (strict) refuses it, and readers "
                                        + "that accept it keep the last", Locator(line: number)))
            }
            let raw = value[value.index(after: split)...].trimmingCharacters(in: .whitespacesAndNewlines)
            sections[current!].options.append(Option(key: key, lines: [raw], locator: Locator(line: number, column: lineIndent + 1)))
            option = sections[current!].options.count - 1
            return true
        }
        if let timeUp { result.stop = timeUp }
        result.documents = [document(sections)]
        return result
    }

    /// `[name]` as `configparser` reads it: a line starting `[` whose last `]` closes a
    /// non-empty name (anything after it is ignored).
    private static func sectionName(_ value: String) -> String? {
        guard value.hasPrefix("["), let close = value.lastIndex(of: "]"),
              value.index(after: value.startIndex) < close else { return nil }
        return String(value[value.index(after: value.startIndex)..<close])
    }

    /// The sections as one tree: options before any section at the top, each section an object.
    private static func document(_ sections: [Section]) -> ConfigNode {
        var members: [ConfigMember] = []
        for section in sections {
            let options = section.options.map { option in
                let text = option.lines.joined(separator: "\n")
                let trimmed = String(text.reversed().drop { $0.isWhitespace }.reversed())
                return ConfigMember(key: option.key, node: .scalar(.string(trimmed), option.locator))
            }
            if let name = section.name {
                members.append(ConfigMember(key: name, node: .object(options, Locator(line: section.line))))
            } else {
                members += options
            }
        }
        return .object(members, Locator(line: 1))
    }
}
