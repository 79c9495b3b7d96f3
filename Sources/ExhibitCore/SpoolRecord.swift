/// One record of a ``RowSpool``: fields written in order and read back in the same order.
struct SpoolRecord {
    private(set) var bytes: [UInt8] = []

    init() {}

    /// A record whose first field says what it holds.
    init(_ tag: some RawRepresentable<Int>) {
        put(tag.rawValue)
    }

    private enum Tag: UInt8 {
        case null = 0, text = 1, integer = 2, bytes = 3
    }

    mutating func put(_ text: String?) {
        guard let text else { return bytes.append(Tag.null.rawValue) }
        bytes.append(Tag.text.rawValue)
        putVarint(UInt64(text.utf8.count))
        bytes += text.utf8
    }

    mutating func put(_ number: Int64?) {
        guard let number else { return bytes.append(Tag.null.rawValue) }
        bytes.append(Tag.integer.rawValue)
        putVarint(UInt64(bitPattern: (number << 1) ^ (number >> 63)))
    }

    mutating func put(_ number: Int?) {
        put(number.map(Int64.init))
    }

    /// Bytes as they are (a record in its packed form, a series' points).
    mutating func put(bytes: [UInt8]) {
        self.bytes.append(Tag.bytes.rawValue)
        putVarint(UInt64(bytes.count))
        self.bytes += bytes
    }

    private mutating func putVarint(_ value: UInt64) {
        var value = value
        repeat {
            bytes.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
            value >>= 7
        } while value > 0
    }

    /// Reads a record's fields in the order they were put.
    struct Reader {
        private let bytes: ArraySlice<UInt8>
        private var position: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            self.position = bytes.startIndex
        }

        mutating func text() -> String? {
            guard take() == Tag.text.rawValue else { return nil }
            let length = Int(varint())
            defer { position += length }
            return String(decoding: bytes[position..<(position + length)], as: UTF8.self)
        }

        /// A bytes field, as a slice of the record (no copy).
        mutating func blob() -> ArraySlice<UInt8> {
            guard take() == Tag.bytes.rawValue else { return [] }
            let length = Int(varint())
            defer { position += length }
            return bytes[position..<(position + length)]
        }

        mutating func integer() -> Int64? {
            guard take() == Tag.integer.rawValue else { return nil }
            let value = varint()
            return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
        }

        /// A text field that was never `nil`.
        mutating func requiredText() -> String { text() ?? "" }

        /// An integer field that was never `nil`.
        mutating func requiredInteger() -> Int { Int(integer() ?? 0) }

        private mutating func take() -> UInt8 {
            defer { position += 1 }
            return bytes[position]
        }

        private mutating func varint() -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = take()
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
    }
}
