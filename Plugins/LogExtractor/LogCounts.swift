import EvidenceKit

/// What a pass over a log counted: lines, events, untimed and blank lines, formats and levels,
/// damaged lines, the first and last times — the file's `log.summary` finding.
struct LogCounts {
    var bytes: Int64 = 0
    var lines = 0
    var events = 0
    var untimedLines = 0
    var blankLines = 0
    var yearInferred = 0
    var warnings = 0
    var levels: [String: Int] = [:]
    private(set) var formats: [String: Int] = [:]
    private(set) var invalidUTF8Lines = 0
    private(set) var firstInvalidUTF8Line = 0
    private(set) var nulLines = 0
    private(set) var firstNulLine = 0
    private var firstTime: String?
    private var lastTime: String?

    mutating func noteEvent(_ timestamp: Timestamp, format: String) {
        events += 1
        formats[format, default: 0] += 1
        firstTime = firstTime ?? timestamp.original
        lastTime = timestamp.original
    }

    mutating func noteInvalidUTF8(_ line: Int) {
        if invalidUTF8Lines == 0 { firstInvalidUTF8Line = line }
        invalidUTF8Lines += 1
    }

    mutating func noteNul(_ line: Int) {
        if nulLines == 0 { firstNulLine = line }
        nulLines += 1
    }

    func finding(yearAnchor: String?) -> Finding {
        var attributes: [String: Value] = [
            "bytes": .integer(bytes), "lines": .integer(Int64(lines)), "events": .integer(Int64(events)),
            "untimed_lines": .integer(Int64(untimedLines)), "blank_lines": .integer(Int64(blankLines)),
            "formats": .object(formats.mapValues { .integer(Int64($0)) }),
            "levels": .object(levels.mapValues { .integer(Int64($0)) }),
            "invalid_utf8_lines": .integer(Int64(invalidUTF8Lines)), "nul_lines": .integer(Int64(nulLines)),
            "year_inferred_events": .integer(Int64(yearInferred)),
        ]
        if let firstTime { attributes["first_time"] = .string(firstTime) }
        if let lastTime { attributes["last_time"] = .string(lastTime) }
        if let yearAnchor { attributes["year_anchor"] = .string(yearAnchor) }
        return Finding("log.summary", summary: "\(lines) line(s): \(events) event(s), \(untimedLines) without a time, \(blankLines) blank",
                       attributes: attributes)
    }
}
