import EvidenceFormats
import Crypto
import EvidenceKit
import Foundation

/// The leaves of one collection as they stream past the ``EntryRecorder``: held back (at most
/// ``UniformRun/minimumEntries`` members) until ``UniformRun`` has decided whether the collection
/// is configuration — then they are released as entries — or a uniform collection, which is
/// summarized in one `config.map` finding: its size, value types and SHA-256.
struct SiblingRun {
    /// One leaf held back.
    typealias Leaf = (pointer: String, value: Value, locator: Locator)

    /// The JSON pointer of the collection.
    let key: String
    private(set) var rule: UniformRun
    private(set) var held: [Leaf] = []
    private var digest = SHA256()
    private var types = Set<String>()
    private var first: Locator?
    private var lastMember: String?
    /// Whether the memory budget stopped the collection's reading: its count and digest then
    /// cover its first members only.
    private var cut = false

    init(key: String, firstMember: String) {
        self.key = key
        rule = UniformRun(isList: firstMember == "0")
    }

    /// Where a leaf's siblings are: the collection (`/model/vocab` for `/model/vocab/beta`, or a
    /// list of rows, `/model/merges` for `/model/merges/7/1`), the member, and the column of a row.
    static func place(of pointer: String) -> (collection: String, member: String, column: String?) {
        guard let slash = pointer.lastIndex(of: "/") else { return ("", pointer, nil) }
        let parent = pointer[..<slash]
        let last = pointer[pointer.index(after: slash)...]
        if Int(last) != nil, let upper = parent.lastIndex(of: "/"), Int(parent[parent.index(after: upper)...]) != nil {
            return (String(parent[..<upper]), String(parent[parent.index(after: upper)...]), String(last))
        }
        return (String(parent), String(last), nil)
    }

    /// Takes a leaf of this collection; returns the verdict so far. Leaves are held while it is
    /// undecided, and folded into the digest once it is uniform (``release()`` then gives them
    /// back once, for their credentials to be looked at).
    mutating func take(_ leaf: Leaf, member: String, column: String?) -> UniformRun.Verdict {
        let newMember = member != lastMember
        if newMember, rule.isList, member != String(rule.members) { rule.isList = false }
        lastMember = member
        let verdict = rule.observe(key: member, column: column, value: leaf.value, newMember: newMember)
        if first == nil { first = leaf.locator }
        switch verdict {
        case .undecided:
            held.append(leaf)
        case .uniform:
            held.append(leaf)
            for leaf in held { fold(leaf) }
        case .configuration:
            held.append(leaf)
        }
        return verdict
    }

    /// Releases the leaves held back (to be recorded as entries, or scanned for credentials).
    mutating func release() -> [Leaf] {
        defer { held = [] }
        return held
    }

    private mutating func fold(_ leaf: Leaf) {
        let relative = leaf.pointer.dropFirst(key.count + 1)
        var name = String(relative)
        if name.utf8.contains(UInt8(ascii: "~")) {
            name = name.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        digest.update(data: Data("\(name)\t\(leaf.value)\n".utf8))
        types.insert(EntryRecorder.typeName(leaf.value))
    }

    /// Folds a leaf once the collection is known to be uniform.
    mutating func absorb(_ leaf: Leaf, member: String) {
        if member != lastMember { rule.countMember() }
        lastMember = member
        fold(leaf)
    }

    /// Marks the collection as read only in part (the memory budget ran out within it).
    mutating func markCut() {
        cut = true
    }

    /// The `config.map` finding of a uniform collection, or `nil` if it is not one.
    func summary(format: ConfigFormat) -> Finding? {
        guard case .uniform(let kind) = rule.verdict else { return nil }
        let what: String
        switch kind {
        case .wordToID: what = "word → id map"
        case .map: what = "map"
        case .list: what = "list"
        }
        var locator = first ?? Locator()
        locator.jsonPointer = key
        let typeNames = types.sorted()
        var attributes: [String: Value] = [
            "key": .string(key), "kind": .string(kind.rawValue), "entries": .integer(Int64(rule.members)),
            "value_types": .list(typeNames.map(Value.string)), "sha256": .string(LowerHex.text(digest.finalize())),
            "format": .string(format.rawValue),
        ]
        if cut { attributes["complete"] = false }
        return Finding("config.map",
                       summary: "\(key.isEmpty ? "/" : key): \(what) of \(rule.members) entries (\(typeNames.joined(separator: ", "))), "
                           + "summarized, not recorded entry by entry"
                           + (cut ? " — cut at the memory budget: the count and digest cover the first entries only" : ""),
                       attributes: attributes, at: locator)
    }
}
