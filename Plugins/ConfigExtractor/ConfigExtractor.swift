import EvidenceFormats
import EvidenceKit
import Foundation

/// Configuration files — JSON (and JSON Lines), YAML, TOML, INI / `.cfg`, `.env`, `.properties` —
/// every entry with its place, and the ML configurations that matter in model disputes,
/// normalized so two parties' files compare field by field: architectures, training recipes,
/// reinforcement-learning methods, generation and tokenizer settings.
public struct ConfigExtractor: ConfigurableExtractor {
    /// What an investigator may set (`--extractor-option config.max_entries=…`).
    public struct Options: Codable, Sendable {
        /// Entries recorded per file (per document of a multi-document YAML); past this, a
        /// limitation says how many more were skipped.
        public var maxEntries: Int

        enum CodingKeys: String, CodingKey {
            case maxEntries = "max_entries"
        }
    }

    public let options: Options

    public init(options: Options) {
        self.options = options
    }

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        // Declined, if at all, from the head alone: nothing past it has been read.
        let headText = TextEncoding.decode(artifact.head)
        guard let format = ConfigFormat.of(name: artifact.name, head: headText.text,
                                           headIsWhole: artifact.head.count < ExampleVerifier.headLength) else {
            throw EvidenceError.notMyFormat("no configuration format recognized")
        }
        if case .binary = headText.encoding {
            sink.warn("binary content in a file named like a configuration: not parsed", at: Locator(byteOffset: 0))
            return
        }
        let data: Data
        do {
            data = try artifact.content.readAll(limit: artifact.limits.maxInMemoryBytes)
        } catch EvidenceError.limitReached(_, let detail) {
            sink.limitation("configuration not parsed: \(detail)", limit: "memory_bytes")
            return
        }
        let decoded = TextEncoding.decode(data)
        if let note = decoded.encoding.note { sink.warn(note, at: Locator(byteOffset: 0)) }
        try parse(decoded.text, data: data, format: format, artifact: artifact, into: sink)
    }

    private func parse(_ text: String, data: Data, format: ConfigFormat, artifact: Artifact,
                       into sink: any FindingSink) throws {
        var documents: [ConfigNode] = []
        let recorder = EntryRecorder(sink: sink, format: format, maxEntries: options.maxEntries)
        do {
            switch format {
            case .json:
                documents = [try scanJSON(data, recorder: recorder, limits: artifact.limits, sink: sink)]
            case .jsonl:
                // JSON Lines are records (data, logs), not one configuration: entries only.
                scanJSONLines(data, recorder: recorder, limits: artifact.limits, sink: sink)
            case .yaml:
                let read = try YAMLReader.documents(text, maxDepth: artifact.limits.maxNestingDepth)
                documents = read.documents
                if read.truncated {
                    sink.limitation("YAML aliases expand to more than \(YAMLReader.maxNodes) nodes: the rest was not read",
                                    limit: "config_entries")
                }
                for (index, document) in documents.enumerated() {
                    let perDocument = documents.count > 1
                        ? EntryRecorder(sink: sink, format: format, maxEntries: options.maxEntries, document: index) : recorder
                    perDocument.record(document)
                    perDocument.finish()
                }
            case .toml:
                let parsed = TOMLReader.read(text)
                parsed.warnings.forEach { sink.warn($0.0, at: $0.1) }
                documents = [parsed.node]
                recorder.record(parsed.node)
            case .ini, .env, .properties:
                let parsed = LineConfigReader.read(text, dialect: LineConfigReader.Dialect(rawValue: format.rawValue)!)
                parsed.warnings.forEach { sink.warn($0.0, at: $0.1) }
                documents = [parsed.node]
                recorder.record(parsed.node)
            }
        } catch let error as ConfigParseError {
            if error.message.hasPrefix("nesting deeper") {
                sink.limitation(error.message, limit: "nesting_depth", at: error.locator)
            } else {
                sink.warn("\(format.rawValue.uppercased()) unreadable from here on: \(error.message)", at: error.locator)
            }
        }
        recorder.finish()
        for document in documents {
            MLRecognizers.run(ConfigDocument(fileName: artifact.name, format: format, root: document), into: sink)
        }
    }

    private func scanJSON(_ data: Data, recorder: EntryRecorder, limits: ExtractionLimits,
                          sink: any FindingSink) throws -> ConfigNode {
        let vocabulary = VocabularyDigest()
        var scanner = JSONTreeReader(DataByteSource(data), limits: limits) {
            recorder.record(pointer: $0, value: $1, at: $2)
            vocabulary.observe(pointer: $0, value: $1)
        }
        defer {
            vocabulary.emit(into: sink)
            if scanner.treeTruncated {
                sink.limitation("more than \(JSONTreeReader.maxTreeNodes) values: the ML recognizers saw the first ones only",
                                limit: "config_entries")
            }
            scanner.warnings.forEach { sink.warn($0.0, at: $0.1) }
            if scanner.skippedDeep > 0 {
                sink.limitation("\(scanner.skippedDeep) value(s) nested deeper than \(limits.maxNestingDepth) levels were skipped",
                                limit: "nesting_depth")
            }
        }
        return try scanner.document()
    }

    /// Each line a JSON document; a line that is not valid JSON is a warning with its place,
    /// and the rest of the file is read.
    private func scanJSONLines(_ data: Data, recorder: EntryRecorder, limits: ExtractionLimits, sink: any FindingSink) {
        var offset = 0
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            defer { offset += line.count + 1 }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard line.count <= limits.maxLineLength else {
                sink.limitation("line \(index + 1) is longer than \(limits.maxLineLength) bytes: skipped", limit: "line_length",
                                at: Locator(byteOffset: Int64(offset), line: index + 1))
                continue
            }
            var scanner = JSONTreeReader(DataByteSource(Data(line)), limits: limits) { pointer, value, place in
                var locator = place
                locator.line = index + 1
                locator.byteOffset = Int64(offset) + (place.byteOffset ?? 0)
                recorder.record(pointer: "/\(index)" + pointer, value: value, at: locator)
            }
            do {
                _ = try scanner.document()
            } catch {
                let place = (error as? ConfigParseError)?.locator ?? .whole
                let reason = (error as? ConfigParseError)?.message ?? "\(error)"
                sink.warn("line \(index + 1) is not valid JSON: \(reason)",
                          at: Locator(byteOffset: Int64(offset) + (place.byteOffset ?? 0), line: index + 1, column: place.column))
            }
        }
    }
}
