/// Reads source code in chunks of any size and gives its tokens, normalized for fingerprinting
/// (``SourceToken``): whitespace and comments dropped, names other than keywords made one
/// placeholder, strings reduced to their content (quotes and Python's prefixes dropped),
/// numbers lower-cased without `_`, a trailing comma before a closing bracket dropped (what
/// formatters add). Every other character is a symbol token of its own.
///
/// It holds the two bytes it needs to look ahead and the first 64 bytes of the word it is in:
/// memory stays flat however long the file, its lines or its strings. It never fails: text it
/// cannot read as code (binary, another language) still gives tokens, only less useful ones.
///
/// ```swift
/// var tokenizer = SourceTokenizer(language: .python)
/// var tokens: [SourceToken] = []
/// tokenizer.feed(Array("lr = 3e-4  # peak\n".utf8)) { tokens.append($0) }
/// tokenizer.finish { tokens.append($0) }
/// tokens.count     // 3: a name, "=", "3e-4"
/// ```
public struct SourceTokenizer {
    public let language: SourceLanguage
    /// The line being read, from 1.
    public private(set) var line = 1

    private enum Mode {
        case code
        case word(isNumber: Bool)
        case lineComment
        case blockComment
        case string(quote: UInt8, triple: Bool, escaped: Bool)
    }

    private var mode = Mode.code
    /// Bytes of the last chunk kept until the next one gives them their lookahead.
    private var carry: [UInt8] = []
    /// The current word's first bytes (enough for any keyword, prefix or number) and its hash.
    private var word: [UInt8] = []
    private var wordHash = SourceToken.Hash(.name)
    private var tokenLine = 1
    /// A comma held back until the next token says whether it trails before a bracket.
    private var heldComma: SourceToken?
    private let lineComment: [UInt8]
    private let blockOpen: [UInt8]
    private let blockClose: [UInt8]
    private static let wordKept = 64

    public init(language: SourceLanguage) {
        self.language = language
        lineComment = language.lineComment.map { Array($0.utf8) } ?? []
        blockOpen = language.blockComment.map { Array($0.open.utf8) } ?? []
        blockClose = language.blockComment.map { Array($0.close.utf8) } ?? []
    }

    /// Reads the next bytes of the source.
    public mutating func feed(_ bytes: [UInt8], emit: (SourceToken) -> Void) {
        var buffer = carry
        buffer.append(contentsOf: bytes)
        let stop = buffer.count - 2
        var index = 0
        while index < stop { index += step(buffer, index, emit: emit) }
        carry = index < buffer.count ? Array(buffer[index...]) : []
    }

    /// Reads what is left: the source has ended.
    public mutating func finish(emit: (SourceToken) -> Void) {
        let buffer = carry
        carry = []
        var index = 0
        while index < buffer.count { index += step(buffer, index, emit: emit) }
        switch mode {
        case .word(let isNumber): endWord(isNumber: isNumber, before: nil, emit: emit)
        case .string: give(SourceToken(hash: wordHash.value, line: tokenLine, endLine: line), emit: emit)
        default: break
        }
        mode = .code
        if let comma = heldComma { emit(comma) }
        heldComma = nil
    }

    /// Reads the byte at `index` (looking at most two bytes ahead) and returns how many it used.
    private mutating func step(_ buffer: [UInt8], _ index: Int, emit: (SourceToken) -> Void) -> Int {
        let byte = buffer[index]
        switch mode {
        case .lineComment:
            if byte == 0x0A { mode = .code; line += 1 }
            return 1
        case .blockComment:
            if byte == 0x0A { line += 1 }
            if Self.matches(blockClose, buffer, index) { mode = .code; return blockClose.count }
            return 1
        case .string(let quote, let triple, let escaped):
            return string(byte, buffer, index, quote: quote, triple: triple, escaped: escaped, emit: emit)
        case .word(let isNumber):
            if Self.continuesWord(byte, isNumber: isNumber, previous: word.last, hex: word.starts(with: Array("0x".utf8))) {
                if word.count < Self.wordKept { word.append(isNumber ? Self.lower(byte) : byte) }
                if !(isNumber && byte == UInt8(ascii: "_")) { wordHash.add(isNumber ? Self.lower(byte) : byte) }
                return 1
            }
            endWord(isNumber: isNumber, before: byte, emit: emit)
            if case .string = mode {
                let triple = language.tripleQuotes && Self.isTriple(buffer, index)
                mode = .string(quote: byte, triple: triple, escaped: false)
                return triple ? 3 : 1
            }
            return code(byte, buffer, index, emit: emit)
        case .code:
            return code(byte, buffer, index, emit: emit)
        }
    }

