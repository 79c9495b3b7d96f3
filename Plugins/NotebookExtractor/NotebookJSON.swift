import EvidenceFormats
import EvidenceKit
import Foundation

/// The notebook's JSON read through the shared scanner, as a reader of a known schema reads it:
/// the members it asks for are read, everything else is skipped without a depth limit (10,000
/// levels of nested metadata cost a skip, not a recursion), and strings of any length stream.
final class NotebookJSON {
    let scanner: JSONScanner

    init(_ source: any ByteSource, limits: ExtractionLimits) {
        scanner = JSONScanner(source, options: JSONScanner.Options(dialect: .lenient, maxDepth: limits.maxNestingDepth,
                                                                   maxStringBytes: 1 << 20))
    }

    /// The kind of the value that comes next.
    func peek() throws -> JSONScanner.ValueKind? { try scanner.peekValue() }

    /// Reads the object that comes next, calling `body` with each key; `body` reads the member's
    /// value and returns `true`, or returns `false` to have it skipped. Anything but an object is
    /// skipped, and `false` returned.
    @discardableResult
    func members(_ body: (String) throws -> Bool) throws -> Bool {
        guard try scanner.peekValue() == .object else {
            try scanner.skipValue()
            return false
        }
        _ = try scanner.next()
        while let event = try scanner.next() {
            guard case .key(let key) = event else { break }   // the object's end
            if try !body(key) { try scanner.skipValue() }
        }
        return true
    }

    /// Reads the array that comes next, calling `body` with each index; `body` reads the element.
    /// Anything but an array is skipped, and `false` returned.
    @discardableResult
    func elements(_ body: (Int) throws -> Void) throws -> Bool {
        guard try scanner.peekValue() == .array else {
            try scanner.skipValue()
            return false
        }
        _ = try scanner.next()
        var index = 0
        while try scanner.peekValue() != nil {
            try body(index)
            index += 1
        }
        _ = try scanner.next()   // the array's end
        return true
    }

    /// The scalar that comes next (a string cut at `maxBytes`), or `nil` for an object or an
    /// array, which is skipped.
    func scalar(maxBytes: Int = 64 * 1024) throws -> Value? {
        switch try scanner.peekValue() {
        case .string?:
            var text = NotebookText(keeping: maxBytes)
            try text.append(try scanner.stringContent())
            return .string(text.string)
        case .number?, .literal?:
            return try scanner.next().flatMap(JSONScanner.value(of:))
        default:
            try scanner.skipValue()
            return nil
        }
    }

    /// The string that comes next, or `nil` (the value skipped) for anything else.
    func string(maxBytes: Int = 64 * 1024) throws -> String? {
        guard try scanner.peekValue() == .string else {
            try scanner.skipValue()
            return nil
        }
        if case .string(let text)? = try scalar(maxBytes: maxBytes) { return text }
        return nil
    }

    /// A multiline string as nbformat writes it — a string, or a list of strings joined — read
    /// into `text`; `false` when the value is neither (it is skipped).
    func multilineText(into text: inout NotebookText) throws -> Bool {
        switch try scanner.peekValue() {
        case .string?:
            try text.append(try scanner.stringContent())
            return true
        case .array?:
            var allStrings = true
            try elements { _ in
                if try scanner.peekValue() == .string {
                    try text.append(try scanner.stringContent())
                } else {
                    allStrings = false
                    try scanner.skipValue()
                }
            }
            return allStrings
        default:
            try scanner.skipValue()
            return false
        }
    }
}
