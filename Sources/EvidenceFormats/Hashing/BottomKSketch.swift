/// A MinHash sketch of a set (Broder's bottom-k form): the `k` smallest distinct 64-bit hashes of
/// its elements. Two sketches estimate the Jaccard similarity of their sets without either set:
/// among the `k` smallest hashes of the union, the fraction found in both. The estimate's
/// standard error is about √(J(1−J)/k).
///
/// It holds `k` hashes however large the set, and keeps them sorted; as text, each hash is 16
/// lower-case hex digits (exact in any JSON reader).
///
/// ```swift
/// var a = BottomKSketch(k: 256), b = BottomKSketch(k: 256)
/// for word in ["the", "cat", "sat"] { a.insert(StableHash.of(Array(word.utf8))) }
/// for word in ["the", "cat", "ran"] { b.insert(StableHash.of(Array(word.utf8))) }
/// a.jaccard(b)    // 0.5: two of the four distinct words are in both
/// ```
public struct BottomKSketch: Sendable, Hashable {
    public let k: Int
    /// The smallest hashes seen, ascending, at most `k`.
    public private(set) var hashes: [UInt64] = []

    public init(k: Int) {
        self.k = max(1, k)
    }

    /// A sketch read back from its text; nil unless every item is 16 hex digits, ascending.
    public init?(k: Int, text: [String]) {
        var hashes: [UInt64] = []
        for item in text {
            guard item.utf8.count == 16, let hash = UInt64(item, radix: 16), hash > (hashes.last ?? 0) || hashes.isEmpty else { return nil }
            hashes.append(hash)
        }
        guard hashes.count <= k else { return nil }
        self.k = k
        self.hashes = hashes
    }

    /// The hashes as text, ascending.
    public var text: [String] {
        hashes.map { let digits = String($0, radix: 16); return String(repeating: "0", count: 16 - digits.count) + digits }
    }

    public mutating func insert(_ hash: UInt64) {
        if hashes.count == k, hash >= hashes[k - 1] { return }
        // Binary search for the place; a hash already there is the same element again.
        var low = 0, high = hashes.count
        while low < high {
            let middle = (low + high) / 2
            if hashes[middle] < hash { low = middle + 1 } else { high = middle }
        }
        if low < hashes.count, hashes[low] == hash { return }
        hashes.insert(hash, at: low)
        if hashes.count > k { hashes.removeLast() }
    }

    /// The estimated Jaccard similarity of the two sets (both sketches of the same `k`): exact
    /// when both sets are smaller than `k`.
    public func jaccard(_ other: BottomKSketch) -> Double {
        let size = min(k, other.k)
        var union: [UInt64] = []
        var shared = 0
        var i = 0, j = 0
        while union.count < size, i < hashes.count || j < other.hashes.count {
            let mine = i < hashes.count ? hashes[i] : UInt64.max
            let theirs = j < other.hashes.count ? other.hashes[j] : UInt64.max
            if mine == theirs {
                shared += 1; union.append(mine); i += 1; j += 1
            } else if mine < theirs, i < hashes.count {
                union.append(mine); i += 1
            } else {
                union.append(theirs); j += 1
            }
        }
        return union.isEmpty ? 0 : Double(shared) / Double(union.count)
    }
}
