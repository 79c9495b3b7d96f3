import EvidenceKit
import Foundation

/// A JSON scanner written for evidence: Foundation's parser reports no places, and findings must
/// say where each value is — byte offset, line and column, JSON pointer.
///
/// It reads what real ML files contain: a UTF-8 BOM, `NaN`, `Infinity` and `-Infinity`; `//` and
/// `/* */` comments (reported as warnings). It keeps duplicate keys (both, with a warning),
/// never recurses deeper than the budget (deeper values are skipped iteratively, and said so),
/// and reports each leaf as soon as it is read, so nothing found before an error is lost.
struct JSONScanner {
    /// One leaf as read: its pointer, value and place.
    typealias LeafHandler = (_ pointer: String, _ value: Value, _ locator: Locator) -> Void

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private let maxDepth: Int
    private let onLeaf: LeafHandler
    private(set) var warnings: [(String, Locator)] = []
    private(set) var skippedDeep = 0
    /// Values skipped because their pointer would pass ``maxPointerBytes``.
    private(set) var skippedLongPointers = 0
    /// The longest JSON pointer followed: each level holds its own, so a few hundred levels of
    /// 200 KB keys held gigabytes.
    static let maxPointerBytes = 64 << 10
    private var sawComment = false
    /// Nodes kept in the returned tree by default; past the scanner's limit, values are still
    /// read and reported as leaves but not kept (a tokenizer's vocabulary has millions), and
    /// ``treeTruncated`` says so.
    static let maxTreeNodes = 200_000
    private let maxTreeNodes: Int
    private var treeNodes = 0
    private(set) var treeTruncated = false

    init(_ bytes: [UInt8], maxDepth: Int, maxTreeNodes: Int = JSONScanner.maxTreeNodes, onLeaf: @escaping LeafHandler) {
        self.bytes = bytes
        self.maxDepth = maxDepth
        self.maxTreeNodes = maxTreeNodes
        self.onLeaf = onLeaf
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
    }

    /// Reads one document. Throws at the first place it cannot read.
    mutating func document() throws -> ConfigNode {
        skipSpace()
        let node = try value(pointer: "", depth: 0)
        skipSpace()
        if index < bytes.count { throw error("unexpected content after the document") }
        return node
    }

    /// The place of the byte at `index`.
    var here: Locator {
        Locator(byteOffset: Int64(index), line: line, column: index - lineStart + 1)
    }

    private func error(_ message: String) -> ConfigParseError {
        ConfigParseError(message: message, locator: here)
    }

