import EvidenceFormats
import EvidenceKit
import Foundation

/// One pass over a text log, line by line in flat memory: every line whose time can be read
/// (and whose year, when it has none, can be inferred) is a `log.event`; training lines feed the
/// runs; settings, entities and counts are gathered, and reported at the end.
final class LogScan {
    private let sink: any FindingSink
    private let options: LogExtractor.Options
    private let limits: ExtractionLimits
    private var years: YearInference
    private var runs = TrainingRuns()
    private var entities = EntityTally()
    private var settings = HyperparameterLines()
    private var counts = LogCounts()
    private var warnedNoAnchor = false

    init(sink: any FindingSink, options: LogExtractor.Options, limits: ExtractionLimits, anchor: Timestamp?) {
        self.sink = sink
        self.options = options
        self.limits = limits
        years = YearInference(anchor: anchor)
    }

    /// Reads every line of `source`.
    func run(_ source: any ByteSource) throws {
        let reader = LineReader(source, maxLineLength: limits.maxLineLength)
        try reader.forEachLine { line in
            if line.number % 4096 == 0 { try limits.checkDeadline() }
            read(line)
        }
        counts.bytes = reader.bytesRead
    }

    /// Reports what was gathered: runs, settings' entities, counts and the file's summary.
    func finish() {
        runs.emit(into: sink)
        entities.emit(into: sink)
        if counts.invalidUTF8Lines > 0 {
            warn(.invalidUTF8(lines: counts.invalidUTF8Lines, firstLine: counts.firstInvalidUTF8Line),
                 at: Locator(line: counts.firstInvalidUTF8Line), always: true)
        }
        if counts.nulLines > 0 {
            warn(.nulBytes(lines: counts.nulLines, firstLine: counts.firstNulLine), at: Locator(line: counts.firstNulLine), always: true)
        }
        if counts.warnings > options.maxWarnings {
            sink.limitation(LogExtractorError.tooManyWarnings(recorded: options.maxWarnings, total: counts.warnings).errorDescription!,
                            limit: "max_warnings")
        }
        if runs.recordsBeyondLimit > 0 {
            sink.limitation("more than \(TrainingRuns.maxRuns) training runs: \(runs.recordsBeyondLimit) record(s) of later runs not read",
                            limit: "training_runs")
        }
        sink.emit(counts.finding(yearAnchor: counts.yearInferred > 0 ? years.anchorText : nil))
    }

    // MARK: One line

