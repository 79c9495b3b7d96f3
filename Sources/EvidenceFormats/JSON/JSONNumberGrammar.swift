/// RFC 8259's number grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
public enum JSONNumberGrammar {
    /// Whether `text` is a JSON number exactly (`Double()` also takes `+1`, `1.`, `0x1p3`, `inf`).
    public static func isValid<Bytes: Collection<UInt8>>(_ text: Bytes) -> Bool {
        var index = text.startIndex
        func digits() -> Int {
            var n = 0
            while index != text.endIndex, text[index] >= UInt8(ascii: "0"), text[index] <= UInt8(ascii: "9") {
                index = text.index(after: index)
                n += 1
            }
            return n
        }
        func accept(_ byte: UInt8) -> Bool {
            guard index != text.endIndex, text[index] == byte else { return false }
            index = text.index(after: index)
            return true
        }
        _ = accept(UInt8(ascii: "-"))
        if accept(UInt8(ascii: "0")) {
            // no further integer digits
        } else if digits() == 0 {
            return false
        }
        if accept(UInt8(ascii: ".")), digits() == 0 { return false }
        if accept(UInt8(ascii: "e")) || accept(UInt8(ascii: "E")) {
            if !accept(UInt8(ascii: "+")) { _ = accept(UInt8(ascii: "-")) }
            if digits() == 0 { return false }
        }
        return index == text.endIndex
    }
}