    private mutating func value(pointer: String, depth: Int) throws -> ConfigNode {
        guard index < bytes.count else { throw error("the document ends where a value should be (truncated?)") }
        let start = here
        treeNodes += 1
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            if depth >= maxDepth {
                try skipNested()
                skippedDeep += 1
                return .scalar(.null, start)
            }
            return bytes[index] == UInt8(ascii: "{") ? try object(pointer: pointer, depth: depth, start: start)
                : try array(pointer: pointer, depth: depth, start: start)
        case UInt8(ascii: "\""):
            let text = try string()
            onLeaf(pointer, .string(text), start)
            return .scalar(.string(text), start)
        default:
            let scalar = try literal()
            onLeaf(pointer, scalar, start)
            return .scalar(scalar, start)
        }
    }

    private mutating func object(pointer: String, depth: Int, start: Locator) throws -> ConfigNode {
        index += 1
        var members: [ConfigMember] = []
        var seen: [String: Int] = [:]
        skipSpace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object([], start) }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw error("expected a quoted key") }
            let keyPlace = here
            let key = try string()
            if let first = seen[key] {
                warnings.append(("duplicate key \"\(key)\" (first on line \(first)); both kept: parsers disagree on which wins",
                                 keyPlace))
            } else {
                seen[key] = keyPlace.line
            }
            skipSpace()
            guard peek(UInt8(ascii: ":")) else { throw error("expected ':' after key \"\(key)\"") }
            index += 1
            skipSpace()
            let child = pointer + "/" + Self.escape(key)
            let member = child.utf8.count > Self.maxPointerBytes ? try skipLongPointer() : try value(pointer: child, depth: depth + 1)
            if keep { members.append(ConfigMember(key: key, node: member)) }
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "}")) { index += 1; return .object(members, start) }
            throw error("expected ',' or '}' in the object")
        }
    }

    private mutating func array(pointer: String, depth: Int, start: Locator) throws -> ConfigNode {
        index += 1
        var items: [ConfigNode] = []
        var position = 0
        skipSpace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array([], start) }
        while true {
            skipSpace()
            let item = try value(pointer: pointer + "/" + String(position), depth: depth + 1)
            position += 1
            if keep { items.append(item) }
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            if peek(UInt8(ascii: "]")) { index += 1; return .array(items, start) }
            throw error("expected ',' or ']' in the array")
        }
    }

    private mutating func string() throws -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                if let text = String(validating: out, as: UTF8.self) { return text }
                warnings.append(("string is not valid UTF-8 (shown with U+FFFD)", here))
                return String(decoding: out, as: UTF8.self)
            }
            if byte == 0x0A { throw error("line break inside a string") }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                switch bytes[index] {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var code = hex4(at: index + 1) else { throw error("bad \\u escape") }
                    index += 4
                    // A character beyond U+FFFF is escaped as a surrogate pair (`\ud83d\ude00`),
                    // as tokenizer vocabularies often are; alone, either half is no character.
                    if (0xD800..<0xDC00).contains(code), index + 6 < bytes.count, bytes[index + 1] == UInt8(ascii: "\\"),
                       bytes[index + 2] == UInt8(ascii: "u"), let low = hex4(at: index + 3), (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        index += 6
                    }
                    if let scalar = Unicode.Scalar(code) {
                        out += Array(String(Character(scalar)).utf8)
                    } else {
                        warnings.append(("an unpaired surrogate escape (shown as U+FFFD)", here))
                        out += Array("\u{FFFD}".utf8)
                    }
                default: out.append(bytes[index])
                }
                index += 1
                continue
            }
            out.append(byte)
            index += 1
        }
        throw error("the file ends inside a string (truncated?)")
    }

    /// The four hex digits of a `\\u` escape starting at `start`.
    private func hex4(at start: Int) -> UInt32? {
        guard start + 4 <= bytes.count else { return nil }
        return UInt32(String(decoding: bytes[start..<(start + 4)], as: UTF8.self), radix: 16)
    }

    private mutating func literal() throws -> Value {
        let start = index
        while index < bytes.count, !Self.delimiters.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        switch text {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "null": return .null
        case "NaN": return .float(.nan)
        case "Infinity": return .float(.infinity)
        case "-Infinity": return .float(-.infinity)
        default:
            if let integer = Int64(text) { return .integer(integer) }
            if let number = Double(text), text.first.map({ $0 == "-" || $0.isNumber }) == true { return .float(number) }
            index = start
            throw error(text.isEmpty ? "expected a value" : "not a JSON value: \(text.prefix(40))")
        }
    }

    /// Whether the tree still has room for more nodes.
    private var keep: Bool {
        mutating get {
            if treeNodes <= maxTreeNodes { return true }
            treeTruncated = true
            return false
        }
    }

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"),
                                                 UInt8(ascii: "}"), UInt8(ascii: ":")]

    private func peek(_ byte: UInt8) -> Bool {
        index < bytes.count && bytes[index] == byte
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            case UInt8(ascii: "/") where index + 1 < bytes.count && (bytes[index + 1] == UInt8(ascii: "/") || bytes[index + 1] == UInt8(ascii: "*")):
                if !sawComment { warnings.append(("comment in JSON: not standard, some parsers reject the file", here)) }
                sawComment = true
                let block = bytes[index + 1] == UInt8(ascii: "*")
                index += 2
                while index < bytes.count {
                    if block, bytes[index] == UInt8(ascii: "*"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "/") {
                        index += 2
                        break
                    }
                    if bytes[index] == 0x0A {
                        if !block { break }
                        line += 1
                        lineStart = index + 1
                    }
                    index += 1
                }
            default: return
            }
        }
    }

    /// Reads past a value whose pointer is too long to follow, without reporting it.
    private mutating func skipLongPointer() throws -> ConfigNode {
        guard index < bytes.count else { throw error("the document ends where a value should be (truncated?)") }
        let start = here
        skippedLongPointers += 1
        switch bytes[index] {
        case UInt8(ascii: "{"), UInt8(ascii: "["): try skipNested()
        case UInt8(ascii: "\""): _ = try string()
        default: _ = try literal()
        }
        return .scalar(.null, start)
    }

    /// Skips one nested value without recursion, counting brackets outside strings.
    private mutating func skipNested() throws {
        var depth = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x0A { line += 1; lineStart = index }
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return }
            default: break
            }
        }
        throw error("the file ends inside a nested value (truncated?)")
    }

    /// RFC 6901: `~` → `~0`, `/` → `~1`.
    static func escape(_ key: String) -> String {
        // Most keys need nothing; Foundation's replacing is slow for millions of vocabulary keys.
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}
