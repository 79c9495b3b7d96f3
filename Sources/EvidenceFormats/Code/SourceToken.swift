/// One token of source code as fingerprinting sees it: a 64-bit hash of its normalized text and
/// the lines it spans. Whitespace and comments are never tokens; every name that is not a
/// keyword hashes as the same placeholder; a string hashes by its content, whatever its quotes.
public struct SourceToken: Sendable, Hashable {
    /// What kind of text the token was (part of its hash, so a name never equals a string).
    public enum Kind: UInt8, Sendable {
        case keyword = 1, name, number, string, symbol
    }

    /// FNV-1a (64-bit) of the kind's byte, then the normalized text.
    public let hash: UInt64
    /// The line the token starts on, from 1.
    public let line: Int
    /// The line it ends on (a string can span lines).
    public let endLine: Int

    public init(hash: UInt64, line: Int, endLine: Int) {
        self.hash = hash
        self.line = line
        self.endLine = endLine
    }

    /// A token of `kind` with normalized `text`, on one line.
    public init(_ kind: Kind, _ text: String, line: Int) {
        var hash = Hash(kind)
        for byte in text.utf8 { hash.add(byte) }
        self.init(hash: hash.value, line: line, endLine: line)
    }

    /// FNV-1a, 64-bit: fixed constants, the same value on every machine (Swift's `Hasher` is
    /// seeded per process and cannot be used for anything stored).
    struct Hash {
        private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

        init(_ kind: Kind) {
            add(kind.rawValue)
        }

        mutating func add(_ byte: UInt8) {
            value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
    }
}
