import EvidenceKit

/// The tables a TOML file builds up, in file order, turned into a ``ConfigNode`` at the end.
struct TOMLTable {
    private var members: [(key: String, entry: Entry)] = []
    let locator: Locator

    private indirect enum Entry {
        case value(Value, line: Int)
        case table(TOMLTable)
        case tables([TOMLTable])
    }

    init(locator: Locator) {
        self.locator = locator
    }

    /// Sets a value; returns false when the key was already set (both are kept).
    mutating func set(_ path: [String], _ value: Value, line: Int) -> Bool {
        guard let first = path.first else { return true }
        if path.count == 1 {
            let fresh = !members.contains { $0.key == first }
            members.append((first, .value(value, line: line)))
            return fresh
        }
        return mutateChild(first, line: line) { $0.set(Array(path.dropFirst()), value, line: line) }
    }

    mutating func table(at path: [String], line: Int) {
        guard let first = path.first else { return }
        _ = mutateChild(first, line: line) { $0.table(at: Array(path.dropFirst()), line: line); return true }
    }

    mutating func appendTable(at path: [String], line: Int) {
        guard let first = path.first else { return }
        if path.count == 1 {
            if let index = members.lastIndex(where: { $0.key == first }), case .tables(var list) = members[index].entry {
                list.append(TOMLTable(locator: .init(line: line)))
                members[index].entry = .tables(list)
            } else {
                members.append((first, .tables([TOMLTable(locator: .init(line: line))])))
            }
            return
        }
        _ = mutateChild(first, line: line) { $0.appendTable(at: Array(path.dropFirst()), line: line); return true }
    }

    /// Applies `change` to the child table `key` (the last of an array of tables), creating it.
    private mutating func mutateChild(_ key: String, line: Int, _ change: (inout TOMLTable) -> Bool) -> Bool {
        if let index = members.lastIndex(where: { $0.key == key }) {
            switch members[index].entry {
            case .table(var table):
                let result = change(&table)
                members[index].entry = .table(table)
                return result
            case .tables(var list) where !list.isEmpty:
                let result = change(&list[list.count - 1])
                members[index].entry = .tables(list)
                return result
            default: break
            }
        }
        var table = TOMLTable(locator: Locator(line: line))
        let result = change(&table)
        members.append((key, .table(table)))
        return result
    }

    var node: ConfigNode {
        .object(members.map { member in
            switch member.entry {
            case .value(let value, let line): return ConfigMember(key: member.key, node: Self.node(value, Locator(line: line)))
            case .table(let table): return ConfigMember(key: member.key, node: table.node)
            case .tables(let list): return ConfigMember(key: member.key, node: .array(list.map(\.node), locator))
            }
        }, locator)
    }

    private static func node(_ value: Value, _ locator: Locator) -> ConfigNode {
        switch value {
        case .list(let items): return .array(items.map { node($0, locator) }, locator)
        case .object(let object):
            return .object(object.keys.sorted().map { ConfigMember(key: $0, node: node(object[$0]!, locator)) }, locator)
        default: return .scalar(value, locator)
        }
    }
}
