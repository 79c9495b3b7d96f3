import EvidenceKit
import Foundation

/// Peeks at the head, then declines: the host must rewind and offer the bytes to the next one.
struct PeekThenDecline: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "peek_then_decline", version: "1.0.0", summary: "Declines after peeking",
        accepts: Acceptance(signatures: [MagicSignature("ustar", at: 257, bytes: Array("ustar".utf8))]))

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        _ = try artifact.content.read(upTo: 600)
        throw EvidenceError.notMyFormat("not interested")
    }
}

/// Emits one finding, then fails: the finding stays and the failure is recorded.
struct HalfWayFailure: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "half_way", version: "2.0.0", summary: "Fails half way", accepts: Acceptance(namePatterns: ["*.py"]))

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        sink.emit(Finding("test.before_failure", summary: "seen before the failure"))
        throw EvidenceError.corrupt(artifact: artifact.name, locator: Locator(line: 2), reason: "broken on purpose")
    }
}

/// Hands out members whose declared sizes lie — negative, too small, absent — over the same
/// 100,000 bytes: the host must neither crash nor hash anything but the bytes it read.
struct LyingSizes: ContainerExtractor {
    static let descriptor = ExtractorDescriptor(
        id: "lying_sizes", version: "1.0.0", summary: "Members with false sizes",
        accepts: Acceptance(namePatterns: ["*.lies"]))

    static let content = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) })
    static let declared: [Int64?] = [-5, 0, 3, 8191, nil, Int64.max]

    func extract(_ artifact: Artifact, into sink: any ContainerSink) throws {
        for (index, size) in Self.declared.enumerated() {
            try sink.member(Member(path: "m\(index)", type: .file, size: size, entryIndex: index),
                            content: DataByteSource(Self.content))
        }
    }
}

/// A training log of as many steps as its text says: one `training.metric` finding carrying a
/// loss series (NaN at step 7, +∞ at step 8, −∞ at step 9) and a learning rate over time.
struct MetricLog: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "metric_log", version: "1.0.0", summary: "A loss per step",
        accepts: Acceptance(namePatterns: ["*.metrics"]))

    static func loss(at step: Int) -> Double {
        switch step {
        case 7: return .nan
        case 8: return .infinity
        case 9: return -.infinity
        default: return 1 / Double(step + 1)
        }
    }

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let text = String(decoding: try artifact.content.read(upTo: 64), as: UTF8.self)
        let steps = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        var loss = Series(name: "loss", unit: "nats", axis: .step)
        for step in 0..<steps { loss.append(step: step, value: Self.loss(at: step)) }
        var rate = Series(name: "learning_rate", axis: .time)
        for second in 0..<3 { rate.append(time: 1_700_000_000 + Double(second) * 0.5, value: 3e-4) }
        sink.emit(Finding("training.metric", summary: "loss over \(steps) steps", attributes: ["steps": .integer(Int64(steps))],
                          series: [loss, rate]))
    }
}

/// Changes the file it reads, as another process might while `add` reads it: appends to a
/// `*.growing` file, rewrites the first byte of a `*.rewritten` one (same size, same bytes, a
/// new modification time). The file's first line is its own path.
struct ChangesItsOriginal: Extractor {
    static let descriptor = ExtractorDescriptor(
        id: "changes_its_original", version: "1.0.0", summary: "Changes the file it reads",
        accepts: Acceptance(namePatterns: ["*.growing", "*.rewritten"]))

    func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let path = String(String(decoding: artifact.head, as: UTF8.self).prefix { $0 != "\n" })
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        if artifact.name.hasSuffix(".growing") {
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("appended while read\n".utf8))
        } else {
            try handle.write(contentsOf: Data(path.utf8.prefix(1)))
        }
        sink.emit(Finding("test.seen", summary: "read, and changed"))
    }
}
