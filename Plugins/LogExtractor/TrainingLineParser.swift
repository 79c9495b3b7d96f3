import EvidenceFormats
import Foundation

/// Recognizes the lines training frameworks print, and reads their metrics: Megatron-LM's
/// `iteration N/ M | lm loss: … |`, DeepSpeed's `step=N, skipped=K, lr=[…]`, verl's
/// `step:N - actor/pg_loss:… - …`, and the Hugging Face Trainer's printed dicts (Python
/// literals, parsed, never evaluated). A cheap byte test runs first: most lines are none of them.
enum TrainingLineParser {
    /// The record a line states, if it is a training line.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> TrainingRecord? {
        if let found = find("iteration", in: bytes), contains(" | ", in: bytes) {
            return megatron(Array(bytes), after: found + 9)
        }
        if let found = find("step=", in: bytes), contains("skipped=", in: bytes) {
            return deepspeed(Array(bytes), after: found + 5)
        }
        if let found = find("step:", in: bytes), found == 0 || !isWordByte(bytes[found - 1]), contains(" - ", in: bytes) {
            return verl(Array(bytes), after: found + 5)
        }
        if let found = find("{'", in: bytes) {
            return trainerDict(Array(bytes), at: found)
        }
        return nil
    }

    /// ` iteration      10/    1000 | consumed samples: 640 | … | lm loss: 1.043E+01 | …`
    private static func megatron(_ bytes: [UInt8], after start: Int) -> TrainingRecord? {
        var position = start
        skipSpaces(bytes, &position)
        guard let step = integer(bytes, &position) else { return nil }
        let text = String(decoding: bytes[position...], as: UTF8.self)
        let metrics = namedNumbers(text.split(separator: "|").map(String.init), namesMayHaveSpaces: true)
        return metrics.isEmpty ? nil : TrainingRecord(source: .megatron, step: step, metrics: metrics)
    }

    /// `… step=10, skipped=0, lr=[0.00015, 0.00015], mom=[(0.9, 0.95)]`
    private static func deepspeed(_ bytes: [UInt8], after start: Int) -> TrainingRecord? {
        var position = start
        guard let step = integer(bytes, &position) else { return nil }
        var metrics: [(name: String, value: Double)] = []
        if let skipped = find("skipped=", in: bytes) {
            var at = skipped + 8
            if let count = integer(bytes, &at) { metrics.append(("skipped", Double(count))) }
        }
        if let lr = find("lr=[", in: bytes) {
            var end = lr + 4
            while end < bytes.count, bytes[end] != UInt8(ascii: ","), bytes[end] != UInt8(ascii: "]") { end += 1 }
            if let value = Double(String(decoding: bytes[(lr + 4)..<end], as: UTF8.self).trimmingCharacters(in: .whitespaces)) {
                metrics.append(("lr", value))
            }
        }
        return metrics.isEmpty ? nil : TrainingRecord(source: .deepspeed, step: step, metrics: metrics)
    }

    /// `step:12 - actor/pg_loss:0.123 - actor/kl_loss:0.001 - critic/vf_loss:0.4`
    private static func verl(_ bytes: [UInt8], after start: Int) -> TrainingRecord? {
        var position = start
        guard let step = integer(bytes, &position) else { return nil }
        let text = String(decoding: bytes[position...], as: UTF8.self)
        let metrics = namedNumbers(text.components(separatedBy: " - "), namesMayHaveSpaces: false)
        return metrics.isEmpty ? nil : TrainingRecord(source: .verl, step: step, metrics: metrics)
    }

    /// `{'loss': 2.31, 'grad_norm': 1.2, 'learning_rate': 5e-05, 'epoch': 0.1}`
    private static func trainerDict(_ bytes: [UInt8], at start: Int) -> TrainingRecord? {
        guard let entries = PythonLiteral.dict(in: bytes, at: start) else { return nil }
        var metrics: [(name: String, value: Double)] = []
        var step: Int?
        for (key, item) in entries {
            guard let number = item.number else { continue }
            if key == "step" || key == "global_step" {
                step = number.isFinite ? Int(exactly: number.rounded()) : nil
            } else {
                metrics.append((key, number))
            }
        }
        let keys = Set(entries.map(\.key))
        guard !metrics.isEmpty, !keys.isDisjoint(with: trainerKeys) || keys.contains(where: { $0.contains("/") }) else { return nil }
        return TrainingRecord(source: .trainerLog, step: step, metrics: metrics, endsRun: keys.contains("train_runtime"))
    }

    /// The `name: number` segments among `segments` (the last colon divides), in order.
    private static func namedNumbers(_ segments: [String], namesMayHaveSpaces: Bool) -> [(name: String, value: Double)] {
        segments.compactMap { segment in
            guard let colon = segment.lastIndex(of: ":") else { return nil }
            let name = segment[..<colon].trimmingCharacters(in: .whitespaces)
            let value = segment[segment.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, namesMayHaveSpaces || !name.contains(" "), let number = Double(value) else { return nil }
            return (name, number)
        }
    }

    /// Keys that make a printed dict a Trainer's log.
    private static let trainerKeys: Set<String> = ["loss", "eval_loss", "learning_rate", "grad_norm", "epoch", "train_runtime",
                                                   "train_loss", "reward", "kl"]

    // MARK: Bytes

    private static func integer(_ bytes: [UInt8], _ position: inout Int) -> Int? {
        var value = 0
        let start = position
        while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39, position - start < 18 {
            value = value * 10 + Int(bytes[position] - 0x30)
            position += 1
        }
        return position > start ? value : nil
    }

    private static func skipSpaces(_ bytes: [UInt8], _ position: inout Int) {
        while position < bytes.count, bytes[position] == 0x20 { position += 1 }
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
    }

    static func find(_ needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        ByteSearch.find(needle, in: bytes)
    }

    static func find(_ needle: StaticString, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { find(needle, in: $0) }
    }

    static func contains(_ needle: StaticString, in bytes: UnsafeRawBufferPointer) -> Bool {
        find(needle, in: bytes) != nil
    }
}
