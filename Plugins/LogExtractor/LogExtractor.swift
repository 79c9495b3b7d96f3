import EvidenceFormats
import EvidenceKit
import Foundation

/// Logs of any size, streamed line by line: every timestamped line a `log.event` with its time
/// as written (the host decides zones), training runs and their metrics, settings, RL techniques
/// and the things the log names.
public struct LogExtractor: ConfigurableExtractor {
    public struct Options: Codable, Sendable {
        /// The most bytes of a line's message kept in its event (the line stays at its locator).
        public var maxMessageBytes: Int
        /// Warnings recorded per file; past this, they are counted and a limitation says how many.
        public var maxWarnings: Int
        /// Look for hosts, addresses, users, URLs, commits and GPU models in every line.
        public var entities: Bool

        enum CodingKeys: String, CodingKey {
            case maxMessageBytes = "max_message_bytes", maxWarnings = "max_warnings", entities
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let documents = TrainingDocumentReader(sink: sink, limits: artifact.limits)
        if Self.isTrainerState(head: artifact.head, name: artifact.name) {
            return try documents.readTrainerState(artifact.content)
        }
        if artifact.name == "wandb-summary.json" {
            return try documents.readWandbSummary(artifact.content)
        }
        if artifact.name == "wandb-metadata.json" {
            return try WandbMetadata(sink: sink, limits: artifact.limits).read(artifact.content)
        }
        var source = artifact.content
        let wide = UTF16TextSource.encoding(of: artifact.head)
        if let wide {
            source = UTF16TextSource(artifact.content, bigEndian: wide.bigEndian, hasBOM: wide.hasBOM)
            let name = "UTF-16" + (wide.bigEndian ? "BE" : "LE") + (wide.hasBOM ? " with BOM" : " without BOM")
            let problem = LogExtractorError.wideText(name)
            sink.warn(problem.errorDescription!, attributes: ["problem": .string(problem.problem)])
        } else if Self.isBinary(artifact.head) {
            throw EvidenceError.notMyFormat(LogExtractorError.binary.errorDescription!)
        }
        let scan = LogScan(sink: sink, options: options, limits: artifact.limits, anchor: artifact.modified)
        try scan.run(source)
        scan.finish()
    }

    /// Binary, not text: more than one byte in twenty of the head is NUL or a control
    /// character no text log writes.
    static func isBinary(_ head: Data) -> Bool {
        let sample = head.prefix(8192)
        guard !sample.isEmpty else { return false }
        let odd = sample.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D && $0 != 0x0C && $0 != 0x1B }.count
        return odd * 20 > sample.count
    }

    static func isTrainerState(head: Data, name: String) -> Bool {
        name == "trainer_state.json"
            || (head.first == UInt8(ascii: "{") && head.range(of: Data(#""log_history""#.utf8)) != nil
                && head.range(of: Data(#""global_step""#.utf8)) != nil)
    }
}

extension LogExtractor: ContentRecognizing {
    /// A JSON Lines record with one of these keys is a log record (or a metrics record).
    private static let jsonTimeKeys = (JSONLineRecord.timeKeys + ["_step"]).map { Data("\"\($0)\":".utf8) }

    /// A `trainer_state.json` by its keys, or text whose first lines mostly begin with a time (or
    /// are JSON records with a time key), or training lines (Megatron-LM iterations, DeepSpeed
    /// steps, verl steps).
    public static func claims(head: Data, name: String) -> Bool {
        if isTrainerState(head: head, name: name) { return true }
        let lines = head.prefix(16_384).split(separator: 0x0A, maxSplits: 12, omittingEmptySubsequences: true).prefix(10)
        guard lines.count >= 2 else { return false }
        var timed = 0
        var training = 0
        for line in lines {
            let bytes = Array(line)
            if bytes.first == UInt8(ascii: "{") {
                if jsonTimeKeys.contains(where: { line.range(of: $0) != nil }) { timed += 1 }
                continue
            }
            if TimestampParser.find(in: bytes, within: 40) != nil { timed += 1 }
            if bytes.withUnsafeBytes({ TrainingLineParser.parse($0) }) != nil { training += 1 }
        }
        return timed * 2 > lines.count || training >= 2
    }
}
