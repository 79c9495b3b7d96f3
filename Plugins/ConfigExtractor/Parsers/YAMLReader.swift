import EvidenceKit
import Foundation
import Yams

/// YAML through Yams (libyaml), multi-document, anchors and aliases resolved — into
/// ``ConfigNode``s with line and column.
///
/// Yams composes recursively, so a document nested deeper than the budget is refused before it
/// is parsed (a cheap scan of indentation and flow brackets), instead of risking the stack.
enum YAMLReader {
    /// Nodes converted per file at most: aliases let a few lines stand for billions of nodes.
    static let maxNodes = 200_000

    /// The documents, and whether alias expansion was cut at ``maxNodes``.
    static func documents(_ text: String, maxDepth: Int) throws -> (documents: [ConfigNode], truncated: Bool) {
        if let deepLine = nestingBeyond(maxDepth, in: text) {
            throw ConfigParseError(message: "nesting deeper than \(maxDepth) levels: not parsed", locator: Locator(line: deepLine))
        }
        do {
            var budget = maxNodes
            // Yams' compose_all ends quietly at the first error; the parser itself reports it.
            let parser = try Parser(yaml: text)
            var documents: [ConfigNode] = []
            while let node = try parser.nextRoot() {
                documents.append(convert(node, budget: &budget))
            }
            return (documents, budget < 0)
        } catch let error as YamlError {
            throw ConfigParseError(message: "YAML: \(describe(error))", locator: locator(of: error))
        }
    }

    private static func convert(_ node: Node, budget: inout Int) -> ConfigNode {
        let place = Locator(line: node.mark.map { $0.line }, column: node.mark.map { $0.column })
        budget -= 1
        guard budget >= 0 else { return .scalar(.null, place) }
        switch node {
        case .scalar(let scalar):
            return .scalar(typed(scalar, node), place)
        case .mapping(let mapping):
            var members: [ConfigMember] = []
            for (key, value) in mapping {
                guard budget >= 0 else { break }
                members.append(ConfigMember(key: key.string ?? "\(key)", node: convert(value, budget: &budget)))
            }
            return .object(members, place)
        case .sequence(let sequence):
            var items: [ConfigNode] = []
            for item in sequence {
                guard budget >= 0 else { break }
                items.append(convert(item, budget: &budget))
            }
            return .array(items, place)
        }
    }

    private static func typed(_ scalar: Node.Scalar, _ node: Node) -> Value {
        if scalar.style == .plain {
            if node.null != nil { return .null }
            if let flag = node.bool { return .bool(flag) }
            if let number = node.int { return .integer(Int64(number)) }
            if let number = node.float { return .float(number) }
        }
        return .string(scalar.string)
    }

    /// The first line whose indentation or open flow brackets exceed `limit`, if any.
    private static func nestingBeyond(_ limit: Int, in text: String) -> Int? {
        var flow = 0
        var lineNumber = 1
        var indent = 0
        var atLineStart = true
        for byte in text.utf8 {
            switch byte {
            case 0x0A:
                lineNumber += 1
                indent = 0
                atLineStart = true
                continue
            case 0x20 where atLineStart:
                indent += 1
                if indent / 2 > limit { return lineNumber }
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
                if flow > limit { return lineNumber }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flow = max(0, flow - 1)
            default: break
            }
            atLineStart = false
        }
        return nil
    }

    private static func describe(_ error: YamlError) -> String {
        "\(error)".split(separator: "\n").first.map(String.init) ?? "unreadable"
    }

    private static func locator(of error: YamlError) -> Locator {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return Locator(line: mark.line, column: mark.column)
        default:
            return .whole
        }
    }
}
