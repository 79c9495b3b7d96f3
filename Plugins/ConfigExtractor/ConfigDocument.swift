import EvidenceKit
import Foundation

/// A parsed file as the recognizers see it: its name, format and root node, and the limits
/// they run under.
struct ConfigDocument {
    let fileName: String
    let format: ConfigFormat
    let root: ConfigNode
    var limits = ExtractionLimits()

    /// The most leaves the recognizers look at: a tree built from aliases can unfold without end.
    static let maxLeaves = 100_000

    /// Whether the document is a Hugging Face `tokenizer.json`: its `model` holds a `vocab`.
    var isTokenizer: Bool {
        root["model"]?["vocab"] != nil && (root["model"]?["type"] != nil || root["added_tokens"] != nil)
    }

    /// The parts of a tokenizer that are data, not settings, whatever their size.
    private static let tokenizerData: Set<[String]> = [["model", "vocab"], ["model", "merges"], ["added_tokens"]]

    /// Calls `body` with each scalar leaf of the configuration — its key path (object keys; array
    /// positions as numbers), value and place — in file order, up to ``maxLeaves``. Data is
    /// passed over: a uniform collection (``UniformRun``: a vocabulary, a merges list) and a
    /// tokenizer's vocabulary, merges and added tokens, so that no recognizer reads a word of a
    /// vocabulary as a setting. One path is held at a time (a list of every leaf's path cost the
    /// tree's depth times its leaves), and the clock is checked as it goes.
    ///
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the time budget runs out.
    func forEachLeaf(_ body: (_ path: [String], _ value: Value, _ locator: Locator) throws -> Void) throws {
        var path: [String] = []
        var visited = 0
        let tokenizer = isTokenizer
        // The tree's depth is bounded by its parser (`maxNestingDepth`).
        func walk(_ node: ConfigNode) throws {
            guard visited < Self.maxLeaves else { return }
            switch node {
            case .scalar(let value, let locator):
                visited += 1
                if visited % 4096 == 0 { try limits.checkDeadline() }
                try body(path, value, locator)
            case .array(let items, _):
                for (index, item) in items.enumerated() where item.uniformKind == nil {
                    path.append(String(index))
                    defer { path.removeLast() }
                    try walk(item)
                }
            case .object(let members, _):
                for member in members where member.node.uniformKind == nil {
                    path.append(member.key)
                    if tokenizer, Self.tokenizerData.contains(path) {
                        path.removeLast()
                        continue
                    }
                    defer { path.removeLast() }
                    try walk(member.node)
                }
            }
        }
        guard root.uniformKind == nil else { return }
        try walk(root)
    }
}
