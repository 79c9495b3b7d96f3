import EvidenceKit

/// The lines of a configuration's text, for the line-based readers: numbered from 1, ending at
/// LF bytes (a CRLF is one Character, so splitting the String on "\n" missed it; its CR is
/// dropped), with the clock checked every 4,096 lines.
enum ConfigLines {
    /// Calls `body` with each line and its number until it returns false or the lines end;
    /// returns the stop when the time ran out first.
    static func forEach(_ text: String, limits: ExtractionLimits, _ body: (_ line: Substring, _ number: Int) -> Bool) -> ConfigParseError? {
        let utf8 = text.utf8
        var lineStart = utf8.startIndex
        var number = 0
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            var line = Substring(text[lineStart..<lineEnd])
            lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
            number += 1
            if number % 4096 == 0, (try? limits.checkDeadline()) == nil {
                return ConfigParseError(message: "the time for this original ran out while the file was read",
                                        locator: Locator(line: number), limit: "seconds_per_artifact")
            }
            if line.hasSuffix("\r") { line = line.dropLast() }
            guard body(line, number) else { break }
        }
        return nil
    }

    /// The stop at line `number` when a file has more nodes than the budget's `parsed_nodes`.
    static func nodeBudgetStop(_ limits: ExtractionLimits, line number: Int) -> ConfigParseError {
        ConfigParseError(message: "more than \(limits.maxParsedNodes) nodes: the rest of the file was not read",
                         locator: Locator(line: number), limit: "parsed_nodes")
    }
}
