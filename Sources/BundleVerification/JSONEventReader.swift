import EvidenceFormats
import EvidenceKit
import Foundation

/// Reads a JSON document from a stream as events (begin and end of objects and arrays, keys,
/// scalars), holding one 64 KiB block and the current string: the verifier checks a bundle's
/// graph files of any size this way.
///
/// Written by hand because Foundation's parser needs the whole document and builds a tree of
/// objects about ten times its size (a 50,000-member bundle: 2 GB to verify). It reads what the
/// bundle writer writes and strict JSON (RFC 8259) besides; it never recurses, and a bundle
/// that is not JSON, nests deeper than ``maxDepth`` or holds a string longer than
/// ``maxStringBytes`` gets an error naming the byte offset.
struct JSONEventReader {
    enum Event: Equatable {
        case beginObject, endObject, beginArray, endArray
        case key(String)
        case string(String)
        /// A string value read but not kept (``keepsStringValues`` was off).
        case skippedString
        /// A number, as written.
        case number(String)
        case bool(Bool)
        case null
    }

    /// Why a document could not be read, and where.
    struct Problem: Error, CustomStringConvertible {
        let offset: Int64
        let reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    static let maxDepth = 512
    static let maxStringBytes = 16 << 20

    private let source: any ByteSource
    private var block = [UInt8](repeating: 0, count: 64 * 1024)
    private var count = 0
    private var position = 0
    private var consumed: Int64 = 0
    /// `true` for an object, `false` for an array, innermost last.
    private var containers: [Bool] = []
    /// In an object, whether a key is expected next (else a value).
    private var expectingKey = false
    /// Whether the container (or the document) already holds a value, so a comma comes next.
    private var afterValue = false
    private var finished = false
    /// The bytes of the string being read, reused from string to string.
    private var scratch: [UInt8] = []

    /// Whether string values are returned (`.string`) or only read and checked
    /// (`.skippedString`): a check that needs a few values reads the rest without making a
    /// Swift string of each (most of the cost of reading a graph). Keys are always returned.
    var keepsStringValues = true

    init(_ source: any ByteSource) {
        self.source = source
    }

    /// How deep the reader is: 1 inside the top-level object or array.
    var depth: Int { containers.count }

    /// The next event, or `nil` at the end of the document.
    mutating func next() throws -> Event? {
        guard var byte = try peekSignificant() else {
            guard finished, containers.isEmpty else { throw problem("the document ends early") }
            return nil
        }
        if finished { throw problem("more data after the document") }
        if afterValue {
            if byte == UInt8(ascii: ",") {
                guard !containers.isEmpty else { throw problem("a comma outside any array or object") }
                position += 1
                afterValue = false
                if containers.last == true { expectingKey = true }
                guard let following = try peekSignificant() else { throw problem("the document ends early") }
                if following == UInt8(ascii: "}") || following == UInt8(ascii: "]") {
                    throw problem("a comma before a closing bracket")
                }
                byte = following
            } else if byte != UInt8(ascii: "}") && byte != UInt8(ascii: "]") {
                throw problem("a comma or a closing bracket expected")
            }
        }
        switch byte {
        case UInt8(ascii: "}"), UInt8(ascii: "]"):
            let isObject = byte == UInt8(ascii: "}")
            guard containers.last == isObject else { throw problem("an unmatched '\(Character(UnicodeScalar(byte)))'") }
            // A comma before it was refused above; what is left to refuse is `{"key":}`.
            if isObject && !expectingKey && !afterValue { throw problem("a key without a value") }
            position += 1
            containers.removeLast()
            return closeValue(isObject ? .endObject : .endArray)
        default:
            break
        }
        if expectingKey {
            guard byte == UInt8(ascii: "\"") else { throw problem("a key (a string) expected") }
            let key = try readString()
            guard try peekSignificant() == UInt8(ascii: ":") else { throw problem("':' expected after a key") }
            position += 1
            expectingKey = false
            return .key(key)
        }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard containers.count < Self.maxDepth else { throw problem("nested deeper than \(Self.maxDepth) levels") }
            position += 1
            let isObject = byte == UInt8(ascii: "{")
            containers.append(isObject)
            expectingKey = isObject
            afterValue = false
            return isObject ? .beginObject : .beginArray
        case UInt8(ascii: "\""):
            if keepsStringValues { return closeValue(.string(try readString())) }
            try readString(keeping: false)
            return closeValue(.skippedString)
        case UInt8(ascii: "t"): try expectWord("true"); return closeValue(.bool(true))
        case UInt8(ascii: "f"): try expectWord("false"); return closeValue(.bool(false))
        case UInt8(ascii: "n"): try expectWord("null"); return closeValue(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return closeValue(.number(try readNumber()))
        default:
            throw problem("unexpected '\(Character(UnicodeScalar(byte)))'")
        }
    }

