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
        /// Entries recorded per file, all documents together; past this, a limitation says how
        /// many more were skipped.
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
        let limits = artifact.limits
        // Declined, if at all, from the head alone: nothing past it has been read.
        let head = TextEncoding.decode(artifact.head)
        guard let format = ConfigFormat.of(name: artifact.name, head: head.text,
                                           headIsWhole: artifact.head.count < ExampleVerifier.headLength) else {
            throw EvidenceError.notMyFormat("no configuration format recognized")
        }
        guard format != .markdown || FrontMatter.opens(head.text) else {
            throw EvidenceError.notMyFormat("Markdown without front matter: no configuration in it")
        }
        guard head.encoding.isText else {
            sink.warn(head.encoding.note ?? "not text", at: Locator(byteOffset: 0))
            return
        }
        let data: Data
        do {
            data = try artifact.content.readAll(limit: limits.maxInMemoryBytes)
        } catch EvidenceError.limitReached(_, let detail) {
            sink.limitation("configuration not parsed: \(detail)", limit: "memory_bytes")
            return
        }
        let (text, encoding) = TextEncoding.decode(data)
        if let note = encoding.note { sink.warn(note, at: Locator(byteOffset: 0)) }
        guard encoding.isText else { return }
        let recorder = EntryRecorder(sink: sink, format: format, limits: limits, maxEntries: options.maxEntries)
        let parsed: ParsedConfig
        switch format {
        case .json:
            // A wide encoding is read as the UTF-8 of its text.
            let bytes = encoding == .utf8 || encoding == .utf8WithInvalidBytes ? data : Data(text.utf8)
            parsed = scanJSON(bytes, name: artifact.name, recorder: recorder, limits: limits, sink: sink)
        case .jsonl:
            // JSON Lines are records (data, logs), not one configuration: entries only.
            parsed = scanJSONLines(data, recorder: recorder, limits: limits)
        case .yaml:
            parsed = YAMLReader.read(text, limits: limits)
        case .toml:
            parsed = TOMLReader.read(text, limits: limits)
        case .markdown:
            parsed = FrontMatter.read(text, limits: limits)
        case .ini:
            parsed = INIReader.read(text, limits: limits)
        case .env, .properties:
            parsed = LineConfigReader.read(text, dialect: LineConfigReader.Dialect(rawValue: format.rawValue)!, limits: limits)
        }
        Self.warn(parsed.warnings, into: sink)
        if format != .json {
            // JSON's entries were recorded as it was scanned.
            for (index, document) in parsed.documents.enumerated() {
                recorder.document = parsed.documents.count > 1 ? index : nil
                recorder.record(document)
            }
        }
        recorder.finish()
        for skipped in parsed.skipped { sink.limitation(skipped.message, limit: skipped.limit ?? "", at: skipped.locator) }
        if let stop = parsed.stop {
            if let limit = stop.limit {
                sink.limitation(stop.message, limit: limit, at: stop.locator)
                // Out of time: what was read is recorded; the recognizers are not run.
                if limit == "seconds_per_artifact" { return }
            } else {
                let what = format == .markdown ? "front matter (YAML)" : format.rawValue.uppercased()
                sink.warn("\(what) unreadable from line \(stop.locator.line.map(String.init) ?? "?") on: \(stop.message)",
                          at: stop.locator)
            }
        }
        for document in parsed.documents {
            try MLRecognizers.run(ConfigDocument(fileName: artifact.name, format: format, root: document, limits: limits),
                                  into: sink)
        }
    }

    /// Warnings recorded per file: a file can be made of nothing but bad lines or duplicate keys.
    static let maxWarnings = 1000

    /// Emits the parser's warnings, up to ``maxWarnings``, and one more saying how many were not.
    private static func warn(_ warnings: [(String, Locator)], into sink: any FindingSink) {
        for (message, locator) in warnings.prefix(maxWarnings) { sink.warn(message, at: locator) }
        if warnings.count > maxWarnings {
            sink.warn("\(warnings.count - maxWarnings) more warnings like these were not recorded",
                      at: warnings[maxWarnings].1)
        }
    }

    private func scanJSON(_ bytes: Data, name: String, recorder: EntryRecorder, limits: ExtractionLimits,
                          sink: any FindingSink) -> ParsedConfig {
        let vocabulary = VocabularyDigest(fileName: (name as NSString).lastPathComponent)
        var scanner = JSONTreeReader(DataByteSource(bytes), limits: limits, maxTreeNodes: limits.maxParsedNodes) {
            recorder.record(pointer: $0, value: $1, at: $2)
            vocabulary.observe(pointer: $0, value: $1)
        }
        var parsed = ParsedConfig()
        do {
            parsed.documents = [try scanner.document()]
        } catch let error as ConfigParseError {
            parsed.stop = error
        } catch EvidenceError.limitReached(let limit, let detail) {
            parsed.stop = ConfigParseError(message: detail, locator: .whole, limit: limit)
        } catch {
            parsed.stop = ConfigParseError(message: "\(error)", locator: .whole)
        }
        vocabulary.emit(into: sink)
        if scanner.treeTruncated {
            parsed.skipped.append(ConfigParseError(
                message: "more than \(limits.maxParsedNodes) values: the ML recognizers saw the first ones only",
                locator: .whole, limit: "parsed_nodes"))
        }
        parsed.warnings = scanner.warnings
        recorder.skippedLongPointers(scanner.skippedLongPointers)
        if scanner.skippedDeep > 0 {
            parsed.skipped.append(ConfigParseError(
                message: "\(scanner.skippedDeep) value(s) nested deeper than \(limits.maxNestingDepth) levels were skipped",
                locator: .whole, limit: "nesting_depth"))
        }
        return parsed
    }

    /// Each line a JSON document, recorded as it is scanned; the trees are not kept.
    private func scanJSONLines(_ data: Data, recorder: EntryRecorder, limits: ExtractionLimits) -> ParsedConfig {
        var parsed = ParsedConfig()
        var offset = 0
        var index = 0
        // Line by line, without a list of every line (a 64 MB file of short lines made millions).
        while offset < data.count {
            let end = data[(data.startIndex + offset)...].firstIndex(of: 0x0A) ?? data.endIndex
            let line = data[(data.startIndex + offset)..<end]
            defer {
                offset += line.count + 1
                index += 1
            }
            if index % 1024 == 1023, (try? limits.checkDeadline()) == nil {
                parsed.stop = ConfigParseError(message: "the time for this original ran out while the lines were read",
                                               locator: Locator(byteOffset: Int64(offset), line: index + 1),
                                               limit: "seconds_per_artifact")
                break
            }
            guard line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            guard line.count <= limits.maxLineLength else {
                parsed.skipped.append(ConfigParseError(
                    message: "line \(index + 1) is longer than \(limits.maxLineLength) bytes: skipped",
                    locator: Locator(byteOffset: Int64(offset), line: index + 1), limit: "line_length"))
                continue
            }
            let lineNumber = index + 1
            let lineOffset = offset
            var scanner = JSONTreeReader(DataByteSource(Data(line)), limits: limits, maxTreeNodes: 0) { pointer, value, place in
                var locator = place
                locator.line = lineNumber
                locator.byteOffset = Int64(lineOffset) + (place.byteOffset ?? 0)
                recorder.record(pointer: "/\(lineNumber - 1)" + pointer, value: value, at: locator)
            }
            do {
                _ = try scanner.document()
            } catch {
                let place = (error as? ConfigParseError)?.locator ?? .whole
                parsed.warnings.append(("line \(lineNumber) is not valid JSON: \((error as? ConfigParseError)?.message ?? "\(error)")",
                                        Locator(byteOffset: Int64(lineOffset) + (place.byteOffset ?? 0), line: lineNumber,
                                                column: place.column)))
            }
        }
        return parsed
    }
}
