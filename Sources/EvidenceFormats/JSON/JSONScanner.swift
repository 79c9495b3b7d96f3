import EvidenceKit
import Foundation

/// Reads JSON from a stream as events — the begin and end of objects and arrays, keys, scalars —
/// each with its place (byte offset, line, column) and JSON pointer, holding one 64 KiB block and
/// the current key or string: evidence of any size is read in flat memory.
///
/// Two dialects. `.lenient` reads what real ML files contain: a UTF-8 BOM, `NaN`, `Infinity` and
/// `-Infinity` (Python's `json.dumps` writes them), `//` and `/* */` comments and control
/// characters in strings (each noted in ``warnings``). `.strict` is RFC 8259.
///
/// It never recurses: nesting past `maxDepth` is an error, unless the reader skips the value
/// (``skipValue()``), which is read without building anything. A string longer than
/// `maxStringBytes` is an error unless it is streamed (``stringContent()``): a 500 MB base64 image
/// in a notebook is read through a ``ByteSource``, never held.
///
/// ```swift
/// let scanner = JSONScanner(artifact.content)
/// while let event = try scanner.next() {
///     if case .key("nbformat") = event, case .number(let text)? = try scanner.next() {
///         sink.emit(Finding("notebook.version", summary: text, at: scanner.locator))
///     }
/// }
/// ```
public final class JSONScanner {
    /// Which JSON it accepts.
    public enum Dialect: Sendable {
        /// RFC 8259.
        case strict
        /// RFC 8259, and what real files add: a BOM, `NaN`, `Infinity`, comments, control
        /// characters in strings — each noted in ``warnings``.
        case lenient
    }

    /// The scanner's limits.
    public struct Options: Sendable {
        public var dialect: Dialect
        /// The deepest nesting of objects and arrays read as events.
        public var maxDepth: Int
        /// The longest key or string returned in an event (longer ones may be streamed).
        public var maxStringBytes: Int

        public init(dialect: Dialect = .lenient, maxDepth: Int = 256, maxStringBytes: Int = 16 << 20) {
            self.dialect = dialect
            self.maxDepth = maxDepth
            self.maxStringBytes = maxStringBytes
        }
    }

    /// One step through the document.
    public enum Event: Sendable, Hashable {
        case beginObject, endObject, beginArray, endArray
        /// An object's key; its value comes next.
        case key(String)
        case string(String)
        /// A number, as written.
        case number(String)
        case bool(Bool)
        case null
        /// `NaN`, `Infinity` or `-Infinity` (lenient dialect only).
        case nonFinite(Double)
    }

