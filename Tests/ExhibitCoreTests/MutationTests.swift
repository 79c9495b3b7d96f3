import BuiltInExtractors
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// Hostile input is the normal case: every sample, damaged in many deterministic ways (bytes
/// flipped, cut short, spliced), goes through the whole pipeline without a crash or a hang, and
/// the original is always hashed whole.
@Suite struct MutationTests {
    /// A small deterministic generator (SplitMix64), so a failure can be replayed.
    private struct SplitMix {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(max(bound, 1))) }
    }

    private static let samples: [String] = {
        let enumerator = FileManager.default.enumerator(atPath: Repository.formats.path)
        var files: [String] = []
        while let file = enumerator?.nextObject() as? String {
            let path = Repository.formats.appendingPathComponent(file).path
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
            if attributes?[.type] as? FileAttributeType == .typeRegular, size > 0, size < 200_000 { files.append(file) }
        }
        return files.sorted()
    }()

    private func mutate(_ data: Data, _ random: inout SplitMix) -> Data {
        var bytes = [UInt8](data)
        switch random.below(3) {
        case 0:
            for _ in 0..<(1 + random.below(16)) { bytes[random.below(bytes.count)] ^= UInt8(truncatingIfNeeded: 1 + random.below(255)) }
        case 1:
            bytes = Array(bytes.prefix(random.below(bytes.count)))
        default:
            let start = random.below(bytes.count)
            let length = random.below(min(512, bytes.count - start) + 1)
            let copy = Array(bytes[start..<(start + length)])
            bytes.insert(contentsOf: copy, at: random.below(bytes.count))
        }
        return Data(bytes)
    }

    @Test(arguments: samples)
    func damagedSamplesNeverCrashTheCase(_ sample: String) throws {
        let folder = try TemporaryFolder("mutation")
        let original = try Data(contentsOf: Repository.formats.appendingPathComponent(sample))
        var random = SplitMix(state: UInt64(truncatingIfNeeded: sample.hashValueStable))
        var budget = ResourceBudget()
        try budget.apply("seconds_per_artifact=20")
        for round in 0..<40 {
            let damaged = mutate(original, &random)
            let path = folder.path("\(round)-" + (sample as NSString).lastPathComponent)
            try damaged.write(to: URL(fileURLWithPath: path))
            let (batch, summary) = try IngestPipeline.process(
                path, registry: try ExtractorRegistry(BuiltInExtractors.all), options: IngestOptions(budget: budget, jobs: 1),
                normalizer: try Normalizer(timeZone: nil), custody: nil, progress: nil)
            #expect(try batch.original.hashComplete && summary.size == Int64(damaged.count), "round \(round) of \(sample)")
        }
    }
}

private extension String {
    /// A hash that is the same on every run (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int {
        utf8.reduce(5381) { ($0 &* 33) &+ Int($1) }
    }
}
