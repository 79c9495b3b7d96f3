import EvidenceFormats

/// Numbers the findings of one original that share an artifact, extractor, place and kind
/// (1, 2, 3, … in the order emitted: the last part of a finding's id), in bounded memory.
///
/// Every key is counted exactly up to ``exactKeys`` distinct keys — every original but a huge
/// one. Past that (a log of millions of lines, each its own place), a key not seen before goes
/// into a Bloom filter of fixed size instead of the table, and only keys seen again are counted
/// exactly, up to as many again. Beyond those, a key seen again is numbered past
/// ``fallbackBase`` by the finding's place in the original's sequence. Every number stays
/// unique for its key — a false positive of the filter numbers a first occurrence 2 (no finding
/// with that key has 1), the fallback numbers no two findings alike — and every number depends
/// only on the original's findings in order, so ids are unique and the same in every run. What
/// the exact table no longer guarantees past its size: that a finding's id depends on its own
/// key alone (a filter's false positive depends on the keys before it, so an extractor that
/// emits one more finding can renumber another). A new key is taken for seen once in about
/// 30,000 when ten million keys are in the filter (about one in 200,000 over those ten million).
/// Memory: the tables (about 40 bytes a key) and 32 MiB for the filter, allocated only when an
/// original needs it.
struct OccurrenceCounter {
    /// Distinct keys counted exactly before the filter takes over; as many keys seen again are
    /// counted exactly after.
    let exactKeys: Int
    /// The filter's size in bits (a power of two).
    let filterBits: Int
    /// Where the numbers of keys seen again past both tables start: above any count.
    static let fallbackBase = 1 << 40
    private var counts: [UInt64: Int] = [:]
    private var repeated = 0
    private var filter: BloomFilter?
    private var sequence = 0

    init(exactKeys: Int = 1 << 18, filterBits: Int = 1 << 28) {
        self.exactKeys = exactKeys
        self.filterBits = filterBits
    }

    /// The occurrence of `key`: 1 the first time, then 2, 3, …
    mutating func next(_ key: UInt64) -> Int {
        sequence += 1
        if let count = counts[key] {
            counts[key] = count + 1
            return count + 1
        }
        if filter == nil {
            if counts.count < exactKeys {
                counts[key] = 1
                return 1
            }
            filter = BloomFilter(bits: filterBits, hashes: 7)
        }
        if filter!.insert(key) { return 1 }
        guard repeated < exactKeys else { return Self.fallbackBase + sequence }
        repeated += 1
        counts[key] = 2
        return 2
    }

    /// A set of 64-bit keys that answers "maybe" or "certainly not", in `bits` bits; the
    /// positions of a key are found by double hashing of its two mixed halves.
    struct BloomFilter {
        private var words: [UInt64]
        private let mask: UInt64
        private let hashes: Int

        /// - Parameter bits: a power of two, 64 or more.
        init(bits: Int, hashes: Int) {
            words = Array(repeating: 0, count: max(bits, 64) / 64)
            mask = UInt64(max(bits, 64) - 1)
            self.hashes = hashes
        }

        /// Adds `key`; returns whether it was certainly not there before.
        mutating func insert(_ key: UInt64) -> Bool {
            let first = StableHash.mix(key), second = StableHash.mix(first) | 1
            var new = false
            for index in 0..<UInt64(hashes) {
                let bit = (first &+ index &* second) & mask
                let (word, offset) = (Int(bit >> 6), bit & 63)
                if words[word] & (1 << offset) == 0 {
                    new = true
                    words[word] |= 1 << offset
                }
            }
            return new
        }
    }
}
