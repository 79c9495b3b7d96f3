/// A tokenizer for Python source good enough to read what a notebook cell names — imports,
/// calls with their keyword arguments, assignments, string literals — without running or
/// fully parsing it: names, numbers, strings (prefixes, triple quotes, line continuations),
/// operators with bracket depth, comments, logical line ends and indentation. Text it cannot
/// read (an unterminated string) ends at the line's end; it never fails.
struct PythonTokenizer {
    private let bytes: [UInt8]
    private var position = 0
    private var line = 1
    private var depth = 0
    private var indents = [0]
    private var atLineStart = true
    /// Whether the logical line has a token other than a comment.
    private var lineHasCode = false
    private(set) var tokens: [PythonToken] = []

    /// The tokens of `source`.
    static func tokens(_ source: String) -> [PythonToken] {
        var tokenizer = PythonTokenizer(bytes: Array(source.utf8))
        tokenizer.run()
        return tokenizer.tokens
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func run() {
        while position < bytes.count {
            if atLineStart, depth == 0 {
                indentation()
                continue
            }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "#"):
                let start = position
                while position < bytes.count, bytes[position] != 0x0A { position += 1 }
                add(.comment, start)
            case 0x0A:
                if depth == 0, lineHasCode { endLine() }
                position += 1
                line += 1
                atLineStart = true
            case UInt8(ascii: "\\") where position + 1 < bytes.count && bytes[position + 1] == 0x0A:
                position += 2
                line += 1
            case 0x20, 0x09, 0x0D, 0x0C:
                position += 1
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                string(prefix: "")
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                number()
            case UInt8(ascii: ".") where position + 1 < bytes.count && Self.isDigit(bytes[position + 1]):
                number()
            default:
                if Self.isNameStart(byte) { name() } else { op() }
            }
        }
        if lineHasCode { endLine() }
        for _ in indents.dropFirst() { tokens.append(PythonToken(kind: .dedent, text: "", line: line)) }
    }

    /// Measures a line's indentation; blank and comment-only lines do not count.
    private mutating func indentation() {
        var width = 0
        var scan = position
        while scan < bytes.count, bytes[scan] == 0x20 || bytes[scan] == 0x09 || bytes[scan] == 0x0C {
            width = bytes[scan] == 0x09 ? (width / 8 + 1) * 8 : width + 1
            scan += 1
        }
        position = scan
        atLineStart = false
        guard scan < bytes.count, bytes[scan] != 0x0A, bytes[scan] != 0x0D, bytes[scan] != UInt8(ascii: "#") else { return }
        if width > indents.last! {
            indents.append(width)
            tokens.append(PythonToken(kind: .indent, text: "", line: line))
        }
        while width < indents.last! {
            indents.removeLast()
            tokens.append(PythonToken(kind: .dedent, text: "", line: line))
        }
    }

    private mutating func name() {
        let start = position
        while position < bytes.count, Self.isNameStart(bytes[position]) || Self.isDigit(bytes[position]) { position += 1 }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        if position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'"),
           word.count <= 2, word.lowercased().allSatisfy({ "rbuf".contains($0) }) {
            return string(prefix: word.lowercased())
        }
        add(.name, start)
    }

    private mutating func number() {
        let start = position
        while position < bytes.count {
            let byte = bytes[position]
            if Self.isDigit(byte) || Self.isNameStart(byte) || byte == UInt8(ascii: ".") {
                position += 1
            } else if (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")),
                      bytes[position - 1] == UInt8(ascii: "e") || bytes[position - 1] == UInt8(ascii: "E"),
                      bytes[start] != UInt8(ascii: "0") || position - start < 2 || !"xXoObB".utf8.contains(bytes[start + 1]) {
                position += 1
            } else {
                break
            }
        }
        add(.number, start)
    }

    private mutating func string(prefix: String) {
        let quote = bytes[position]
        let triple = position + 2 < bytes.count && bytes[position + 1] == quote && bytes[position + 2] == quote
        let startLine = line
        position += triple ? 3 : 1
        let contentStart = position
        var contentEnd = bytes.count
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\\") {
                if position + 1 < bytes.count, bytes[position + 1] == 0x0A { line += 1 }
                position += 2
                continue
            }
            if byte == 0x0A {
                if !triple {
                    contentEnd = position   // unterminated: ends at the line's end
                    break
                }
                line += 1
            }
            if byte == quote {
                if !triple {
                    contentEnd = position
                    position += 1
                    break
                }
                if position + 2 < bytes.count, bytes[position + 1] == quote, bytes[position + 2] == quote {
                    contentEnd = position
                    position += 3
                    break
                }
            }
            position += 1
        }
        position = min(position, bytes.count)
        let content = String(decoding: bytes[contentStart..<min(contentEnd, bytes.count)], as: UTF8.self)
        tokens.append(PythonToken(kind: .string(prefix: prefix), text: content, line: startLine))
        lineHasCode = true
    }

    private static let threeCharacterOps: Set<String> = ["**=", "//=", ">>=", "<<=", "..."]
    private static let twoCharacterOps: Set<String> = ["**", "//", ">>", "<<", "==", "!=", "<=", ">=", "->", ":=", "+=", "-=",
                                                       "*=", "/=", "%=", "&=", "|=", "^=", "@="]

    private mutating func op() {
        let start = position
        for length in [3, 2] where position + length <= bytes.count {
            let text = String(decoding: bytes[position..<(position + length)], as: UTF8.self)
            if (length == 3 ? Self.threeCharacterOps : Self.twoCharacterOps).contains(text) {
                position += length
                return add(.op, start)
            }
        }
        let byte = bytes[position]
        position += 1
        switch byte {
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(depth - 1, 0)
        case UInt8(ascii: ";") where depth == 0:
            return endLine()
        default: break
        }
        add(.op, start)
    }

    private mutating func endLine() {
        tokens.append(PythonToken(kind: .newline, text: "", line: line))
        lineHasCode = false
    }

    private mutating func add(_ kind: PythonToken.Kind, _ start: Int) {
        if kind != .comment { lineHasCode = true }
        tokens.append(PythonToken(kind: kind, text: String(decoding: bytes[start..<position], as: UTF8.self), line: line))
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
}
