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

    /// Calls `body` with each scalar leaf — its key path (object keys; array positions as
    /// numbers), value and place — in file order, up to ``maxLeaves``. One path is held at a
    /// time (a list of every leaf's path cost the tree's depth times its leaves), and the clock
    /// is checked as it goes.
    ///
    /// - Throws: ``EvidenceError/limitReached(limit:detail:)`` when the time budget runs out.
    func forEachLeaf(_ body: (_ path: [String], _ value: Value, _ locator: Locator) throws -> Void) throws {
        var path: [String] = []
        var visited = 0
        // The tree's depth is bounded by its parser (`maxNestingDepth`).
        func walk(_ node: ConfigNode) throws {
            guard visited < Self.maxLeaves else { return }
            switch node {
            case .scalar(let value, let locator):
                visited += 1
                if visited % 4096 == 0 { try limits.checkDeadline() }
                try body(path, value, locator)
            case .array(let items, _):
                for (index, item) in items.enumerated() {
                    path.append(String(index))
                    defer { path.removeLast() }
                    try walk(item)
                }
            case .object(let members, _):
                for member in members {
                    path.append(member.key)
                    defer { path.removeLast() }
                    try walk(member.node)
                }
            }
        }
        try walk(root)
    }
}
