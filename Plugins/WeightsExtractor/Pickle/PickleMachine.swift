import EvidenceKit
import Foundation

/// A pickle read by emulating its opcodes on a stack — never unpickled. Every opcode of
/// protocols 0 to 5 is understood; globals are recorded, never imported; calls (`REDUCE`,
/// `NEWOBJ`, `INST`, `OBJ`) and `BUILD` are recorded as what they would have made, never made.
/// The result is a graph of ``PickleValue``s in an arena from which the checkpoint's tensors are
/// read (``CheckpointTable``).
///
/// Bounded against hostile pickles: the arena, the stack, the memo and kept text are counted
/// against a budget of units, and the arena's objects against the budget's `parsed_nodes` (a memo
/// bomb or a billion appends stops with a limit, never a crash); integers past 64 bits keep only
/// their size; long strings keep their start; nothing recurses.
final class PickleMachine {
    /// A global the pickle named that a checkpoint may not, and whether it would have been called.
    struct UnsafeGlobal {
        let global: PickleGlobal
        /// The absolute offset of the opcode in the artifact.
        let absoluteOffset: Int64
        var calledWith: String?
    }

    /// The most text kept of one string.
    static let keptText = 4096

    let reader: ForwardReader
    /// Where the pickle's bytes end (the record's end), if known.
    private let end: Int64?
    /// The offset of the pickle's first byte.
    let base: Int64
    private let policy: PickleGlobalPolicy
    private let limits: ExtractionLimits
    private let maxUnits: Int

    var objects: [PickleObject] = []
    var containers: [PickleContainer] = []
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [UInt32: PickleValue] = [:]
    var units = 0
    private(set) var unsafe: [UnsafeGlobal] = []
    /// Indices into ``unsafe`` of each unsafe global object.
    var unsafeIndex: [Int: Int] = [:]
    private(set) var opcodes = 0
    /// The protocol the pickle declares.
    var proto: Int = 0

    init(reader: ForwardReader, end: Int64?, policy: PickleGlobalPolicy, limits: ExtractionLimits) {
        self.reader = reader
        self.end = end
        self.base = reader.offset
        self.policy = policy
        self.limits = limits
        maxUnits = max(limits.maxInMemoryBytes / 16, 1 << 16)
    }

    /// What is left on the stack and in the memo: roots for salvaging tensors from a pickle that
    /// could not be read to its end.
    var leftovers: [PickleValue] { stack + memo.keys.sorted().compactMap { memo[$0] } }

    /// Runs to `STOP` and returns the pickled value.
    func run() throws -> PickleValue {
        while true {
            opcodes += 1
            if opcodes % 4096 == 0 { try limits.checkDeadline() }
            let at = reader.offset
            let code = try byte()
            if let result = try step(code, at: at) { return result }
        }
    }

    // MARK: Reading

    func ensure(_ count: Int64, _ what: String) throws {
        if let end, reader.offset + count > end {
            throw WeightsExtractorError.truncated(what: what, offset: end, needed: reader.offset + count - end)
        }
    }

    func byte() throws -> UInt8 {
        try ensure(1, "an opcode")
        return try reader.bytes(1, for: "an opcode")[0]
    }

