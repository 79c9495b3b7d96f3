import EvidenceFormats
import Crypto
import Foundation

/// The normalized form of a cell's source, whose SHA-256 lets a later comparison across parties
/// match a cell that was reformatted: for Python, its tokens without comments, blank lines and
/// spacing, with indentation as levels, strings without their quote style and trailing commas
/// dropped (what black, autopep8 and an editor change); for other cells, the text without
/// whitespace. Recipe `notebook-normalized-v1`: change the name with any change to the rules.
enum SourceNormalizer {
    static let recipe = "notebook-normalized-v1"

    static func python(_ tokens: [PythonToken]) -> String {
        var parts: [String] = []
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .comment: continue
            case .newline: if parts.last != "\n" { parts.append("\n") }
            case .indent: parts.append(">")
            case .dedent: parts.append("<")
            case .string(let prefix): parts.append("\(prefix)'\(token.text)'")
            case .op:
                if token.text == ",", let next = tokens.dropFirst(index + 1).first(where: { $0.kind != .comment }),
                   next.isOp(")") || next.isOp("]") || next.isOp("}") {
                    continue
                }
                parts.append(token.text)
            case .name: parts.append(token.text)
            case .number: parts.append(token.text.lowercased())
            }
        }
        // One space between tokens: the same tokens give the same text, however they were spaced.
        return parts.joined(separator: " ")
    }

    static func text(_ source: String) -> String {
        String(source.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }.map(Character.init))
    }

    static func sha256(_ normalized: String) -> String {
        LowerHex.text(SHA256.hash(data: Data(normalized.utf8)))
    }
}
