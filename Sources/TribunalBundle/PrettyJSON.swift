import BundleVerification
/// Writes ``JSONNode`` values as the bundle's JSON files are laid out: keys sorted by UTF-8
/// bytes, two-space indentation, `"key" : value`, unescaped slashes, strings escaped as the
/// case store's canonical JSON (the layout of Foundation's pretty printer, so bundles read the
/// same as before they were streamed).
///
/// Written by hand because a bundle's documents are streamed a node at a time: a 50,000-member
/// case gives 200 MB of JSON that Foundation would build, sort and print as one tree of
/// several gigabytes' worth of objects.
enum PrettyJSON {
    /// Writes `node` as it appears at nesting `depth` (its first line is not indented).
    static func write(_ node: JSONNode, depth: Int, to out: ExportStream) {
        switch node {
        case .string(let text): out.writeJSONString(text)
        case .integer(let number): out.write(String(number))
        case .real(let number): out.write(number.isFinite ? "\(number)" : "null")
        case .bool(let flag): out.write(flag ? "true" : "false")
        case .null: out.write("null")
        case .array(let elements):
            guard !elements.isEmpty else { return writeEmpty("[", "]", depth: depth, to: out) }
            out.write("[\n")
            for (index, element) in elements.enumerated() {
                if index > 0 { out.write(",\n") }
                indent(depth + 1, out)
                write(element, depth: depth + 1, to: out)
            }
            out.write("\n")
            indent(depth, out)
            out.write("]")
        case .object(let members):
            guard !members.isEmpty else { return writeEmpty("{", "}", depth: depth, to: out) }
            out.write("{\n")
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.write(",\n") }
                indent(depth + 1, out)
                out.writeJSONString(member.key)
                out.write(" : ")
                write(member.value, depth: depth + 1, to: out)
            }
            out.write("\n")
            indent(depth, out)
            out.write("}")
        case .stored(let text):
            if let bytes = reindent(text, depth: depth) { out.write(bytes) } else { out.writeJSONString(text) }
        }
    }

    /// Two spaces a level.
    static func indent(_ depth: Int, _ out: ExportStream) {
        out.write(repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    private static func writeEmpty(_ open: String, _ close: String, depth: Int, to out: ExportStream) {
        out.write(open + "\n\n")
        indent(depth, out)
        out.write(close)
    }

    /// Canonical (compact) JSON laid out at `depth`; `nil` when the text is not one well-formed
    /// JSON value, which is then written as a string rather than guessed at. Strings and
    /// numbers are copied as written.
    static func reindent(_ text: String, depth base: Int) -> [UInt8]? {
        /// What may come next.
        enum Expect { case value, valueOrClose, keyOrClose, key, colon, commaOrClose, end }
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        var objects: [Bool] = []   // the open containers, innermost last: object or array
        var expect = Expect.value
        var index = 0
        func newline(_ depth: Int) {
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        }
        func valueEnded() { expect = objects.isEmpty ? .end : .commaOrClose }
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D:
                index += 1
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard expect == .value || expect == .valueOrClose else { return nil }
                let isObject = byte == UInt8(ascii: "{")
                var next = index + 1
                while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
                out.append(byte)
                if next < bytes.count, bytes[next] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    out.append(0x0A)   // empty: "{", a blank line, "}" at this depth
                    newline(base + objects.count)
                    out.append(bytes[next])
                    index = next + 1
                    valueEnded()
                    continue
                }
                objects.append(isObject)
                newline(base + objects.count)
                expect = isObject ? .keyOrClose : .valueOrClose
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                let isObject = byte == UInt8(ascii: "}")
                guard objects.last == isObject, expect == .commaOrClose else { return nil }
                objects.removeLast()
                newline(base + objects.count)
                out.append(byte)
                valueEnded()
            case UInt8(ascii: ","):
                guard expect == .commaOrClose, let isObject = objects.last else { return nil }
                out.append(byte)
                newline(base + objects.count)
                expect = isObject ? .key : .value
            case UInt8(ascii: ":"):
                guard expect == .colon else { return nil }
                out.append(contentsOf: " : ".utf8)
                expect = .value
            case UInt8(ascii: "\""):
                guard expect != .colon && expect != .commaOrClose && expect != .end else { return nil }
                let start = index
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    guard bytes[index] >= 0x20 else { return nil }
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                guard index < bytes.count else { return nil }
                out.append(contentsOf: bytes[start...index])
                if expect == .key || expect == .keyOrClose { expect = .colon } else { valueEnded() }
            default:
                // A number, true, false or null, copied as written once checked.
                guard expect == .value || expect == .valueOrClose else { return nil }
                var end = index
                while end < bytes.count, !",:{}[]\" \t\n\r".utf8.contains(bytes[end]) { end += 1 }
                let word = String(decoding: bytes[index..<end], as: UTF8.self)
                guard ["true", "false", "null"].contains(word) || JSONNumber.isValid(bytes[index..<end]) else { return nil }
                out.append(contentsOf: bytes[index..<end])
                index = end
                valueEnded()
                continue
            }
            index += 1
        }
        return expect == .end ? out : nil
    }
}
