import EvidenceKit

/// `Codable` types to and from ``Value`` trees, keeping a value's type: a ``Value`` met on the
/// way (a finding's attributes) is taken as it is, never re-read through another type, so a float
/// stays a float. With ``WireJSON`` this carries the SDK's types exactly over the protocol.
public enum ValueCoder {
    /// `value` as a tree of values.
    public static func encode<T: Encodable>(_ value: T) throws -> Value {
        if let value = value as? Value { return value }
        let encoder = TreeEncoder()
        try value.encode(to: encoder)
        return encoder.storage.value
    }

    /// A `T` read from a tree of values.
    public static func decode<T: Decodable>(_ type: T.Type, from value: Value) throws -> T {
        if T.self == Value.self { return value as! T }
        return try T(from: TreeDecoder(value: value, codingPath: []))
    }
}

// MARK: Encoding

/// A node being built, shared by the containers that write into it; nested containers are
/// child nodes, resolved into one value at the end.
private final class Node {
    enum Content {
        case value(Value)
        case object([String: Node])
        case list([Node])
    }

    var content: Content = .value(.null)

    var value: Value {
        switch content {
        case .value(let value): return value
        case .object(let children): return .object(children.mapValues(\.value))
        case .list(let children): return .list(children.map(\.value))
        }
    }

    func child(_ key: String, _ content: Content) -> Node {
        let node = Node()
        node.content = content
        if case .object(var children) = self.content {
            children[key] = node
            self.content = .object(children)
        }
        return node
    }

    func appended(_ content: Content) -> Node {
        let node = Node()
        node.content = content
        if case .list(var children) = self.content {
            children.append(node)
            self.content = .list(children)
        }
        return node
    }
}