    private func read(_ line: LineReader.Line) {
        counts.lines += 1
        let locator = Locator(byteOffset: line.byteOffset, byteLength: line.length, line: line.number)
        // The reader may hand over up to a block more than the budget; the budget is the line length.
        let bytes = UnsafeRawBufferPointer(rebasing: line.bytes.prefix(limits.maxLineLength))
        if line.length > Int64(bytes.count) { warn(.lineCut(length: line.length, kept: bytes.count), at: locator) }
        if memchr(bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0, bytes.count) != nil {
            counts.noteNul(line.number)
        }
        let text = decode(bytes, line: line.number)
        guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else {
            counts.blankLines += 1
            return
        }
        if let header = glogHeader(text) {
            years = header
        }
        if options.entities { entities.add(TextEntities.scan(text), at: locator) }
        if let first = bytes.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), bytes[first] == UInt8(ascii: "{"),
           bytes[(first + 1)...].first(where: { $0 != 0x20 }) == UInt8(ascii: "\"") {
            readJSON(bytes, text: text, at: locator)
            return
        }
        let (time, messageStart) = readTime(bytes, at: locator)
        if let record = TrainingLineParser.parse(bytes) {
            runs.add(record, time: time, at: locator)
        } else if HyperparameterLines.mayState(bytes),
                  let setting = HyperparameterLines.parse(messageStart == 0 ? text : LogMessage.after(messageStart, in: bytes, limit: 4096).text) {
            settings.report(key: setting.key, value: setting.value, source: setting.source, at: locator, into: sink)
        }
    }

    /// The line's time, emitting its event, and where the text after it starts; no time when the
    /// line has none (counted) or an impossible one (a warning).
    private func readTime(_ bytes: UnsafeRawBufferPointer, at locator: Locator) -> (Timestamp?, Int) {
        guard let match = TimestampParser.find(in: bytes) else {
            counts.untimedLines += 1
            return (nil, 0)
        }
        return (event(match, in: bytes, at: locator), match.range.upperBound)
    }

    private func event(_ match: TimestampMatch, in bytes: UnsafeRawBufferPointer, at locator: Locator) -> Timestamp? {
        var attributes: [String: Value] = ["format": .string(match.format.rawValue)]
        let timestamp: Timestamp
        switch match.reading {
        case .complete(let complete):
            timestamp = complete
        case .invalid(let original, let reason):
            warn(.impossibleTime(original: original, reason: reason), at: locator)
            counts.untimedLines += 1
            return nil
        case .yearless(let yearless):
            guard let year = years.year(forMonth: yearless.month) else {
                if !warnedNoAnchor { warn(.noYearAnchor(original: yearless.original), at: locator, always: true) }
                warnedNoAnchor = true
                counts.untimedLines += 1
                return nil
            }
            guard let dated = yearless.timestamp(year: year) else {
                warn(.nonexistentDate(original: yearless.original, year: year), at: locator)
                counts.untimedLines += 1
                return nil
            }
            timestamp = dated
            attributes["year_inferred"] = .integer(Int64(year))
            attributes["year_anchor"] = .string(years.anchorText ?? "")
            counts.yearInferred += 1
        }
        let level: String?
        if match.format == .glog {
            level = LogLevel.glog(bytes[match.range.lowerBound])
        } else {
            level = LogLevel.syslogPriority(bytes) ?? LogLevel.find(in: bytes, from: match.range.upperBound)
        }
        // A syslog header follows a time at the line's start, or after a priority (`<34>`).
        let atStart = match.range.lowerBound == 0 || LogLevel.syslogPriority(bytes) != nil
        if atStart, match.format == .syslog || (bytes.first == UInt8(ascii: "<") && match.format == .iso8601) {
            addSyslogHeader(bytes, after: match.range.upperBound, to: &attributes, at: locator)
        }
        emitEvent(message: LogMessage.after(match.range.upperBound, in: bytes, limit: options.maxMessageBytes), level: level,
                  timestamp: timestamp, attributes: attributes, at: locator)
        return timestamp
    }

    /// A JSON Lines record: an event when it has a time, metrics when it has a step.
    private func readJSON(_ bytes: UnsafeRawBufferPointer, text: String, at locator: Locator) {
        let record: JSONLineRecord
        do {
            record = try JSONLineRecord(bytes, maxDepth: limits.maxNestingDepth)
        } catch {
            let reason = (error as? JSONScanner.Failure)?.message ?? (error as? LogExtractorError)?.errorDescription ?? "\(error)"
            warn(.corruptJSONLine(reason: reason), at: locator)
            counts.untimedLines += 1
            return
        }
        if options.entities { entities.add(record.namedModelsAndDatasets, at: locator) }
        var time: Timestamp?
        var attributes: [String: Value] = ["format": "json_lines"]
        if let (key, value) = record.value(under: JSONLineRecord.timeKeys) {
            attributes["time_key"] = .string(key)
            time = jsonTime(key: key, value: value, attributes: &attributes, at: locator)
        }
        if let training = record.trainingRecord { runs.add(training, time: time, at: locator) }
        guard let time else {
            counts.untimedLines += 1
            return
        }
        let level = record.value(under: JSONLineRecord.levelKeys).map { LogLevel.normalized(JSONLineRecord.text($0.value)) }
        let message = record.value(under: JSONLineRecord.messageKeys).map { JSONLineRecord.text($0.value) } ?? text
        emitEvent(message: LogMessage.bounded(message, limit: options.maxMessageBytes), level: level, timestamp: time,
                  attributes: attributes, at: locator)
    }

    private func jsonTime(key: String, value: Value, attributes: inout [String: Value], at locator: Locator) -> Timestamp? {
        if let number = JSONLineRecord.number(value) {
            guard let (timestamp, unit) = TimestampParser.epoch(number, original: value.description) else {
                warn(.epochOutOfRange(key: key, value: value.description), at: locator)
                return nil
            }
            attributes["epoch_unit"] = .string(unit.rawValue)
            return timestamp
        }
        let text = JSONLineRecord.text(value)
        if !text.isEmpty, text.allSatisfy(\.isNumber), let number = Double(text) {
            return jsonTime(key: key, value: .float(number), attributes: &attributes, at: locator)
        }
        switch TimestampParser.parse(text)?.reading {
        case .complete(let timestamp)?: return timestamp
        case .invalid(let original, let reason)?: warn(.impossibleTime(original: original, reason: reason), at: locator)
        case .yearless?, nil: break
        }
        return nil
    }

    private func emitEvent(message: (text: String, cut: Bool), level: String?, timestamp: Timestamp,
                           attributes: [String: Value], at locator: Locator) {
        var attributes = attributes
        if let level {
            attributes["level"] = .string(level)
            counts.levels[level, default: 0] += 1
        }
        if message.cut { attributes["message_cut"] = true }
        counts.noteEvent(timestamp, format: attributes["format"]?.description ?? "")
        sink.emit(Finding("log.event", summary: message.text, attributes: attributes, at: locator, timestamp: timestamp))
    }

    /// RFC 3164's `host program[pid]:` after the time, or RFC 5424's `host app procid msgid`.
    private func addSyslogHeader(_ bytes: UnsafeRawBufferPointer, after end: Int, to attributes: inout [String: Value],
                                 at locator: Locator) {
        // The first two words (split at spaces) of the 256 bytes after the time, read as bytes:
        // this runs on every line of a syslog file. (A space before a combining mark splits here;
        // read as Swift Characters, the two were one Character and did not.)
        let window = bytes[end..<min(bytes.count, end + 256)]
        var words: [Range<Int>] = []
        var index = window.startIndex
        while words.count < 2, index < window.endIndex {
            while index < window.endIndex, window[index] == 0x20 { index += 1 }
            let start = index
            while index < window.endIndex, window[index] != 0x20 { index += 1 }
            if index > start { words.append(start..<index) }
        }
        guard words.count == 2, window[words[0].upperBound - 1] != UInt8(ascii: ":"),
              !(words[0].count == 1 && window[words[0].lowerBound] == UInt8(ascii: "-")) else { return }
        let host = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[words[0]]), as: UTF8.self)
        attributes["host"] = .string(host)
        let program = bytes[words[1]].prefix { $0 != UInt8(ascii: "[") && $0 != UInt8(ascii: ":") }
        if !program.isEmpty, !(program.count == 1 && program.first == UInt8(ascii: "-")) {
            attributes["program"] = .string(String(decoding: UnsafeRawBufferPointer(rebasing: program), as: UTF8.self))
        }
        entities.add([EntityRef(kind: .host, value: host, role: "syslog_host")], at: locator)
    }

    /// glog's first line, `Log file created at: 2024/05/01 12:00:00`: the year its lines leave out.
    private func glogHeader(_ text: String) -> YearInference? {
        guard text.hasPrefix("Log file created at: ") else { return nil }
        let date = text.dropFirst("Log file created at: ".count)
        let parts = date.split(whereSeparator: { $0 == "/" || $0 == " " })
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month) else { return nil }
        return YearInference(statedYear: year, month: month, text: String(date))
    }

    private func decode(_ bytes: UnsafeRawBufferPointer, line: Int) -> String {
        if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let valid = String(validating: bytes, as: UTF8.self) { return valid }
        counts.noteInvalidUTF8(line)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A warning, unless the budget of warnings is spent (then only counted).
    private func warn(_ problem: LogExtractorError, at locator: Locator, always: Bool = false) {
        if !always { counts.warnings += 1 }
        guard always || counts.warnings <= options.maxWarnings else { return }
        sink.warn(problem.errorDescription!, at: locator, attributes: ["problem": .string(problem.problem)])
    }
}
