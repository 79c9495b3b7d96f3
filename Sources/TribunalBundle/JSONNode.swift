/// One value of a bundle's JSON document, built small (one graph node at a time) and written
/// at once by ``PrettyJSON``.
indirect enum JSONNode {
    case string(String)
    case integer(Int64)
    /// A finite number, written as Swift prints it (shortest form that reads back exactly: `2.0`, `0.25`).
    case real(Double)
    case bool(Bool)
    case null
    case array([JSONNode])
    /// Members are written with their keys sorted by UTF-8 bytes.
    case object([String: JSONNode])
    /// Canonical JSON text from the case store (attributes, locators, details), written as the
    /// value it holds, re-indented.
    case stored(String)

    /// A string, or `null`.
    static func optional(_ text: String?) -> JSONNode {
        text.map(JSONNode.string) ?? .null
    }

    /// A finite number, or `null`.
    static func optional(_ number: Double?) -> JSONNode {
        number.flatMap { $0.isFinite ? JSONNode.real($0) : nil } ?? .null
    }

    /// Stored canonical JSON, or `null`.
    static func optional(stored text: String?) -> JSONNode {
        text.map(JSONNode.stored) ?? .null
    }
}

extension JSONNode: ExpressibleByStringLiteral, ExpressibleByStringInterpolation, ExpressibleByBooleanLiteral,
    ExpressibleByIntegerLiteral {
    init(stringLiteral value: String) { self = .string(value) }
    init(booleanLiteral value: Bool) { self = .bool(value) }
    init(integerLiteral value: Int64) { self = .integer(value) }
}