private final class TreeEncoder: Encoder {
    let storage: Node
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] = [:]

    init(_ storage: Node = Node()) {
        self.storage = storage
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = storage.content {} else { storage.content = .object([:]) }
        return KeyedEncodingContainer(KeyedWriter<Key>(node: storage, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .list = storage.content {} else { storage.content = .list([]) }
        return ListWriter(node: storage, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleWriter(node: storage, codingPath: codingPath)
    }
}

private func tree<T: Encodable>(_ value: T) throws -> Value {
    try ValueCoder.encode(value)
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: Node
    var codingPath: [any CodingKey]

    private func set(_ value: Value, _ key: Key) {
        _ = node.child(key.stringValue, .value(value))
    }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(.float(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(.float(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws { set(try tree(value), key) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                        forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(node: node.child(key.stringValue, .object([:])),
                                                      codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ListWriter(node: node.child(key.stringValue, .list([])), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node.child("super", .value(.null))) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { TreeEncoder(node.child(key.stringValue, .value(.null))) }
}

private struct ListWriter: UnkeyedEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]
    var count: Int {
        if case .list(let children) = node.content { return children.count }
        return 0
    }

    private func append(_ value: Value) {
        _ = node.appended(.value(value))
    }

    mutating func encodeNil() throws { append(.null) }
    mutating func encode(_ value: Bool) throws { append(.bool(value)) }
    mutating func encode(_ value: String) throws { append(.string(value)) }
    mutating func encode(_ value: Double) throws { append(.float(value)) }
    mutating func encode(_ value: Int) throws { append(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { append(.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { append(try tree(value)) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(KeyedWriter<NestedKey>(node: node.appended(.object([:])), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        ListWriter(node: node.appended(.list([])), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { TreeEncoder(node.appended(.value(.null))) }
}

private struct SingleWriter: SingleValueEncodingContainer {
    let node: Node
    var codingPath: [any CodingKey]

    private func set(_ value: Value) { node.content = .value(value) }

    mutating func encodeNil() throws { set(.null) }
    mutating func encode(_ value: Bool) throws { set(.bool(value)) }
    mutating func encode(_ value: String) throws { set(.string(value)) }
    mutating func encode(_ value: Double) throws { set(.float(value)) }
    mutating func encode(_ value: Float) throws { set(.float(Double(value))) }
    mutating func encode(_ value: Int) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { set(.integer(value)) }
    mutating func encode(_ value: Int32) throws { set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { set(.integer(Int64(value))) }
    mutating func encode<T: Encodable>(_ value: T) throws { set(try tree(value)) }
}

// MARK: Decoding

private struct TreeDecoder: Decoder {
    let value: Value
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw mismatch("an object") }
        return KeyedDecodingContainer(KeyedReader<Key>(object: object, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let values) = value else { throw mismatch("an array") }
        return ListReader(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleReader(value: value, codingPath: codingPath)
    }

    private func mismatch(_ expected: String) -> DecodingError {
        DecodingError.typeMismatch(Value.self, .init(codingPath: codingPath, debugDescription: "expected \(expected)"))
    }
}

/// A scalar read from a value, as the type asked for (an integer may be read as a float, a
/// float with an integral value as an integer).
private func scalar<T>(_ value: Value, as type: T.Type, _ codingPath: [any CodingKey]) throws -> T {
    let result: Any?
    switch (value, type) {
    case (.bool(let flag), is Bool.Type): result = flag
    case (.string(let text), is String.Type): result = text
    case (.integer(let number), is Int64.Type): result = number
    case (.integer(let number), is Int.Type): result = Int(exactly: number)
    case (.integer(let number), is Int32.Type): result = Int32(exactly: number)
    case (.integer(let number), is UInt32.Type): result = UInt32(exactly: number)
    case (.integer(let number), is Double.Type): result = Double(number)
    case (.float(let number), is Double.Type): result = number
    case (.float(let number), is Int64.Type): result = Int64(exactly: number)
    case (.float(let number), is Int.Type): result = Int(exactly: number)
    default: result = nil
    }
    guard let typed = result as? T else {
        throw DecodingError.typeMismatch(T.self, .init(codingPath: codingPath, debugDescription: "found \(value)"))
    }
    return typed
}

private func decodeTree<T: Decodable>(_ type: T.Type, _ value: Value, _ codingPath: [any CodingKey]) throws -> T {
    if T.self == Value.self { return value as! T }
    return try T(from: TreeDecoder(value: value, codingPath: codingPath))
}

private struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: [String: Value]
    var codingPath: [any CodingKey]
    var allKeys: [Key] { object.keys.compactMap(Key.init(stringValue:)) }

    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }

    private func value(_ key: Key) throws -> Value {
        guard let value = object[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "missing"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool { (try? value(key)) == .null }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try scalar(value(key), as: type, codingPath + [key]) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try scalar(value(key), as: type, codingPath + [key]) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeTree(type, value(key), codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: value(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: value(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(value: .object(object), codingPath: codingPath) }
    func superDecoder(forKey key: Key) throws -> any Decoder { TreeDecoder(value: try value(key), codingPath: codingPath + [key]) }
}

private struct Index: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct ListReader: UnkeyedDecodingContainer {
    let values: [Value]
    var codingPath: [any CodingKey]
    var currentIndex = 0
    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    private mutating func next() throws -> Value {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Value.self, .init(codingPath: codingPath, debugDescription: "the array ended"))
        }
        defer { currentIndex += 1 }
        return values[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, values[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try scalar(next(), as: type, codingPath) }
    mutating func decode(_ type: String.Type) throws -> String { try scalar(next(), as: type, codingPath) }
    mutating func decode(_ type: Double.Type) throws -> Double { try scalar(next(), as: type, codingPath) }
    mutating func decode(_ type: Int.Type) throws -> Int { try scalar(next(), as: type, codingPath) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try scalar(next(), as: type, codingPath) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        return try decodeTree(type, next(), codingPath + [Index(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try TreeDecoder(value: next(), codingPath: codingPath).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder { TreeDecoder(value: try next(), codingPath: codingPath) }
}

private struct SingleReader: SingleValueDecodingContainer {
    let value: Value
    var codingPath: [any CodingKey]

    func decodeNil() -> Bool { value == .null }
    func decode(_ type: Bool.Type) throws -> Bool { try scalar(value, as: type, codingPath) }
    func decode(_ type: String.Type) throws -> String { try scalar(value, as: type, codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try scalar(value, as: type, codingPath) }
    func decode(_ type: Int.Type) throws -> Int { try scalar(value, as: type, codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try scalar(value, as: type, codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try scalar(value, as: type, codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try scalar(value, as: type, codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeTree(type, value, codingPath) }
}