    private mutating func code(_ byte: UInt8, _ buffer: [UInt8], _ index: Int, emit: (SourceToken) -> Void) -> Int {
        if byte == 0x0A { line += 1; return 1 }
        if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B || byte == 0 { return 1 }
        if !lineComment.isEmpty, Self.matches(lineComment, buffer, index) { mode = .lineComment; return lineComment.count }
        if !blockOpen.isEmpty, Self.matches(blockOpen, buffer, index) { mode = .blockComment; return blockOpen.count }
        if language.quotes.contains(byte) {
            startString(byte, triple: language.tripleQuotes && Self.isTriple(buffer, index))
            if case .string(_, true, _) = mode { return 3 }
            return 1
        }
        if Self.isDigit(byte) || (byte == UInt8(ascii: ".") && index + 1 < buffer.count && Self.isDigit(buffer[index + 1])) {
            startWord(byte, isNumber: true)
            return 1
        }
        if Self.isNameByte(byte) {
            startWord(byte, isNumber: false)
            return 1
        }
        var symbol = SourceToken.Hash(.symbol)
        symbol.add(byte)
        give(SourceToken(hash: symbol.value, line: line, endLine: line), emit: emit, symbol: byte)
        return 1
    }

    private mutating func string(_ byte: UInt8, _ buffer: [UInt8], _ index: Int, quote: UInt8, triple: Bool, escaped: Bool,
                                 emit: (SourceToken) -> Void) -> Int {
        if escaped {
            wordHash.add(byte)
            if byte == 0x0A { line += 1 }
            mode = .string(quote: quote, triple: triple, escaped: false)
            return 1
        }
        if byte == UInt8(ascii: "\\") {
            wordHash.add(byte)
            mode = .string(quote: quote, triple: triple, escaped: true)
            return 1
        }
        if byte == quote, !triple || Self.isTriple(buffer, index) {
            give(SourceToken(hash: wordHash.value, line: tokenLine, endLine: line), emit: emit)
            mode = .code
            return triple ? 3 : 1
        }
        if byte == 0x0A {
            // A one-line string left open ends with its line (a syntax error in the evidence, read on).
            if !triple && !language.multilineStrings {
                give(SourceToken(hash: wordHash.value, line: tokenLine, endLine: line), emit: emit)
                mode = .code
            }
            line += 1
            return 1
        }
        wordHash.add(byte)
        return 1
    }

    private mutating func startWord(_ byte: UInt8, isNumber: Bool) {
        mode = .word(isNumber: isNumber)
        word = [isNumber ? Self.lower(byte) : byte]
        wordHash = SourceToken.Hash(isNumber ? .number : .keyword)
        wordHash.add(isNumber ? Self.lower(byte) : byte)
        tokenLine = line
    }

    private mutating func startString(_ quote: UInt8, triple: Bool) {
        mode = .string(quote: quote, triple: triple, escaped: false)
        wordHash = SourceToken.Hash(.string)
        tokenLine = line
    }

    /// Ends the word before `next`: a keyword as itself, any other name as the placeholder, a
    /// number as written; a string prefix before a quote opens the string instead.
    private mutating func endWord(isNumber: Bool, before next: UInt8?, emit: (SourceToken) -> Void) {
        mode = .code
        if isNumber {
            give(SourceToken(hash: wordHash.value, line: tokenLine, endLine: tokenLine), emit: emit)
            return
        }
        let text = String(decoding: word, as: UTF8.self)
        if let next, language.quotes.contains(next), language.stringPrefixes.contains(text.lowercased()) {
            startString(next, triple: false)
            return
        }
        let token = language.keywords.contains(text) && word.count < Self.wordKept
            ? SourceToken(.keyword, text, line: tokenLine) : SourceToken(.name, "", line: tokenLine)
        give(token, emit: emit)
    }

    /// Emits `token`, after the comma held before it unless `token` is a closing bracket.
    private mutating func give(_ token: SourceToken, emit: (SourceToken) -> Void, symbol: UInt8? = nil) {
        if let comma = heldComma {
            heldComma = nil
            if !(symbol == UInt8(ascii: ")") || symbol == UInt8(ascii: "]") || symbol == UInt8(ascii: "}")) { emit(comma) }
        }
        if symbol == UInt8(ascii: ",") { heldComma = token; return }
        emit(token)
    }

    /// Whether the word goes on with `byte` (a number takes the sign of its exponent).
    private static func continuesWord(_ byte: UInt8, isNumber: Bool, previous: UInt8?, hex: Bool) -> Bool {
        if isNameByte(byte) || isDigit(byte) { return true }
        guard isNumber else { return false }
        if byte == UInt8(ascii: ".") { return true }
        return (byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && previous == UInt8(ascii: "e") && !hex
    }

    /// Whether the bytes at `index` continue as the quote they start, three times.
    private static func isTriple(_ buffer: [UInt8], _ index: Int) -> Bool {
        index + 2 < buffer.count && buffer[index + 1] == buffer[index] && buffer[index + 2] == buffer[index]
    }

    private static func matches(_ pattern: [UInt8], _ buffer: [UInt8], _ index: Int) -> Bool {
        guard index + pattern.count <= buffer.count else { return false }
        for offset in pattern.indices where buffer[index + offset] != pattern[offset] { return false }
        return true
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }

    private static func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
