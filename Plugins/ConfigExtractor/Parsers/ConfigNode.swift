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

    /// The scalar value, or a list of scalars for an array of scalars.
    var value: Value? {
        switch self {
        case .scalar(let value, _): return value
        case .array(let items, _):
            let values = items.compactMap { item -> Value? in if case .scalar(let value, _) = item { return value } else { return nil } }
            return values.count == items.count ? .list(values) : nil
        case .object(let members, _):
            var object: [String: Value] = [:]
            for member in members { if let value = member.node.value, object[member.key] == nil { object[member.key] = value } }
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
