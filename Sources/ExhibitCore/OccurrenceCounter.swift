import EvidenceFormats

/// Numbers the findings of one original that share an artifact, extractor, place and kind
/// (1, 2, 3, … in the order emitted: the last part of a finding's id), in bounded memory.
///
/// Every key is counted exactly up to ``exactKeys`` distinct keys — every original but a huge
/// one. Past that (a log of millions of lines, each its own place), a key not seen before goes
/// into a Bloom filter of fixed size instead of the table, and only keys seen again are counted
/// exactly. A false positive of the filter numbers a first occurrence 2: still unique (no
/// finding with that key has 1) and still deterministic (the filter's state depends only on the
/// original's findings, in order), so ids stay unique and the same in every run; about one key
/// in 20,000 is so renumbered at ten million keys. Memory: the table (about 40 bytes a key) and
/// 32 MiB for the filter, allocated only when an original needs it.
struct OccurrenceCounter {
    /// Distinct keys counted exactly before the filter takes over.
    static let exactKeys = 1 << 18
    private var counts: [UInt64: Int] = [:]
    private var filter: BloomFilter?

    /// The occurrence of `key`: 1 the first time, then 2, 3, …
    mutating func next(_ key: UInt64) -> Int {
        if let count = counts[key] {
            counts[key] = count + 1
            return count + 1
        }
        if filter == nil {
            if counts.count < Self.exactKeys {
                counts[key] = 1
                return 1
            }
            filter = BloomFilter(bits: 1 << 28, hashes: 7)
        }
        if filter!.insert(key) { return 1 }
        counts[key] = 2
        return 2
    }

    /// A set of 64-bit keys that answers "maybe" or "certainly not", in `bits` bits; the
    /// positions of a key are found by double hashing of its two mixed halves.
    struct BloomFilter {
        private var words: [UInt64]
        private let mask: UInt64
        private let hashes: Int

        /// - Parameter bits: a power of two.
        init(bits: Int, hashes: Int) {
            words = Array(repeating: 0, count: bits / 64)
            mask = UInt64(bits - 1)
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
