import EvidenceKit
import Foundation

/// A parsed file as the recognizers see it: its name, format and root node.
struct ConfigDocument {
    let fileName: String
    let format: ConfigFormat
    let root: ConfigNode

    /// The most leaves the recognizers look at: a tree built from aliases can unfold without end.
    static let maxLeaves = 100_000

    /// Scalar leaves with their key paths (object keys; array positions as numbers), in file
    /// order, up to ``maxLeaves``.
    func leaves() -> [(path: [String], value: Value, locator: Locator)] {
        var out: [(path: [String], value: Value, locator: Locator)] = []
        func walk(_ node: ConfigNode, _ path: [String]) {
            guard out.count < Self.maxLeaves else { return }
            switch node {
            case .scalar(let value, let locator): out.append((path, value, locator))
            case .array(let items, _): for (index, item) in items.enumerated() { walk(item, path + [String(index)]) }
            case .object(let members, _): for member in members { walk(member.node, path + [member.key]) }
            }
        }
        walk(root, [])
        return out
    }
}
