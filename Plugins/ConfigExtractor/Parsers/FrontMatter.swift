import EvidenceKit
import Foundation

/// The YAML front matter of a Markdown file — the block between a first line `---` and the next
/// line `---` (or `...`), as Hugging Face model cards, Jekyll and Hugo write it. The block is read
/// by ``YAMLReader`` with the file's own line numbers (the opening line is blanked, not cut); the
/// Markdown body is not configuration and is not read.
enum FrontMatter {
    /// Whether `head` (the file's first bytes, decoded) opens a front matter block.
    static func opens(_ head: String) -> Bool {
        let first = head.prefix { $0 != "\n" && $0 != "\r\n" }
        return first.trimmingCharacters(in: .whitespaces) == "---"
    }

    /// Reads the front matter of `text`. An unterminated block is a warning, not a parse (its
    /// end is unknown: the body would be read as YAML); unreadable YAML stops the parse with its
    /// place, as for any YAML file.
    static func read(_ text: String, limits: ExtractionLimits) -> ParsedConfig {
        let utf8 = text.utf8
        guard let firstEnd = utf8.firstIndex(of: 0x0A) else { return unterminated() }
        var lineStart = utf8.index(after: firstEnd)
        while lineStart < utf8.endIndex {
            let lineEnd = utf8[lineStart...].firstIndex(of: 0x0A) ?? utf8.endIndex
            let line = text[lineStart..<lineEnd].trimmingCharacters(in: .whitespacesAndNewlines)
            if line == "---" || line == "..." {
                // The opening `---` blanked to spaces: lines and byte offsets stay the file's.
                let opening = String(repeating: " ", count: utf8.distance(from: utf8.startIndex, to: firstEnd))
                return YAMLReader.read(opening + String(text[firstEnd..<lineStart]), limits: limits)
            }
            guard lineEnd < utf8.endIndex else { break }
            lineStart = utf8.index(after: lineEnd)
        }
        return unterminated()
    }

    private static func unterminated() -> ParsedConfig {
        var parsed = ParsedConfig()
        parsed.warnings = [("front matter opened on line 1 is not closed (no '---' line after it): not read as YAML",
                            Locator(byteOffset: 0, line: 1))]
        return parsed
    }
}
