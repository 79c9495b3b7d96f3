import EvidenceKit

/// A parsed configuration document, whatever its format: objects keep their keys in file order
/// (duplicates included), and every node keeps its place in the file.
indirect enum ConfigNode {
    case object([ConfigMember], Locator)
    case array([ConfigNode], Locator)
    case scalar(Value, Locator)

    var locator: Locator {
        switch self {
        case .object(_, let locator), .array(_, let locator), .scalar(_, let locator): return locator
        }
    }

    /// The first value under `key` of an object.
    subscript(key: String) -> ConfigNode? {
        guard case .object(let members, _) = self else { return nil }
        return members.first { $0.key == key }?.node
    }

    /// The node at a `/`-separated path of object keys.
    func at(_ path: String) -> ConfigNode? {
        path.split(separator: "/").reduce(Optional(self)) { node, key in node?[String(key)] }
    }

    /// How deep a value the recognizers copy out of a tree (into a finding's attributes): a
    /// subtree nested deeper is left out, so that no finding carries a value too deep for the
    /// JSON readers and writers downstream (Foundation's stop at 512 levels).
    static let maxValueDepth = 64

    /// The scalar value, a list of scalars for an array of scalars, or an object of the values
    /// of an object's members (their first occurrence; members deeper than ``maxValueDepth``
    /// levels left out).
    var value: Value? { value(depth: 0) }

    private func value(depth: Int) -> Value? {
        switch self {
        case .scalar(let value, _): return value
        case .array(let items, _):
            let values = items.compactMap { item -> Value? in if case .scalar(let value, _) = item { return value } else { return nil } }
            return values.count == items.count ? .list(values) : nil
        case .object(let members, _):
            guard depth < Self.maxValueDepth else { return nil }
            var object: [String: Value] = [:]
            for member in members where object[member.key] == nil {
                if let value = member.node.value(depth: depth + 1) { object[member.key] = value }
            }
            return .object(object)
        }
    }

    /// The object's keys, in file order.
    var keys: [String] {
        guard case .object(let members, _) = self else { return [] }
        return members.map(\.key)
    }
}

/// One key of an object and its value. (A struct, not a tuple: the compiler mishandles a
/// recursive enum whose payload is an array of tuples holding the enum.)
struct ConfigMember {
    let key: String
    let node: ConfigNode
}
