import EvidenceKit
import Foundation

/// A TOML reader written by hand: TOMLKit, the usual Swift choice, depends on a package that
/// this project's build machines cannot resolve. It reads what configuration files use —
/// tables, arrays of tables, dotted and quoted keys, strings (basic, literal, multi-line),
/// integers, floats, booleans, dates (kept as text), arrays and inline tables — and reports any
/// line it cannot read as a warning, going on with the next.
struct TOMLReader {
    private var chars: [Character]
    private var index = 0
    private var line = 1
    private var warnings: [(String, Locator)] = []

    static func read(_ text: String) -> (node: ConfigNode, warnings: [(String, Locator)]) {
        var reader = TOMLReader(chars: Array(text))
        var root = TOMLTable(locator: Locator(line: 1))
        var path: [String] = []
        while reader.index < reader.chars.count {
            reader.skipBlankAndComments()
            guard reader.index < reader.chars.count else { break }
            let lineNumber = reader.line
            do {
                if reader.peek("[") {
                    let arrayOfTables = reader.peek("[[")
                    reader.index += arrayOfTables ? 2 : 1
                    path = try reader.keyPath()
                    try reader.expect(arrayOfTables ? "]]" : "]")
                    if arrayOfTables { root.appendTable(at: path, line: lineNumber) } else { root.table(at: path, line: lineNumber) }
                } else {
                    let key = try reader.keyPath()
                    reader.skipInlineSpace()
                    try reader.expect("=")
                    reader.skipInlineSpace()
                    let value = try reader.value()
                    if !root.set(path + key, value, line: lineNumber) {
                        reader.warnings.append(("duplicate key \(key.joined(separator: ".")); both kept", Locator(line: lineNumber)))
                    }
                }
                reader.skipInlineSpace()
                if reader.peek("#") { reader.skipToLineEnd() }
                if reader.index < reader.chars.count, !reader.peek("\n"), !reader.peek("\r") {
                    throw ConfigParseError(message: "unexpected text after the value", locator: Locator(line: reader.line))
                }
            } catch let error as ConfigParseError {
                reader.warnings.append(("TOML line \(lineNumber) unreadable: \(error.message)", Locator(line: lineNumber)))
                reader.skipToLineEnd()
            } catch {}
        }
        return (root.node, reader.warnings)
    }

    private func peek(_ text: String) -> Bool {
        let count = text.count
        guard index + count <= chars.count else { return false }
        return String(chars[index..<(index + count)]) == text
    }

    private mutating func expect(_ text: String) throws {
        guard peek(text) else { throw ConfigParseError(message: "expected '\(text)'", locator: Locator(line: line)) }
        index += text.count
    }

    private mutating func skipInlineSpace() {
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
    }

    private mutating func skipToLineEnd() {
        while index < chars.count, chars[index] != "\n" { index += 1 }
    }

    private mutating func skipBlankAndComments() {
        while index < chars.count {
            switch chars[index] {
            case " ", "\t", "\r", "\r\n": index += 1
            case "\n": index += 1; line += 1
            case "#": skipToLineEnd()
            default: return
            }
        }
    }

    private mutating func keyPath() throws -> [String] {
        var parts: [String] = []
        repeat {
            skipInlineSpace()
            if peek("\"") || peek("'") {
                guard case .string(let text) = try value() else { throw ConfigParseError(message: "bad key", locator: Locator(line: line)) }
                parts.append(text)
            } else {
                let start = index
                while index < chars.count, chars[index].isLetter || chars[index].isNumber || chars[index] == "_" || chars[index] == "-" {
                    index += 1
                }
                guard index > start else { throw ConfigParseError(message: "expected a key", locator: Locator(line: line)) }
                parts.append(String(chars[start..<index]))
            }
            skipInlineSpace()
        } while peek(".") && { index += 1; return true }()
        return parts
    }

    private mutating func value() throws -> Value {
        guard index < chars.count else { throw ConfigParseError(message: "missing value", locator: Locator(line: line)) }
        if peek("\"\"\"") || peek("'''") { return .string(try multilineString()) }
        if peek("\"") || peek("'") { return .string(try singleLineString()) }
        if peek("[") { return try array() }
        if peek("{") { return try inlineTable() }
        let start = index
        while index < chars.count, !",]}#\n\r".contains(chars[index]) { index += 1 }
        let raw = String(chars[start..<index]).trimmingCharacters(in: .whitespaces)
        switch raw {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let digits = raw.replacingOccurrences(of: "_", with: "")
        if let integer = Int64(digits) { return .integer(integer) }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where digits.hasPrefix(prefix) {
            if let integer = Int64(digits.dropFirst(2), radix: radix) { return .integer(integer) }
        }
        if let number = Double(digits) { return .float(number) }
        if raw.range(of: #"^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}"#, options: .regularExpression) != nil { return .string(raw) }
        throw ConfigParseError(message: "not a TOML value: \(raw.prefix(40))", locator: Locator(line: line))
    }

    private mutating func singleLineString() throws -> String {
        let quote = chars[index]
        index += 1
        var out = ""
        while index < chars.count, chars[index] != quote {
            if chars[index] == "\n" { break }
            if quote == "\"", chars[index] == "\\", index + 1 < chars.count {
                index += 1
                switch chars[index] {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                default: out.append(chars[index])
                }
            } else {
                out.append(chars[index])
            }
            index += 1
        }
        guard index < chars.count, chars[index] == quote else {
            throw ConfigParseError(message: "unterminated string", locator: Locator(line: line))
        }
        index += 1
        return out
    }

    private mutating func multilineString() throws -> String {
        let delimiter = String(chars[index..<(index + 3)])
        index += 3
        if peek("\n") { index += 1; line += 1 }
        var out = ""
        while index < chars.count, !peek(delimiter) {
            if chars[index] == "\n" { line += 1 }
            out.append(chars[index])
            index += 1
        }
        guard peek(delimiter) else { throw ConfigParseError(message: "unterminated string", locator: Locator(line: line)) }
        index += 3
        return out
    }

    private mutating func array() throws -> Value {
        index += 1
        var items: [Value] = []
        while true {
            skipBlankAndComments()
            if peek("]") { index += 1; return .list(items) }
            items.append(try value())
            skipBlankAndComments()
            if peek(",") { index += 1 } else if !peek("]") {
                throw ConfigParseError(message: "expected ',' or ']'", locator: Locator(line: line))
            }
        }
    }

    private mutating func inlineTable() throws -> Value {
        index += 1
        var object: [String: Value] = [:]
        while true {
            skipInlineSpace()
            if peek("}") { index += 1; return .object(object) }
            let key = try keyPath().joined(separator: ".")
            try expect("=")
            skipInlineSpace()
            object[key] = try value()
            skipInlineSpace()
            if peek(",") { index += 1 } else if !peek("}") {
                throw ConfigParseError(message: "expected ',' or '}'", locator: Locator(line: line))
            }
        }
    }
}
