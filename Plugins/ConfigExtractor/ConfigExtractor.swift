import EvidenceKit
import Foundation

/// Configuration files — JSON (and JSON Lines), YAML, TOML, INI / `.cfg`, `.env`, `.properties` —
/// every entry with its place, and the ML configurations that matter in model disputes,
/// normalized so two parties' files compare field by field: architectures, training recipes,
/// reinforcement-learning methods, generation and tokenizer settings.
public struct ConfigExtractor: Extractor {
    public init() {}

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        let data: Data
        do {
            data = try artifact.content.readAll(limit: artifact.limits.maxInMemoryBytes)
        } catch EvidenceError.limitReached(_, let detail) {
            sink.limitation("configuration not parsed: \(detail)", limit: "memory_bytes")
            return
        }
        guard let text = decodeText(data, name: artifact.name, sink: sink) else { return }
        guard let format = ConfigFormat.of(name: artifact.name, text: text) else {
            throw EvidenceError.notMyFormat("no configuration format recognized")
        }
        var documents: [ConfigNode] = []
        let recorder = EntryRecorder(sink: sink, format: format)
        do {
            switch format {
            case .json:
                documents = [try scanJSON(Array(data), recorder: recorder, limits: artifact.limits, sink: sink)]
            case .jsonl:
                // JSON Lines are records (data, logs), not one configuration: entries only.
                _ = scanJSONLines(data, recorder: recorder, limits: artifact.limits, sink: sink)
            case .yaml:
                let read = try YAMLReader.documents(text, maxDepth: artifact.limits.maxNestingDepth)
                documents = read.documents
                if read.truncated {
                    sink.limitation("YAML aliases expand to more than \(YAMLReader.maxNodes) nodes: the rest was not read",
                                    limit: "config_entries")
                }
                for (index, document) in documents.enumerated() {
                    let perDocument = documents.count > 1 ? EntryRecorder(sink: sink, format: format, document: index) : recorder
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

    /// UTF-8 (with or without BOM), or UTF-16 with a BOM; binary content is reported, not parsed.
    private func decodeText(_ data: Data, name: String, sink: any FindingSink) -> String? {
        if data.starts(with: [0xFF, 0xFE]) || data.starts(with: [0xFE, 0xFF]) {
            sink.warn("UTF-16 text (decoded); byte offsets refer to the UTF-16 file", at: Locator(byteOffset: 0))
            return String(data: data, encoding: .utf16)
        }
        if data.prefix(8192).contains(0) {
            sink.warn("binary content in a file named like a configuration: not parsed", at: Locator(byteOffset: 0))
            return nil
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        sink.warn("not valid UTF-8: invalid bytes shown as U+FFFD", at: Locator(byteOffset: 0))
        return String(decoding: data, as: UTF8.self)
    }

    private func scanJSON(_ bytes: [UInt8], recorder: EntryRecorder, limits: ExtractionLimits,
                          sink: any FindingSink) throws -> ConfigNode {
        let vocabulary = VocabularyDigest()
        var scanner = JSONScanner(bytes, maxDepth: limits.maxNestingDepth) {
            recorder.record(pointer: $0, value: $1, at: $2)
            vocabulary.observe(pointer: $0, value: $1)
        }
        defer {
            vocabulary.emit(into: sink)
            if scanner.treeTruncated {
                sink.limitation("more than \(JSONScanner.maxTreeNodes) values: the ML recognizers saw the first ones only",
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

    private func scanJSONLines(_ data: Data, recorder: EntryRecorder, limits: ExtractionLimits,
                               sink: any FindingSink) -> [ConfigNode] {
        var documents: [ConfigNode] = []
        var offset = 0
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            defer { offset += line.count + 1 }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard line.count <= limits.maxLineLength else {
                sink.limitation("line \(index + 1) is longer than \(limits.maxLineLength) bytes: skipped", limit: "line_length",
                                at: Locator(byteOffset: Int64(offset), line: index + 1))
                continue
            }
            var scanner = JSONScanner(Array(line), maxDepth: limits.maxNestingDepth) { pointer, value, place in
                var locator = place
                locator.line = index + 1
                locator.byteOffset = Int64(offset) + (place.byteOffset ?? 0)
                recorder.record(pointer: "/\(index)" + pointer, value: value, at: locator)
            }
            do {
                documents.append(try scanner.document())
            } catch let error as ConfigParseError {
                sink.warn("line \(index + 1) is not valid JSON: \(error.message)",
                          at: Locator(byteOffset: Int64(offset) + (error.locator.byteOffset ?? 0), line: index + 1,
                                      column: error.locator.column))
            } catch {}
        }
        return documents
    }
}