    /// Skips the rest of the value whose `begin` event was just read.
    mutating func skipContainer() throws {
        let target = depth - 1
        while depth > target {
            guard try next() != nil else { throw problem("the document ends early") }
        }
    }

    /// A value ended (a scalar, or a container closed): a comma or a closing bracket comes next.
    private mutating func closeValue(_ event: Event) -> Event {
        afterValue = true
        expectingKey = false
        if containers.isEmpty { finished = true }
        return event
    }

    private func problem(_ reason: String) -> Problem {
        Problem(offset: consumed + Int64(position), reason: reason)
    }

    // MARK: Bytes

    /// The byte at the current position, reading a block when needed; `nil` at the end.
    private mutating func peek() throws -> UInt8? {
        if position == count {
            consumed += Int64(count)
            position = 0
            count = try block.withUnsafeMutableBytes { try source.read(into: $0) }
            if count == 0 { return nil }
        }
        return block[position]
    }

    private mutating func peekSignificant() throws -> UInt8? {
        while let byte = try peek() {
            guard byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 else { return byte }
            position += 1
        }
        return nil
    }

    private mutating func take() throws -> UInt8 {
        guard let byte = try peek() else { throw problem("the document ends early") }
        position += 1
        return byte
    }

    private mutating func expectWord(_ word: String) throws {
        for expected in word.utf8 where try take() != expected {
            throw problem("'\(word)' misspelt")
        }
    }

    private mutating func readNumber() throws -> String {
        var text: [UInt8] = []
        while let byte = try peek(), byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) {
            guard text.count < 400 else { throw problem("a number of more than 400 characters") }
            text.append(byte)
            position += 1
        }
        guard JSONNumber.isValid(text) else { throw problem("a malformed number") }
        return String(decoding: text, as: UTF8.self)
    }

    /// A string whose opening quote is at the current position, unescaped (and checked, but
    /// not made into a `String`, when not `keeping` it).
    @discardableResult
    private mutating func readString(keeping: Bool = true) throws -> String {
        position += 1
        var bytes = scratch
        scratch = []
        bytes.removeAll(keepingCapacity: true)
        defer {
            bytes.removeAll(keepingCapacity: true)
            scratch = bytes
        }
        while true {
            // Copy the run up to the next quote, escape or control character in one go.
            if try peek() != nil {
                var end = position
                while end < count, block[end] != UInt8(ascii: "\""), block[end] != UInt8(ascii: "\\"), block[end] >= 0x20 { end += 1 }
                bytes.append(contentsOf: block[position..<end])
                position = end
                if bytes.count > Self.maxStringBytes { throw problem("a string of more than \(Self.maxStringBytes) bytes") }
                if position == count { continue }
            }
            let byte = try take()
            switch byte {
            case UInt8(ascii: "\""):
                return keeping ? String(decoding: bytes, as: UTF8.self) : ""
            case UInt8(ascii: "\\"):
                do {
                    _ = try JSONEscape.decode(from: &self, into: &bytes)
                } catch let failure as JSONEscape.Failure {
                    switch failure {
                    case .truncated: throw problem("the document ends early")
                    case .unknownEscape(let escape): throw problem("an unknown escape '\\\(Character(UnicodeScalar(escape)))'")
                    case .malformedUnicodeEscape: throw problem("a malformed \\u escape")
                    }
                }
            case 0x00..<0x20:
                throw problem("a control character inside a string")
            default:
                bytes.append(byte)
            }
            if bytes.count > Self.maxStringBytes { throw problem("a string of more than \(Self.maxStringBytes) bytes") }
        }
    }
}

/// The reader's bytes, for the shared escape routine.
extension JSONEventReader: JSONByteReading {
    mutating func peekByte() throws -> UInt8? { try peek() }
    mutating func takeByte() throws -> UInt8? {
        guard let byte = try peek() else { return nil }
        position += 1
        return byte
    }
}
