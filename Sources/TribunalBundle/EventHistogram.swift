/// Counts of events per party over time, in one pass over events read in time order, in
/// bounded memory: bins start one second wide at the first event's whole second (the store
/// orders times within a second by their text, not their value), and whenever an event falls
/// past the last bin, neighbouring bins are merged in pairs and the width doubles. The bins
/// depend only on the events' times, so the same case draws the same picture.
struct EventHistogram {
    /// At most this many bins (and at least half as many once the events span them).
    static let maxBins = 96

    /// The first event's time and the bins' width, in microseconds since 1970 UTC.
    private(set) var origin: Int64?
    private(set) var binWidth: Int64 = 1_000_000
    /// The last event's time.
    private(set) var last: Int64?
    /// Counts per bin, by party.
    private(set) var counts: [String: [Int]] = [:]
    private(set) var total = 0

    /// Counts one event at `time` (never in a second before the one before) for `party`.
    mutating func add(_ time: Int64, party: String) {
        let origin = self.origin ?? (time - ((time % 1_000_000) + 1_000_000) % 1_000_000)
        self.origin = origin
        last = max(last ?? time, time)
        var bin = max(0, Int((time - origin) / binWidth))
        while bin >= Self.maxBins {
            merge()
            bin = max(0, Int((time - origin) / binWidth))
        }
        counts[party, default: Array(repeating: 0, count: Self.maxBins)][bin] += 1
        total += 1
    }

    /// How many bins the events span.
    var usedBins: Int {
        guard let origin, let last else { return 0 }
        return Int((last - origin) / binWidth) + 1
    }

    private mutating func merge() {
        for party in counts.keys {
            var merged = Array(repeating: 0, count: Self.maxBins)
            for (index, count) in counts[party]!.enumerated() { merged[index / 2] += count }
            counts[party] = merged
        }
        binWidth *= 2
    }
}
