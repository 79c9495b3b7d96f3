/// One fingerprint a winnowed document keeps: the hash of a run of tokens and the lines that run
/// covers, so a match can be opened at its lines on both sides.
///
/// Written as text in findings (`code.fingerprints`' `fingerprints`), one string each: the hash
/// in 16 lower-case hex digits, a colon, and the first and last lines joined by a hyphen —
/// exact in any JSON reader (a 64-bit number is not).
///
/// ```swift
/// let print = CodeFingerprint(hash: 0x1f, firstLine: 3, lastLine: 5)
/// print.text                                   // "000000000000001f:3-5"
/// CodeFingerprint(text: "000000000000001f:3-5") == print   // true
/// ```
public struct CodeFingerprint: Sendable, Hashable {
    public let hash: UInt64
    public let firstLine: Int
    public let lastLine: Int

    public init(hash: UInt64, firstLine: Int, lastLine: Int) {
        self.hash = hash
        self.firstLine = firstLine
        self.lastLine = lastLine
    }

    /// The fingerprint as findings write it.
    public var text: String {
        let digits = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits + ":\(firstLine)-\(lastLine)"
    }

    /// A fingerprint read back from its text; nil unless `text` is one.
    public init?(text: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 16, let hash = UInt64(parts[0], radix: 16) else { return nil }
        let lines = parts[1].split(separator: "-", maxSplits: 1)
        guard lines.count == 2, let first = Int(lines[0]), let last = Int(lines[1]), first >= 1, last >= first else { return nil }
        self.init(hash: hash, firstLine: first, lastLine: last)
    }
}
