import Crypto

/// The SHA-256 of a row's canonical form, which the tamper check recomputes from the case:
///
///     "exhibit.row.v1" 0x00  table 0x00
///     then, for each column in the table's order whose value is not NULL:
///     name 0x00  tag  value
///       'i' integer: 8 bytes, little-endian two's complement
///       'r' real:    8 bytes, little-endian IEEE 754 binary64
///       't' text:    8-byte little-endian length, then the UTF-8 bytes
///       'b' blob:    8-byte little-endian length, then the bytes
///
/// Names make the form self-describing, and leaving NULLs out means a column added later (NULL
/// in the rows before it) leaves the digests of those rows as they were. Values are taken as
/// SQLite stores them (its storage class, not the column's declared type), so a value changed
/// in type is a changed value.
struct RowDigest: ColumnVisitor {
    private(set) var canonical: [UInt8] = []

    init(table: String) {
        start(table: table)
    }

    /// Starts the next row of `table`, reusing the buffer.
    mutating func start(table: String) {
        canonical.removeAll(keepingCapacity: true)
        canonical += "exhibit.row.v1".utf8
        canonical.append(0)
        canonical += table.utf8
        canonical.append(0)
    }

    /// The digest of the row so far.
    var sha256: [UInt8] {
        SHA256.hash(data: canonical).withUnsafeBytes { Array($0) }
    }

    /// Calls `body` with the digest of the row so far, without copying it into an array.
    func withSHA256<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T {
        try SHA256.hash(data: canonical).withUnsafeBytes(body)
    }

    mutating func column(_ name: StaticString, _ value: inout String) { text(name, value) }
    mutating func column(_ name: StaticString, _ value: inout String?) { if let value { text(name, value) } }
    mutating func column(_ name: StaticString, _ value: inout Int64) { integer(name, value) }
    mutating func column(_ name: StaticString, _ value: inout Int64?) { if let value { integer(name, value) } }
    mutating func column(_ name: StaticString, _ value: inout Double?) { if let value { real(name, value) } }
    mutating func column(_ name: StaticString, _ value: inout [UInt8]) { blob(name, value) }

    mutating func integer(_ name: StaticString, _ value: Int64) {
        name.withUTF8Buffer { self.name($0, "i") }
        fixed(UInt64(bitPattern: value))
    }

    mutating func real(_ name: StaticString, _ value: Double) {
        name.withUTF8Buffer { self.name($0, "r") }
        fixed(value.bitPattern)
    }

    mutating func text(_ name: StaticString, _ value: String) {
        var value = value
        value.withUTF8 { bytes in name.withUTF8Buffer { append($0, "t", bytes) } }
    }

    mutating func blob(_ name: StaticString, _ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { bytes in name.withUTF8Buffer { append($0, "b", bytes) } }
    }

    /// A value as SQLite holds it, for a column named at run time (the check reads rows raw).
    mutating func value(_ name: [UInt8], _ value: StoredValue) {
        name.withUnsafeBufferPointer { name in
            switch value {
            case .null: return
            case .integer(let number):
                self.name(name, "i")
                fixed(UInt64(bitPattern: number))
            case .real(let number):
                self.name(name, "r")
                fixed(number.bitPattern)
            case .text(let bytes): append(name, "t", bytes)
            case .blob(let bytes): append(name, "b", bytes)
            }
        }
    }

    /// A value as SQLite stores it: its storage class and bytes (text as its bytes, unrepaired).
    enum StoredValue {
        case null
        case integer(Int64)
        case real(Double)
        case text(UnsafeBufferPointer<UInt8>)
        case blob(UnsafeBufferPointer<UInt8>)
    }

    private mutating func append(_ name: UnsafeBufferPointer<UInt8>, _ tag: Unicode.Scalar, _ bytes: UnsafeBufferPointer<UInt8>) {
        self.name(name, tag)
        fixed(UInt64(bytes.count))
        canonical.append(contentsOf: bytes)
    }

    private mutating func name(_ name: UnsafeBufferPointer<UInt8>, _ tag: Unicode.Scalar) {
        canonical.append(contentsOf: name)
        canonical.append(0)
        canonical.append(UInt8(ascii: tag))
    }

    private mutating func fixed(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { canonical.append(contentsOf: $0) }
    }
}
