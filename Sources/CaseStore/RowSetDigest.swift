import ExhibitFoundation

/// The digest of a set of rows: how many, and the sum of their SHA-256 digests (each read as a
/// 256-bit big-endian number) modulo 2^256, as 64 hex digits.
///
/// A sum, not a hash of a sequence, because rows are written in the order their walk finishes
/// them, which the case does not keep: the writer adds each row's digest as it inserts it, and
/// the check adds them up again in whatever order it reads the table, both in one pass and
/// constant memory, however many millions of rows a write holds. Such a sum shows any row
/// changed, added or removed; it is not meant to resist someone who forges rows to a chosen sum —
/// that person could as well recompute the whole chain, which only the bundle's signature and an
/// external timestamp stop (docs/architecture.md, "Tamper evidence").
package struct RowSetDigest: Sendable, Hashable {
    /// Most significant first.
    private var limbs: [UInt64] = [0, 0, 0, 0]
    package private(set) var count: Int64 = 0

    package init() {}

    /// Adds one row's SHA-256.
    mutating func add(_ digest: [UInt8]) {
        digest.withUnsafeBytes { add($0) }
    }

    /// Adds one row's SHA-256, from its 32 bytes.
    mutating func add(_ digest: UnsafeRawBufferPointer) {
        precondition(digest.count == 32)
        var carry: UInt64 = 0
        for limb in (0..<4).reversed() {
            let word = UInt64(bigEndian: digest.loadUnaligned(fromByteOffset: limb * 8, as: UInt64.self))
            let (partial, overflow1) = limbs[limb].addingReportingOverflow(word)
            let (sum, overflow2) = partial.addingReportingOverflow(carry)
            limbs[limb] = sum
            carry = (overflow1 ? 1 : 0) + (overflow2 ? 1 : 0)
        }
        count += 1
    }

    /// 64 lower-case hex digits (all zeros for no rows).
    package var hex: String {
        guard count > 0 || limbs != [0, 0, 0, 0] else { return Self.emptyHex }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for limb in limbs { withUnsafeBytes(of: limb.bigEndian) { bytes.append(contentsOf: $0) } }
        return Hex.encode(bytes)
    }

    /// The digest of no rows.
    static let emptyHex = String(repeating: "0", count: 64)
}
