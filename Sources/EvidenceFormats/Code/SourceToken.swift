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

    /// FNV-1a (``FNV1a64``) seeded with the token's kind.
    struct Hash {
        private var fnv = FNV1a64()
        var value: UInt64 { fnv.value }

        init(_ kind: Kind) {
            fnv.add(kind.rawValue)
        }

        mutating func add(_ byte: UInt8) {
            fnv.add(byte)
        }
    }
}
