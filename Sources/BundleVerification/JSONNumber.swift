/// The JSON number grammar (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
/// `Double(_:)` alone accepts more (`+1`, `1.`, `-inf`, `0x1p3`), which is not JSON.
package enum JSONNumber {
    package static func isValid<C: Collection>(_ text: C) -> Bool where C.Element == UInt8 {
        var bytes = text.makeIterator()
        var next = bytes.next()
        func digits(atLeastOne: Bool) -> Bool {
            var count = 0
            while let byte = next, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                count += 1
                next = bytes.next()
            }
            return !atLeastOne || count > 0
        }
        if next == UInt8(ascii: "-") { next = bytes.next() }
        if next == UInt8(ascii: "0") {
            next = bytes.next()
        } else {
            guard let first = next, first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") else { return false }
            _ = digits(atLeastOne: true)
        }
        if next == UInt8(ascii: ".") {
            next = bytes.next()
            guard digits(atLeastOne: true) else { return false }
        }
        if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            next = bytes.next()
            if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { next = bytes.next() }
            guard digits(atLeastOne: true) else { return false }
        }
        return next == nil
    }
}