    func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        try ensure(Int64(MemoryLayout<T>.size), "an argument")
        return try reader.integer(type, for: "an opcode argument")
    }

    /// A protocol-0 argument: bytes up to a newline (at most 64 KiB).
    func line() throws -> String {
        var bytes: [UInt8] = []
        while true {
            let next = try byte()
            if next == 0x0A { return String(decoding: bytes, as: UTF8.self) }
            bytes.append(next)
            if bytes.count > 65_536 {
                throw WeightsExtractorError.malformed(what: "a text argument", offset: reader.offset, reason: "no newline in 64 KiB")
            }
        }
    }

    /// `length` bytes of text, keeping at most ``keptText``.
    func text(_ length: UInt64) throws -> PickleValue {
        guard length <= UInt64(Int64.max) else {
            throw WeightsExtractorError.tooLarge(what: "a string", offset: reader.offset, declared: "\(length) bytes", limit: "2^63")
        }
        try ensure(Int64(length), "a string")
        let kept = Int(min(length, UInt64(Self.keptText)))
        let text = String(decoding: try reader.bytes(kept, for: "a string"), as: UTF8.self)
        if length > UInt64(kept) { try reader.skip(Int64(length) - Int64(kept)) }
        return try make(.text(text, cut: length > UInt64(kept)), units: 1 + kept / 16)
    }

    func skipBytes(_ length: UInt64) throws -> PickleValue {
        guard length <= UInt64(Int64.max) else {
            throw WeightsExtractorError.tooLarge(what: "bytes", offset: reader.offset, declared: "\(length) bytes", limit: "2^63")
        }
        try ensure(Int64(length), "bytes")
        let skipped = try reader.skip(Int64(length))
        if skipped < Int64(length) { throw WeightsExtractorError.truncated(what: "bytes", offset: reader.offset, needed: Int64(length) - skipped) }
        return .bytes(length: Int64(length))
    }

    // MARK: The arena

    func charge(_ count: Int) throws {
        units += count
        guard units <= maxUnits else {
            throw EvidenceError.limitReached(limit: "memory_bytes",
                                             detail: "the pickle builds more than \(maxUnits) values: emulation stopped")
        }
    }

    func make(_ object: PickleObject, units count: Int = 1) throws -> PickleValue {
        try charge(count)
        guard objects.count < limits.maxParsedNodes else {
            throw EvidenceError.limitReached(limit: "parsed_nodes",
                                             detail: "the pickle builds more than \(limits.maxParsedNodes) objects: emulation stopped")
        }
        objects.append(object)
        return .object(objects.count - 1)
    }

    /// A new, empty container.
    func container(items: [PickleValue] = [], keys: [PickleValue] = [], values: [PickleValue] = []) throws -> Int {
        try charge(1 + items.count + keys.count)
        containers.append(PickleContainer(items: items, keys: keys, values: values))
        return containers.count - 1
    }

    func push(_ value: PickleValue) throws {
        try charge(1)
        stack.append(value)
    }

    func pop(_ at: Int64) throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.popLast() else {
            throw WeightsExtractorError.malformed(what: "the pickle", offset: at, reason: "the stack is empty")
        }
        return value
    }

    func popMark(_ at: Int64) throws -> [PickleValue] {
        guard let mark = marks.popLast(), mark <= stack.count else {
            throw WeightsExtractorError.malformed(what: "the pickle", offset: at, reason: "no mark on the stack")
        }
        let items = Array(stack[mark...])
        stack.removeSubrange(mark...)
        return items
    }

    func top(_ at: Int64) throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.last else {
            throw WeightsExtractorError.malformed(what: "the pickle", offset: at, reason: "the stack is empty")
        }
        return value
    }

    /// The items of a tuple, list or set.
    func items(of index: Int) -> [PickleValue] {
        switch objects[index] {
        case .tuple(let items): return items
        case .list(let container), .set(let container): return containers[container].items
        default: return []
        }
    }

    func text(of value: PickleValue) -> String? {
        if case .object(let index) = value, case .text(let text, _) = objects[index] { return text }
        return nil
    }

    // MARK: Globals and calls

    func global(module: String, name: String, opcode: String, at: Int64) throws -> PickleValue {
        let allowed = policy.allows(module: module, name: name)
        let global = PickleGlobal(module: module, name: name, opcode: opcode, offset: at - base, allowed: allowed)
        let value = try make(.global(global))
        if !allowed, case .object(let index) = value {
            unsafeIndex[index] = unsafe.count
            unsafe.append(UnsafeGlobal(global: global, absoluteOffset: at, calledWith: nil))
        }
        return value
    }

    func call(_ callee: PickleValue, _ arguments: PickleValue, at: Int64) throws -> PickleValue {
        if case .object(let index) = callee, let entry = unsafeIndex[index], unsafe[entry].calledWith == nil {
            unsafe[entry].calledWith = preview(arguments)
        }
        return try make(.instance(PickleInstance(callee: callee, arguments: arguments, state: nil,
                                                 container: try container(), offset: at - base)))
    }

    /// A short, printable form of a value (the arguments a dangerous call would have had).
    func preview(_ value: PickleValue, budget: Int = 200) -> String {
        enum Piece { case value(PickleValue, Int), close }
        var out = ""
        var pieces: [Piece] = [.value(value, 0)]
        while let piece = pieces.popLast(), out.count < budget {
            guard case .value(let next, let depth) = piece else {
                if out.hasSuffix(", ") { out.removeLast(2) }
                out += "), "
                continue
            }
            switch next {
            case .none: out += "None"
            case .bool(let flag): out += flag ? "True" : "False"
            case .int(let number): out += String(number)
            case .bigInt(let bytes): out += "<int of \(bytes) bytes>"
            case .float(let number): out += String(number)
            case .bytes(let length): out += "<\(length) bytes>"
            case .object(let index):
                switch objects[index] {
                case .text(let text, _): out += "'" + text + "'"
                case .tuple, .list, .set:
                    let items = self.items(of: index)
                    guard depth < 4 else { out += "(…), "; continue }
                    out += "("
                    pieces.append(.close)
                    for item in items.reversed() { pieces.append(.value(item, depth + 1)) }
                    continue
                case .dict: out += "{…}"
                case .global(let global): out += global.qualifiedName
                case .instance: out += "<call>"
                case .persistent: out += "<persistent id>"
                }
            }
            out += ", "
        }
        if out.hasSuffix(", ") { out.removeLast(2) }
        return String(out.prefix(budget))
    }
}
