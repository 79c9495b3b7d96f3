import EvidenceKit

/// The tables a TOML file builds up, in file order, turned into a ``ConfigNode`` at the end.
///
/// A class, and each key found through a dictionary: a file of 300,000 `[tN]` tables looked each
/// new name up by scanning the tables before it, and re-copied an array of tables on each
/// `[[name]]` (179 s for 4.7 MB). Paths are as long as the reader allows (the nesting budget),
/// so the recursion over them is bounded.
final class TOMLTable {
    private var members: [(key: String, entry: Entry)] = []
    /// The last member under each key.
    private var lastIndex: [String: Int] = [:]
    let locator: Locator

    private enum Entry {
        case value(Value, line: Int)
        case table(TOMLTable)
        case tables(TOMLTableArray)
    }

    init(locator: Locator) {
        self.locator = locator
    }

    /// Sets a value; returns false when the key was already set (both are kept).
    func set(_ path: ArraySlice<String>, _ value: Value, line: Int) -> Bool {
        guard let first = path.first else { return true }
        guard path.count > 1 else {
            let fresh = lastIndex[first] == nil
            append(first, .value(value, line: line))
            return fresh
        }
        return child(first, line: line).set(path.dropFirst(), value, line: line)
    }

    /// The table at `path` (`[a.b]`), made if missing.
    func table(at path: ArraySlice<String>, line: Int) {
        guard let first = path.first else { return }
        child(first, line: line).table(at: path.dropFirst(), line: line)
    }

    /// A new table at the end of the array of tables at `path` (`[[a.b]]`).
    func appendTable(at path: ArraySlice<String>, line: Int) {
        guard let first = path.first else { return }
        guard path.count > 1 else {
            let table = TOMLTable(locator: Locator(line: line))
            if let index = lastIndex[first], case .tables(let array) = members[index].entry {
                array.tables.append(table)
            } else {
                let array = TOMLTableArray()
                array.tables.append(table)
                append(first, .tables(array))
            }
            return
        }
        child(first, line: line).appendTable(at: path.dropFirst(), line: line)
    }

    /// The child table `key` (the last of an array of tables), made if missing.
    private func child(_ key: String, line: Int) -> TOMLTable {
        if let index = lastIndex[key] {
            switch members[index].entry {
            case .table(let table): return table
            case .tables(let array) where !array.tables.isEmpty: return array.tables[array.tables.count - 1]
            default: break
            }
        }
        let table = TOMLTable(locator: Locator(line: line))
        append(key, .table(table))
        return table
    }

    private func append(_ key: String, _ entry: Entry) {
        lastIndex[key] = members.count
        members.append((key, entry))
    }

    var node: ConfigNode {
        .object(members.map { member in
            switch member.entry {
            case .value(let value, let line): return ConfigMember(key: member.key, node: Self.node(value, Locator(line: line)))
            case .table(let table): return ConfigMember(key: member.key, node: table.node)
            case .tables(let array): return ConfigMember(key: member.key, node: .array(array.tables.map(\.node), locator))
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
