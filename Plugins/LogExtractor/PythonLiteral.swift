/// Reads the Python literal a Trainer prints for its logs (`{'loss': 2.31, 'grad_norm': '1.2',
/// 'epoch': 0.5}`): dicts, strings, numbers, `nan`, `inf`, `True`, `False`, `None`, lists and
/// tuples. It parses, and never evaluates: anything else ends the literal and it reads as none.
struct PythonLiteral {
    /// A value of the literal; numbers and number strings (ProgressCallback's formatted floats)
    /// read as doubles where asked.
    enum Item: Equatable {
        case number(Double)
        case text(String)
        case other
    }

    private let bytes: [UInt8]
    private var position: Int

    /// The entries of the dict that starts at `start` in `bytes`, in order, or `nil` if none starts there.
    static func dict(in bytes: [UInt8], at start: Int) -> [(key: String, item: Item)]? {
        var reader = PythonLiteral(bytes: bytes, position: start)
        return reader.dict()
    }

    private mutating func dict() -> [(key: String, item: Item)]? {
        guard take(UInt8(ascii: "{")) else { return nil }
        var entries: [(key: String, item: Item)] = []
        skipSpaces()
        if take(UInt8(ascii: "}")) { return entries }
        while true {
            skipSpaces()
            guard let key = string() else { return nil }
            skipSpaces()
            guard take(UInt8(ascii: ":")) else { return nil }
            skipSpaces()
            guard let item = value(depth: 0) else { return nil }
            entries.append((key, item))
            skipSpaces()
            if take(UInt8(ascii: ",")) {
                skipSpaces()
                if take(UInt8(ascii: "}")) { return entries }
                continue
            }
            return take(UInt8(ascii: "}")) ? entries : nil
        }
    }

    private mutating func value(depth: Int) -> Item? {
        guard position < bytes.count, depth < 32 else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            return string().map(Item.text)
        case UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "{"):
            return skipContainer(depth: depth) ? .other : nil
        default:
            return scalar()
        }
    }

    private mutating func scalar() -> Item? {
        let start = position
        while position < bytes.count, isScalarByte(bytes[position]) { position += 1 }
        guard position > start else { return nil }
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        switch word {
        case "True", "False", "None": return .other
        case "nan", "-nan": return .number(.nan)
        case "inf": return .number(.infinity)
        case "-inf": return .number(-.infinity)
        default: return Double(word).map(Item.number)
        }
    }

    private mutating func string() -> String? {
        guard position < bytes.count, bytes[position] == UInt8(ascii: "'") || bytes[position] == UInt8(ascii: "\"") else { return nil }
        let quote = bytes[position]
        position += 1
        var text: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == quote { return String(decoding: text, as: UTF8.self) }
            if byte == UInt8(ascii: "\\"), position < bytes.count {
                text.append(bytes[position])
                position += 1
                continue
            }
            text.append(byte)
        }
        return nil
    }

    private mutating func skipContainer(depth: Int) -> Bool {
        let close: UInt8 = switch bytes[position] {
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "("): UInt8(ascii: ")")
        default: UInt8(ascii: "}")
        }
        position += 1
        while true {
            skipSpaces()
            guard position < bytes.count else { return false }
            if take(close) { return true }
            if bytes[position] == UInt8(ascii: ",") || bytes[position] == UInt8(ascii: ":") {
                position += 1
                continue
            }
            guard value(depth: depth + 1) != nil else { return false }
        }
    }

    private func isScalarByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "_")
    }

    private mutating func skipSpaces() {
        while position < bytes.count, bytes[position] == 0x20 || bytes[position] == 0x09 { position += 1 }
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }
}

extension PythonLiteral.Item {
    /// The number it is, or the number a string spells (`'2.3456'`).
    var number: Double? {
        switch self {
        case .number(let value): return value
        case .text(let text): return Double(text)
        case .other: return nil
        }
    }
}
