import EvidenceKit

/// Sibling values of one object or list, read in file order, and whether they are data rather
/// than configuration: a **uniform collection** — a vocabulary (word → id), a merges list, a
/// list of ids — is summarized, not flattened into entries, and no recognizer reads its keys as
/// settings (a vocabulary holds the words `beta`, `gamma`, `seed` with token ids as values).
///
/// The rule, decided on the first ``minimumEntries`` siblings:
/// - there are at least ``minimumEntries`` of them;
/// - every value is a scalar, all of one type (integers, floats, strings, booleans or nulls) —
///   or every item of a list is a row of at most ``maxRowWidth`` scalars (a merge pair,
///   a Unigram `[token, score]`), each column of one type;
/// - and the keys are not configuration-shaped: the collection is a list (keys are positions);
///   or its values are distinct non-negative integers and at least one key is not an identifier
///   (`[A-Za-z_][A-Za-z0-9_.-]*`) — a word → id map: every real vocabulary holds `[PAD]`, `<s>`,
///   `!` or `Ġthe` among its first words, whatever the rest are; or at least one key in ten is not
///   an identifier.
///
/// So a flat `.env` of a hundred string settings, a dump of a hundred hyperparameters, or a map
/// of a hundred `name: number` settings stays configuration; a vocabulary of any size, or a list
/// of a hundred strings, does not.
struct UniformRun {
    /// Siblings needed before a collection can be uniform, and the window the rule is decided on.
    static let minimumEntries = 64
    /// The widest row of a list of rows.
    static let maxRowWidth = 4

    /// What the collection is, once decided.
    enum Verdict: Equatable {
        case undecided
        case configuration
        case uniform(Kind)
    }

    /// The kinds of uniform collection.
    enum Kind: String {
        case wordToID = "word_to_id"
        case map
        case list
    }

    /// Whether the keys are list positions (the streaming reader learns it as it goes: an object
    /// whose keys run 0, 1, 2… is read as a list).
    var isList: Bool
    private(set) var verdict = Verdict.undecided
    private(set) var members = 0
    private var columnTypes: [String: String] = [:]
    private var nonIdentifierKeys = 0
    private var ids = Set<Int64>()
    private var distinctIDs = true
    private var rows: Bool?

    init(isList: Bool) {
        self.isList = isList
    }

    /// Takes the next sibling: `key` (an object key, or a list position), `column` (the position
    /// inside a row, or `nil` when the sibling is a scalar itself), `value`. `newMember` is false
    /// for the second and later cells of one row. Returns the verdict so far.
    @discardableResult
    mutating func observe(key: String, column: String?, value: Value, newMember: Bool = true) -> Verdict {
        guard verdict == .undecided else { return verdict }
        if newMember { members += 1 }
        let type = EntryRecorder.typeName(value)
        let slot = column ?? ""
        if column.map({ Int($0).map { $0 >= Self.maxRowWidth } ?? true }) ?? false || isObjectOrList(value) {
            verdict = .configuration
            return verdict
        }
        if newMember, rows.map({ $0 != (column != nil) }) ?? false {
            verdict = .configuration
            return verdict
        }
        if newMember { rows = column != nil }
        if let known = columnTypes[slot], known != type {
            verdict = .configuration
            return verdict
        }
        columnTypes[slot] = type
        if !isList {
            if !Self.isIdentifier(key) { nonIdentifierKeys += 1 }
            if case .integer(let id) = value, id >= 0, distinctIDs { distinctIDs = ids.insert(id).inserted } else { distinctIDs = false }
        }
        if members >= Self.minimumEntries, newMember { decide() }
        return verdict
    }

    /// Counts a member taken after the verdict (its value folded into a summary).
    mutating func countMember() {
        members += 1
    }

    private mutating func decide() {
        if isList {
            verdict = .uniform(.list)
        } else if distinctIDs, columnTypes.count == 1, nonIdentifierKeys > 0 {
            verdict = .uniform(.wordToID)
        } else if nonIdentifierKeys * 10 >= members {
            verdict = .uniform(.map)
        } else {
            verdict = .configuration
        }
        ids = []
    }

    private func isObjectOrList(_ value: Value) -> Bool {
        switch value {
        case .object, .list: return true
        default: return false
        }
    }

    /// Whether `key` reads as a configuration key: ASCII letters, digits, `_`, `.`, `-`, not
    /// starting with a digit, `.` or `-`.
    static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return key.utf8.allSatisfy { isLetter($0) || (0x30...0x39).contains($0) || $0 == 0x5F || $0 == 0x2E || $0 == 0x2D }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}

extension ConfigNode {
    /// Whether this object or list is a uniform collection (``UniformRun``), from its first
    /// members.
    var uniformKind: UniformRun.Kind? {
        var run: UniformRun
        switch self {
        case .scalar: return nil
        case .object(let members, _):
            run = UniformRun(isList: false)
            for member in members.prefix(UniformRun.minimumEntries) {
                guard case .scalar(let value, _) = member.node else { return nil }
                run.observe(key: member.key, column: nil, value: value)
            }
        case .array(let items, _):
            run = UniformRun(isList: true)
            for (index, item) in items.prefix(UniformRun.minimumEntries).enumerated() {
                switch item {
                case .scalar(let value, _): run.observe(key: String(index), column: nil, value: value)
                case .array(let cells, _):
                    guard !cells.isEmpty else { return nil }
                    for (column, cell) in cells.enumerated() {
                        guard case .scalar(let value, _) = cell else { return nil }
                        run.observe(key: String(index), column: String(column), value: value, newMember: column == 0)
                    }
                case .object: return nil
                }
            }
        }
        if case .uniform(let kind) = run.verdict { return kind }
        return nil
    }
}