    /// Why the document could not be read further, and where.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let message: String
        public let locator: Locator
        public var description: String { "\(message) at \(locator.canonical)" }
    }

    /// What the next value is, without reading it (``peekValue()``).
    public enum ValueKind: Sendable, Hashable {
        case object, array, string, number, literal
    }

    /// Problems read past (lenient dialect): comments, lone surrogates, invalid UTF-8, with places.
    public private(set) var warnings: [(message: String, locator: Locator)] = []

    private let source: any ByteSource
    private let options: Options
    private var block = [UInt8](repeating: 0, count: 64 * 1024)
    private var count = 0
    private var position = 0
    /// Bytes of the document before the current block.
    private var consumed: Int64 = 0
    private var line = 1
    /// The document offset where the current line starts.
    private var lineStart: Int64 = 0
    private var atEnd = false
    private var started = false

    /// The containers open, innermost last, each with the component of its current member.
    private var frames: [Frame] = []
    private struct Frame {
        let isObject: Bool
        /// The current member's pointer component (an escaped key, or an index).
        var component = ""
        var nextIndex = 0
    }
    /// In an object, whether a key comes next (else a value).
    private var expectingKey = false
    /// Whether a value just ended, so a comma or a closing bracket comes next.
    private var afterValue = false
    private var finished = false
    /// Frames that make up the pointer of the last event.
    private var pointerDepth = 0
    private var eventOffset: Int64 = 0
    private var eventLine = 1
    private var eventColumn = 1
    private var sawComment = false
    /// A string being streamed through ``stringContent()``.
    private var streaming: StringContent?
    private var scratch: [UInt8] = []

    public init(_ source: any ByteSource, options: Options = Options()) {
        self.source = source
        self.options = options
    }

    /// How deep the scanner is: 1 inside the top-level object or array.
    public var depth: Int { frames.count }

    /// Where the last event's first byte is.
    public var locator: Locator {
        Locator(byteOffset: eventOffset, line: eventLine, column: eventColumn)
    }

    /// The place of the next byte to read (where a problem was found).
    public var here: Locator {
        Locator(byteOffset: offset, line: line, column: Int(offset - lineStart) + 1)
    }

    /// The JSON pointer (RFC 6901) of the last event: the member for a key, the value for a
    /// scalar or the start of a container, the container for its end.
    public var pointer: String {
        guard pointerDepth > 0 else { return "" }
        var text = ""
        for frame in frames.prefix(pointerDepth) {
            text += "/"
            text += frame.component
        }
        return text
    }

    /// The next event, or `nil` after the document's last.
    public func next() throws -> Event? {
        try finishStreaming()
        guard let byte = try prepare() else {
            guard finished else { throw failure("the document ends where a value should be (truncated?)") }
            return nil
        }
        markEvent()
        switch byte {
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            let isObject = byte == UInt8(ascii: "}")
            guard frames.last?.isObject == isObject else {
                throw failure(frames.isEmpty ? "unexpected '\(Character(UnicodeScalar(byte)))'"
                              : frames.last!.isObject ? "expected ',' or '}' in the object" : "expected ',' or ']' in the array")
            }
            if isObject, !expectingKey, !afterValue { throw failure("a key without a value") }
            position += 1
            pointerDepth = frames.count - 1
            frames.removeLast()
            return closeValue(isObject ? .endObject : .endArray)
        default:
            break
        }
        if expectingKey {
            guard byte == UInt8(ascii: "\"") else { throw failure("expected a quoted key") }
            let key = try readString()
            guard try skipSpace() == UInt8(ascii: ":") else { throw failure("expected ':' after key \"\(key)\"") }
            position += 1
            expectingKey = false
            frames[frames.count - 1].component = Self.escape(key)
            pointerDepth = frames.count
            return .key(key)
        }
        enterValue()
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard frames.count < options.maxDepth else { throw failure("nesting deeper than \(options.maxDepth) levels") }
            position += 1
            let isObject = byte == UInt8(ascii: "{")
            frames.append(Frame(isObject: isObject))
            expectingKey = isObject
            afterValue = false
            return isObject ? .beginObject : .beginArray
        case UInt8(ascii: "\""):
            return closeValue(.string(try readString()))
        default:
            return closeValue(try readLiteral())
        }
    }

    /// What the next value is, when a value comes next (after a key, or in an array); `nil`
    /// otherwise. Reads nothing but whitespace and a separator.
    public func peekValue() throws -> ValueKind? {
        try finishStreaming()
        guard !expectingKey, let byte = try prepare() else { return nil }
        switch byte {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "}"), UInt8(ascii: "]"): return nil
        default: return .literal
        }
    }

    /// Skips the next value — a scalar, or a container and all it holds — without building
    /// anything and without a depth limit; ``pointer`` and ``locator`` name where it began.
    public func skipValue() throws {
        guard let kind = try peekValue() else { throw failure("expected a value") }
        markEvent()
        switch kind {
        case .object, .array:
            enterValue()
            try skipNested()
            afterValue = true
            if frames.isEmpty { finished = true }
        case .string:
            enterValue()
            try readString(keeping: false)
            _ = closeValue(.null)
        case .number, .literal:
            _ = try next()
        }
    }

    /// Skips the rest of the container whose begin event was just read.
    public func skipContainer() throws {
        let target = depth - 1
        while depth > target {
            guard try next() != nil else { throw failure("the document ends inside a nested value (truncated?)") }
        }
    }

    /// The next value, a string, as a stream of its unescaped UTF-8 bytes of any length: read it
    /// before calling ``next()`` again (what is left unread is skipped). ``pointer`` and
    /// ``locator`` name the string.
    ///
    /// - Throws: when the next value is not a string.
    public func stringContent() throws -> any ByteSource {
        guard try peekValue() == .string else { throw failure("expected a string") }
        markEvent()
        enterValue()
        position += 1
        let content = StringContent(scanner: self)
        streaming = content
        return content
    }

    // MARK: Structure

    /// Reads whitespace, and the comma after a value; returns the first byte of the next token.
    private func prepare() throws -> UInt8? {
        if !started {
            started = true
            if options.dialect == .lenient, try peek() == 0xEF {
                // A UTF-8 byte-order mark, which editors on Windows write.
                position += 1
                guard try take() == 0xBB, try take() == 0xBF else { throw failure("not JSON: a stray byte 0xEF") }
            }
        }
        guard var byte = try skipSpace() else { return nil }
        if finished { throw failure("unexpected content after the document") }
        if afterValue {
            if byte == UInt8(ascii: ",") {
                guard !frames.isEmpty else { throw failure("a comma outside any array or object") }
                position += 1
                afterValue = false
                if frames.last!.isObject { expectingKey = true }
                guard let following = try skipSpace() else { throw failure("the document ends where a value should be (truncated?)") }
                if following == UInt8(ascii: "}") || following == UInt8(ascii: "]") {
                    throw failure("a comma before a closing bracket")
                }
                byte = following
            } else if byte != UInt8(ascii: "}") && byte != UInt8(ascii: "]") {
                throw failure(frames.last?.isObject == true ? "expected ',' or '}' in the object" : "expected ',' or ']' in the array")
            }
        }
        return byte
    }

    /// A value begins: in an array it is the next element.
    private func enterValue() {
        if let last = frames.indices.last, !frames[last].isObject {
            frames[last].component = String(frames[last].nextIndex)
            frames[last].nextIndex += 1
        }
        pointerDepth = frames.count
    }

    private func closeValue(_ event: Event) -> Event {
        afterValue = true
        expectingKey = false
        if frames.isEmpty { finished = true }
        return event
    }

    private func markEvent() {
        eventOffset = offset
        eventLine = line
        eventColumn = Int(offset - lineStart) + 1
    }

    private var offset: Int64 { consumed + Int64(position) }

    private func failure(_ message: String) -> Failure {
        Failure(message: message, locator: here)
    }

    private func warn(_ message: String, at locator: Locator) {
        guard warnings.count < 1000 else { return }
        warnings.append((message, locator))
    }

    // MARK: Bytes

    private func peek() throws -> UInt8? {
        if position == count {
            guard !atEnd else { return nil }
            consumed += Int64(count)
            position = 0
            count = try block.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 {
                atEnd = true
                return nil
            }
        }
        return block[position]
    }

    private func take() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        return byte
    }

    private func newLine() {
        line += 1
        lineStart = offset
    }

    /// Skips whitespace (and comments, when lenient); returns the next byte without taking it.
    private func skipSpace() throws -> UInt8? {
        while let byte = try peek() {
            switch byte {
            case 0x20, 0x09, 0x0D: position += 1
            case 0x0A:
                position += 1
                newLine()
            case UInt8(ascii: "/") where options.dialect == .lenient:
                let place = here
                position += 1
                guard let kind = try peek(), kind == UInt8(ascii: "/") || kind == UInt8(ascii: "*") else {
                    throw Failure(message: "unexpected '/'", locator: place)
                }
                position += 1
                if !sawComment { warn("comment in JSON: not standard, some parsers reject the file", at: place) }
                sawComment = true
                try skipComment(block: kind == UInt8(ascii: "*"))
            default:
                return byte
            }
        }
        return nil
    }

    private func skipComment(block isBlock: Bool) throws {
        while let byte = try take() {
            if byte == 0x0A {
                newLine()
                if !isBlock { return }
            } else if isBlock, byte == UInt8(ascii: "*"), try peek() == UInt8(ascii: "/") {
                position += 1
                return
            }
        }
    }

    /// Skips one container (its opening bracket next) without recursion, counting brackets
    /// outside strings.
    private func skipNested() throws {
        var depth = 0
        var inString = false
        while let byte = try take() {
            if byte == 0x0A { newLine() }
            if inString {
                if byte == UInt8(ascii: "\\") { _ = try take() } else if byte == UInt8(ascii: "\"") { inString = false }
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
        throw failure("the file ends inside a nested value (truncated?)")
    }

    // MARK: Scalars

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"),
                                                 UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "/")]

    private func readLiteral() throws -> Event {
        var text: [UInt8] = []
        while let byte = try peek(), !Self.delimiters.contains(byte) {
            guard text.count < 400 else { throw failure("not a JSON value: \(String(decoding: text.prefix(40), as: UTF8.self))") }
            text.append(byte)
            position += 1
        }
        switch text {
        case Array("true".utf8): return .bool(true)
        case Array("false".utf8): return .bool(false)
        case Array("null".utf8): return .null
        case Array("NaN".utf8) where options.dialect == .lenient: return .nonFinite(.nan)
        case Array("Infinity".utf8) where options.dialect == .lenient: return .nonFinite(.infinity)
        case Array("-Infinity".utf8) where options.dialect == .lenient: return .nonFinite(-.infinity)
        default:
            let valid = options.dialect == .strict ? JSONNumberGrammar.isValid(text)
                : (text.first == UInt8(ascii: "-") || text.first.map { $0 >= 0x30 && $0 <= 0x39 } == true)
                    && Double(String(decoding: text, as: UTF8.self)) != nil
            guard valid else {
                throw failure(text.isEmpty ? "expected a value" : "not a JSON value: \(String(decoding: text.prefix(40), as: UTF8.self))")
            }
            return .number(String(decoding: text, as: UTF8.self))
        }
    }

    /// A string whose opening quote is next, unescaped (checked, not kept, unless `keeping`).
    @discardableResult
    private func readString(keeping: Bool = true) throws -> String {
        position += 1
        var bytes = scratch
        scratch = []
        bytes.removeAll(keepingCapacity: true)
        defer {
            bytes.removeAll(keepingCapacity: true)
            scratch = bytes
        }
        let place = here
        var length = 0
        let end = try readStringBytes { chunk in
            length += chunk.count
            guard length <= options.maxStringBytes else {
                throw failure("a string of more than \(options.maxStringBytes) bytes")
            }
            if keeping { bytes.append(contentsOf: chunk) }
        }
        guard end == .closed else { throw failure("the file ends inside a string (truncated?)") }
        guard keeping else { return "" }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        warn("string is not valid UTF-8 (shown with U+FFFD)", at: place)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How reading a string's bytes stopped.
    private enum StringEnd {
        /// At the closing quote, which was taken.
        case closed
        /// The input ended inside the string.
        case truncated
        /// `limit` bytes were handed over; the string goes on.
        case paused
    }

    /// Reads a string's content after its opening quote, handing runs of unescaped bytes to
    /// `body`, until the closing quote (taken), the end of the input, or about `limit` bytes.
    @discardableResult
    private func readStringBytes(limit: Int = .max, _ body: (ArraySlice<UInt8>) throws -> Void) throws -> StringEnd {
        var handed = 0
        var escaped: [UInt8] = []
        while handed < limit {
            guard try peek() != nil else { return .truncated }
            var end = position
            let stop = limit - handed >= count - position ? count : position + (limit - handed)
            while end < stop, block[end] != UInt8(ascii: "\""), block[end] != UInt8(ascii: "\\"), block[end] >= 0x20 { end += 1 }
            if end > position {
                try body(block[position..<end])
                handed += end - position
                position = end
                continue
            }
            guard end < count else { continue }
            let byte = block[position]
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                return .closed
            case UInt8(ascii: "\\"):
                escaped.removeAll(keepingCapacity: true)
                do {
                    var reader = ScannerBytes(scanner: self)
                    if try JSONEscape.decode(from: &reader, into: &escaped) {
                        warn("an unpaired surrogate escape (shown as U+FFFD)", at: here)
                    }
                } catch let failure as JSONEscape.Failure {
                    switch failure {
                    case .truncated: return .truncated
                    case .unknownEscape(let escape):
                        if options.dialect == .strict { throw self.failure("an unknown escape '\\\(Character(UnicodeScalar(escape)))'") }
                        escaped.append(escape)   // as Python's json module does not, but many readers do
                    case .malformedUnicodeEscape: throw self.failure("bad \\u escape")
                    }
                }
                try body(escaped[...])
                handed += escaped.count
            case 0x0A:
                throw failure("line break inside a string")
            default:
                // Another control character: an error in strict JSON, read as is otherwise.
                if options.dialect == .strict { throw failure("a control character inside a string") }
                try body([byte][...])
                handed += 1
            }
        }
        return .paused
    }

    /// Ends a streamed string the reader did not read to its end.
    private func finishStreaming() throws {
        guard let content = streaming else { return }
        streaming = nil
        if !content.closed, try readStringBytes({ _ in }) != .closed {
            throw failure("the file ends inside a string (truncated?)")
        }
        _ = closeValue(.null)
    }

    /// Serves a streamed string's bytes (``stringContent()``).
    fileprivate func readStreamed(into buffer: UnsafeMutableRawBufferPointer, content: StringContent) throws -> Int {
        guard streaming === content else { return 0 }
        // Bytes decoded from an escape that did not fit last time go first.
        if !content.pending.isEmpty {
            let taken = min(content.pending.count, buffer.count)
            buffer.copyBytes(from: content.pending.prefix(taken))
            content.pending.removeFirst(taken)
            return taken
        }
        guard !content.closed else { return 0 }
        var written = 0
        let end = try readStringBytes(limit: buffer.count) { chunk in
            let fits = min(chunk.count, buffer.count - written)
            UnsafeMutableRawBufferPointer(rebasing: buffer[written..<(written + fits)]).copyBytes(from: chunk.prefix(fits))
            written += fits
            if fits < chunk.count { content.pending.append(contentsOf: chunk.dropFirst(fits)) }
        }
        switch end {
        case .closed: content.closed = true
        case .truncated: if written == 0 { throw failure("the file ends inside a string (truncated?)") }
        case .paused: break
        }
        return written
    }

    /// RFC 6901: `~` → `~0`, `/` → `~1`.
    public static func escape(_ key: String) -> String {
        // Most keys need nothing; Foundation's replacing is slow for millions of vocabulary keys.
        guard key.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return key }
        return key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    /// The typed value of a scalar event: text, an integer when it fits, else a float.
    public static func value(of event: Event) -> Value? {
        switch event {
        case .string(let text): return .string(text)
        case .number(let text):
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(Value.float)
        case .bool(let flag): return .bool(flag)
        case .null: return .null
        case .nonFinite(let number): return .float(number)
        case .beginObject, .endObject, .beginArray, .endArray, .key: return nil
        }
    }

    /// The scanner's bytes, for the shared escape routine.
    private struct ScannerBytes: JSONByteReading {
        unowned let scanner: JSONScanner
        mutating func peekByte() throws -> UInt8? { try scanner.peek() }
        mutating func takeByte() throws -> UInt8? { try scanner.take() }
    }
}

/// A string value read as a stream (``JSONScanner/stringContent()``).
private final class StringContent: ByteSource {
    unowned let scanner: JSONScanner
    /// Whether the closing quote has been read (bytes may still be pending).
    var closed = false
    var pending: [UInt8] = []

    init(scanner: JSONScanner) {
        self.scanner = scanner
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard buffer.count > 0 else { return 0 }
        return try scanner.readStreamed(into: buffer, content: self)
    }
}
