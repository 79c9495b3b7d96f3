/// A record's columns packed in bytes, for the ingest spool that carries rows from the stager to
/// the writer: each column in the table's order, a tag and its value — 0 null, 1 an integer
/// (zigzag varint), 2 a real (8 bytes, little-endian), 3 text and 4 a blob (varint length, then
/// the bytes). Only this build writes and reads it, within one run.
package enum PackedRow {
    private enum Tag: UInt8 {
        case null = 0, integer = 1, real = 2, text = 3, blob = 4
    }

    struct Writer: ColumnVisitor {
        var bytes: [UInt8]

        mutating func column(_ name: StaticString, _ value: inout String) {
            bytes.append(Tag.text.rawValue)
            var value = value
            value.withUTF8 { text in
                putVarint(UInt64(text.count))
                bytes.append(contentsOf: text)
            }
        }

        mutating func column(_ name: StaticString, _ value: inout String?) {
            guard value != nil else { return bytes.append(Tag.null.rawValue) }
            column(name, &value!)
        }

        mutating func column(_ name: StaticString, _ value: inout Int64) {
            bytes.append(Tag.integer.rawValue)
            putVarint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
        }

        mutating func column(_ name: StaticString, _ value: inout Int64?) {
            guard value != nil else { return bytes.append(Tag.null.rawValue) }
            column(name, &value!)
        }

        mutating func column(_ name: StaticString, _ value: inout Double?) {
            guard let number = value else { return bytes.append(Tag.null.rawValue) }
            bytes.append(Tag.real.rawValue)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func column(_ name: StaticString, _ value: inout [UInt8]) {
            bytes.append(Tag.blob.rawValue)
            putVarint(UInt64(value.count))
            bytes.append(contentsOf: value)
        }

        private mutating func putVarint(_ value: UInt64) {
            var value = value
            repeat {
                bytes.append(UInt8(value & 0x7F) | (value > 0x7F ? 0x80 : 0))
                value >>= 7
            } while value > 0
        }
    }

    struct Reader: ColumnVisitor {
        private let bytes: ArraySlice<UInt8>
        private var position: Int

        init(_ bytes: ArraySlice<UInt8>) {
            self.bytes = bytes
            position = bytes.startIndex
        }

        /// Thrown for bytes this build did not pack.
        struct Malformed: Error {}

        mutating func column(_ name: StaticString, _ value: inout String) throws {
            guard let text = try text() else { throw Malformed() }
            value = text
        }

        mutating func column(_ name: StaticString, _ value: inout String?) throws {
            value = try text()
        }

        mutating func column(_ name: StaticString, _ value: inout Int64) throws {
            guard let number = try integer() else { throw Malformed() }
            value = number
        }

        mutating func column(_ name: StaticString, _ value: inout Int64?) throws {
            value = try integer()
        }

        mutating func column(_ name: StaticString, _ value: inout Double?) throws {
            switch try tag() {
            case .null: value = nil
            case .real: value = Double(bitPattern: UInt64(littleEndian: try fixed()))
            default: throw Malformed()
            }
        }

        mutating func column(_ name: StaticString, _ value: inout [UInt8]) throws {
            guard try tag() == .blob else { throw Malformed() }
            value = Array(try run())
        }

        private mutating func text() throws -> String? {
            switch try tag() {
            case .null: return nil
            case .text: return String(decoding: try run(), as: UTF8.self)
            default: throw Malformed()
            }
        }

        private mutating func integer() throws -> Int64? {
            switch try tag() {
            case .null: return nil
            case .integer:
                let value = try varint()
                return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
            default: throw Malformed()
            }
        }

        private mutating func tag() throws -> Tag {
            guard let tag = Tag(rawValue: try byte()) else { throw Malformed() }
            return tag
        }

        private mutating func byte() throws -> UInt8 {
            guard position < bytes.endIndex else { throw Malformed() }
            defer { position += 1 }
            return bytes[position]
        }

        private mutating func run() throws -> ArraySlice<UInt8> {
            let length = try varint()
            guard length <= UInt64(bytes.endIndex - position) else { throw Malformed() }
            defer { position += Int(length) }
            return bytes[position..<(position + Int(length))]
        }

        private mutating func fixed() throws -> UInt64 {
            guard bytes.endIndex - position >= 8 else { throw Malformed() }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << (8 * UInt64(index)) }
            position += 8
            return value
        }

        private mutating func varint() throws -> UInt64 {
            var value: UInt64 = 0, shift: UInt64 = 0
            while true {
                let byte = try byte()
                guard shift < 64 else { throw Malformed() }
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
        }
    }
}
