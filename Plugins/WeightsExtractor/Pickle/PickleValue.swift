/// A value on the emulated pickle stack. Containers and strings live in the machine's arena and
/// are named by index, so a value is small, copying it copies a reference (as Python does), and a
/// list that holds itself is just an index: nothing is ever expanded.
enum PickleValue: Hashable, Sendable {
    case none
    case bool(Bool)
    case int(Int64)
    /// An integer wider than 64 bits: only its size in bytes is kept.
    case bigInt(bytes: Int)
    case float(Double)
    /// Bytes (`bytes`, `bytearray`, out-of-band buffers): only their length is kept.
    case bytes(length: Int64)
    /// An object of the arena: a string, a container, a global, an instance, a persistent id.
    case object(Int)
}

/// What the arena holds.
enum PickleObject: Sendable {
    /// Text, as kept (`cut` when longer than what is kept).
    case text(String, cut: Bool)
    case tuple([PickleValue])
    /// Mutable containers: their contents live in the machine's ``PickleContainer`` table (by
    /// index), so that appending grows them in place.
    case list(Int)
    case dict(Int)
    case set(Int)
    /// A global (`module.name`) the pickle names: never imported, never called.
    case global(PickleGlobal)
    /// What calling a global would have made (`REDUCE`, `NEWOBJ`, `INST`, `OBJ`), with the
    /// state `BUILD` would have given it and the items `SETITEMS` or `APPENDS` would have added —
    /// none of it ever done.
    case instance(PickleInstance)
    /// A persistent id (PyTorch's reference to a storage record).
    case persistent(PickleValue)
}

/// A global a pickle names, where, and whether a tensor checkpoint may name it.
struct PickleGlobal: Sendable, Hashable {
    let module: String
    let name: String
    /// The opcode that named it (`GLOBAL`, `STACK_GLOBAL`, `INST`, `EXT1`…).
    let opcode: String
    /// Its offset in the pickle.
    let offset: Int64
    let allowed: Bool

    var qualifiedName: String { module.isEmpty ? name : "\(module).\(name)" }
}

/// An object a call would have built; what `SETITEMS` and `APPENDS` would have given it is in
/// its container.
struct PickleInstance: Sendable {
    var callee: PickleValue
    var arguments: PickleValue
    var state: PickleValue?
    let container: Int
    let offset: Int64
}

/// The contents of a list, set or dict — or the items and pairs a call's result received.
struct PickleContainer: Sendable {
    var items: [PickleValue] = []
    var keys: [PickleValue] = []
    var values: [PickleValue] = []
}
