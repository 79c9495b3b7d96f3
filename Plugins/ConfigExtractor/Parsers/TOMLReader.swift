import EvidenceKit
import Foundation

/// A TOML reader written by hand: TOMLKit, the usual Swift choice, depends on a package that
/// this project's build machines cannot resolve. It reads what configuration files use —
/// tables, arrays of tables, dotted and quoted keys, strings (basic, literal, multi-line),
/// integers, floats, booleans, dates (kept as text), arrays and inline tables — and reports any
/// line it cannot read as a warning, going on with the next.
///
/// It reads the UTF-8 bytes in place (an array of `Character`s cost 16 bytes a byte), and holds
/// to the budget: keys and values nested deeper than `maxNestingDepth` (a dotted key of 10,000
/// parts, arrays 100,000 deep) are skipped without recursion and counted in one limitation; past
/// `maxParsedNodes` nodes, or the deadline, it stops and keeps what it read.
struct TOMLReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: ExtractionLimits
    private var index = 0
    private var line = 1
    private var nodes = 0
    private var result = ParsedConfig()
    /// Keys and values skipped for their depth: how many, and the first one's line.
    private var tooDeep = 0
    private var firstTooDeep = 0

    /// A budget that ends the read (nodes, time): not a line's problem. It carries the value
    /// read so far on its line, so that what was read is kept.
    private struct Stop: Error {
        let error: ConfigParseError
        var partial: Value?
    }

    static func read(_ text: String, limits: ExtractionLimits) -> ParsedConfig {
        var text = text
        return text.withUTF8 { bytes in
            var reader = TOMLReader(bytes: bytes, limits: limits)
            return reader.readDocument()
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>, limits: ExtractionLimits) {
        self.bytes = bytes
        self.limits = limits
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    private mutating func readDocument() -> ParsedConfig {
        let root = TOMLTable(locator: Locator(line: 1))
        var tablePath: [String] = []
        /// Set after a table header too deep to keep: its keys are skipped with it.
        var skippingTable = false
        while index < bytes.count {
            skipBlankAndComments()
            guard index < bytes.count else { break }
            let lineNumber = line
            do {
                if peek("[") {
                    let arrayOfTables = peek("[[")
                    index += arrayOfTables ? 2 : 1
                    let path = try keyPath()
                    try expect(arrayOfTables ? "]]" : "]")
                    skippingTable = path.count >= limits.maxNestingDepth
                    if skippingTable {
                        noteTooDeep(at: lineNumber)
                    } else {
                        try count(1)
                        tablePath = path
                        if arrayOfTables { root.appendTable(at: path[...], line: lineNumber) } else { root.table(at: path[...], line: lineNumber) }
                    }
                } else {
                    let key = try keyPath()
                    skipInlineSpace()
                    try expect("=")
                    skipInlineSpace()
                    let path = tablePath + key
                    if skippingTable || path.count >= limits.maxNestingDepth {
                        if !skippingTable { noteTooDeep(at: lineNumber) }
                        try skipValue()
                    } else {
                        let value: Value
                        do {
                            value = try self.value(depth: path.count)
                        } catch let stop as Stop {
                            if let partial = stop.partial { _ = root.set(path[...], partial, line: lineNumber) }
                            throw stop
                        }
                        if !root.set(path[...], value, line: lineNumber) {
                            result.warnings.append(("duplicate key \(key.joined(separator: ".")); both kept", Locator(line: lineNumber)))
                        }
                    }
                }
                skipInlineSpace()
                if peek("#") { skipToLineEnd() }
                if index < bytes.count, !peek("\n"), !peek("\r") {
                    throw ConfigParseError(message: "unexpected text after the value", locator: Locator(line: line))
                }
            } catch let stop as Stop {
                result.stop = stop.error
                break
            } catch let error as ConfigParseError {
                result.warnings.append(("TOML line \(lineNumber) unreadable: \(error.message)", Locator(line: lineNumber)))
                skipToLineEnd()
            } catch {
                result.warnings.append(("TOML line \(lineNumber) unreadable: \(error)", Locator(line: lineNumber)))
                skipToLineEnd()
            }
        }
        if tooDeep > 0 {
            result.skipped.append(ConfigParseError(
                message: "\(tooDeep) key(s) or value(s) nested deeper than \(limits.maxNestingDepth) levels were skipped",
                locator: Locator(line: firstTooDeep), limit: "nesting_depth"))
        }
        result.documents = [root.node]
        return result
    }

    private mutating func noteTooDeep(at lineNumber: Int) {
        if tooDeep == 0 { firstTooDeep = lineNumber }
        tooDeep += 1
    }

    /// Counts nodes built, and stops the read past the node budget or the deadline.
    private mutating func count(_ added: Int) throws {
        nodes += added
        if nodes > limits.maxParsedNodes {
            throw Stop(error: ConfigParseError(message: "more than \(limits.maxParsedNodes) nodes: the rest of the file was not read",
                                               locator: Locator(line: line), limit: "parsed_nodes"))
        }
        if nodes % 4096 == 0 {
            do {
                try limits.checkDeadline()
            } catch {
                throw Stop(error: ConfigParseError(message: "the time for this original ran out while the TOML was read",
                                                   locator: Locator(line: line), limit: "seconds_per_artifact"))
            }
        }
    }

    // MARK: - Bytes

    private func peek(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return (0..<count).allSatisfy { bytes[index + $0] == text.utf8Start[$0] }
    }

    private func peek(byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private mutating func expect(_ text: StaticString) throws {
        guard peek(text) else { throw ConfigParseError(message: "expected '\(text)'", locator: Locator(line: line)) }
        index += text.utf8CodeUnitCount
    }

    private mutating func skipInlineSpace() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }

    private mutating func skipToLineEnd() {
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
    }

    private mutating func skipBlankAndComments() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1
            case UInt8(ascii: "#"): skipToLineEnd()
            default: return
            }
        }
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    // MARK: - Keys

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            // Letters beyond ASCII, as the reader always took them.
            return byte >= 0x80
        }
    }

    private mutating func keyPath() throws -> [String] {
        var parts: [String] = []
        repeat {
            skipInlineSpace()
            if peek("\"") || peek("'") {
                parts.append(try singleLineString())
            } else {
                let start = index
                while index < bytes.count, Self.isBareKeyByte(bytes[index]) { index += 1 }
                guard index > start else { throw ConfigParseError(message: "expected a key", locator: Locator(line: line)) }
                parts.append(text(start..<index))
            }
            skipInlineSpace()
        } while peek(".") && { index += 1; return true }()
        return parts
    }

    // MARK: - Values

    /// The value at `depth` (the containers around it): arrays and inline tables that would
    /// open at the nesting budget are skipped, not read.
    private mutating func value(depth: Int) throws -> Value {
        guard index < bytes.count else { throw ConfigParseError(message: "missing value", locator: Locator(line: line)) }
        try count(1)
        if peek("\"\"\"") || peek("'''") { return .string(try multilineString()) }
        if peek("\"") || peek("'") { return .string(try singleLineString()) }
        if peek("[") || peek("{") {
            guard depth < limits.maxNestingDepth else {
                noteTooDeep(at: line)
                try skipNested()
                return .null
            }
            return peek("[") ? try array(depth: depth) : try inlineTable(depth: depth)
        }
        let start = index
        while index < bytes.count, !Self.endsBareValue(bytes[index]) { index += 1 }
        return try Self.bareValue(text(start..<index).trimmingCharacters(in: .whitespaces), line: line)
    }

    private static func endsBareValue(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"), 0x0A, 0x0D: return true
        default: return false
        }
    }

    private static func bareValue(_ raw: String, line: Int) throws -> Value {
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

    private mutating func array(depth: Int) throws -> Value {
        index += 1
        var items: [Value] = []
        while true {
            skipBlankAndComments()
            if peek("]") { index += 1; return .list(items) }
            do {
                items.append(try value(depth: depth + 1))
            } catch var stop as Stop {
                stop.partial = .list(items + (stop.partial.map { [$0] } ?? []))
                throw stop
            }
            skipBlankAndComments()
            if peek(",") { index += 1 } else if !peek("]") {
                throw ConfigParseError(message: "expected ',' or ']'", locator: Locator(line: line))
            }
        }
    }

    private mutating func inlineTable(depth: Int) throws -> Value {
        index += 1
        var object: [String: Value] = [:]
        while true {
            skipInlineSpace()
            if peek("}") { index += 1; return .object(object) }
            let key = try keyPath().joined(separator: ".")
            try expect("=")
            skipInlineSpace()
            do {
                object[key] = try value(depth: depth + 1)
            } catch var stop as Stop {
                if let partial = stop.partial { object[key] = partial }
                stop.partial = .object(object)
                throw stop
            }
            skipInlineSpace()
            if peek(",") { index += 1 } else if !peek("}") {
                throw ConfigParseError(message: "expected ',' or '}'", locator: Locator(line: line))
            }
        }
    }

    private mutating func singleLineString() throws -> String {
        let quote = bytes[index]
        index += 1
        var out: [UInt8] = []
        while index < bytes.count, bytes[index] != quote, bytes[index] != 0x0A {
            if quote == UInt8(ascii: "\""), bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 1
                try escape(into: &out)
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        guard peek(byte: quote) else { throw ConfigParseError(message: "unterminated string", locator: Locator(line: line)) }
        index += 1
        return String(decoding: out, as: UTF8.self)
    }

    /// The escape after a backslash in a basic string (TOML 1.0); an unknown one is kept as its
    /// character, as the reader always did.
    private mutating func escape(into out: inout [UInt8]) throws {
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let length = byte == UInt8(ascii: "u") ? 4 : 8
            guard index + length <= bytes.count, let code = UInt32(text(index..<(index + length)), radix: 16),
                  let scalar = Unicode.Scalar(code) else {
                throw ConfigParseError(message: "bad \\\(Character(Unicode.Scalar(byte))) escape", locator: Locator(line: line))
            }
            index += length
            out += Array(String(Character(scalar)).utf8)
        default: out.append(byte)
        }
    }

    private mutating func multilineString() throws -> String {
        let quote = bytes[index]
        let basic = quote == UInt8(ascii: "\"")
        index += 3
        if peek("\n") { index += 1; line += 1 } else if peek("\r\n") { index += 2; line += 1 }
        var out: [UInt8] = []
        while index < bytes.count {
            if bytes[index] == quote, index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                // Up to two quotes before the closing three belong to the string.
                var run = 3
                while run < 5, index + run < bytes.count, bytes[index + run] == quote { run += 1 }
                out += repeatElement(quote, count: run - 3)
                index += run
                return String(decoding: out, as: UTF8.self)
            }
            if bytes[index] == 0x0A { line += 1 }
            if basic, bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                index += 1
                if bytes[index] == 0x0A || bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0D {
                    // A line-ending backslash trims the break and the blanks after it.
                    while index < bytes.count, [0x0A, 0x20, 0x09, 0x0D].contains(bytes[index]) {
                        if bytes[index] == 0x0A { line += 1 }
                        index += 1
                    }
                } else {
                    try escape(into: &out)
                }
                continue
            }
            out.append(bytes[index])
            index += 1
        }
        throw ConfigParseError(message: "unterminated string", locator: Locator(line: line))
    }

    // MARK: - Skipping

    /// Skips a value not kept (too deep): an array or inline table through its closing bracket,
    /// a multi-line string through its closing quotes, anything else to the end of the line.
    private mutating func skipValue() throws {
        if peek("[") || peek("{") { return try skipNested() }
        if peek("\"\"\"") || peek("'''") { _ = try multilineString(); return }
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x0D { index += 1 }
    }

    /// Skips one array or inline table without recursion, counting brackets outside strings and
    /// comments.
    private mutating func skipNested() throws {
        var depth = 0
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1; index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                index += 1
                if depth == 0 { return }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if peek("\"\"\"") || peek("'''") { _ = try multilineString() } else { _ = try singleLineString() }
            case UInt8(ascii: "#"): skipToLineEnd()
            case 0x0A: line += 1; index += 1
            default: index += 1
            }
        }
        throw ConfigParseError(message: "the file ends inside an array or inline table (truncated?)", locator: Locator(line: line))
    }
}
