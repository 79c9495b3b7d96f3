import EvidenceKit
import Foundation

/// The configuration formats, told apart by name first and content where the name is silent.
/// Markdown is read for its YAML front matter only.
enum ConfigFormat: String {
    case json, jsonl, yaml, toml, ini, env, properties, markdown

    /// The format of a file called `name` whose first bytes decode to `head`; `headIsWhole` says
    /// whether that is the whole file (if not, its last line may be cut and is not looked at).
    static func of(name: String, head: String, headIsWhole: Bool) -> ConfigFormat? {
        let lowered = name.lowercased()
        let ext = (lowered as NSString).pathExtension
        switch ext {
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "yaml", "yml": return .yaml
        case "toml": return .toml
        case "ini", "cfg", "conf": return .ini
        case "properties": return .properties
        case "env": return .env
        case "md", "markdown": return .markdown
        // A notebook is JSON, but the notebook extractor's: its cells are not settings.
        case "ipynb": return nil
        default: break
        }
        if lowered == ".env" || lowered.hasPrefix(".env.") { return .env }
        if lowered == ".flake8" { return .ini }
        return sniff(headIsWhole ? head : String(head[..<(head.lastIndex(of: "\n") ?? head.startIndex)]))
    }

    /// By content: JSON, JSON Lines, YAML, INI or `.env`, from the first meaningful lines.
    static func sniff(_ text: String) -> ConfigFormat? {
        // The first 20 lines only: splitting the whole of a large file made a list of every line.
        let lines = text.split(separator: "\n", maxSplits: 20, omittingEmptySubsequences: true).prefix(20)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard let first = lines.first else { return nil }
        if first.hasPrefix("{") || first.hasPrefix("[") && !first.hasSuffix("]") {
            let objectLines = lines.filter { $0.hasPrefix("{") && $0.hasSuffix("}") }
            return objectLines.count >= 2 && objectLines.count == lines.count ? .jsonl : .json
        }
        if first.hasPrefix("[") && first.hasSuffix("]") { return .ini }
        if first == "---" || lines.allSatisfy({ $0.hasPrefix("- ") || $0.range(of: "^[A-Za-z0-9_.\"'-]+:( |$)", options: .regularExpression) != nil }) {
            return .yaml
        }
        if lines.allSatisfy({ $0.range(of: "^(export )?[A-Za-z_][A-Za-z0-9_]*=", options: .regularExpression) != nil }) {
            return .env
        }
        return nil
    }
}
