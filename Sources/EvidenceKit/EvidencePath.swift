import Foundation

/// Where an artifact is: the original as acquired, then each member's path inside its
/// container, outermost first — enough for an opposing expert to reach the same bytes with
/// `tar -xO` or `unzip -p`, one level at a time.
///
/// The path is a list, never text to be split: a member may be named anything, ` ▸ ` included.
/// ``description`` renders it for a person, joined by ` ▸ `, quoting a part that contains the
/// separator or a quote so that the text still reads back to one path.
///
/// ```swift
/// let path = EvidencePath(original: "release.tar.gz").appending("release/config.json")
/// path.description     // release.tar.gz ▸ release/config.json
/// path.components      // ["release.tar.gz", "release/config.json"]
/// ```
public struct EvidencePath: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The original's name, then each member path, outermost first.
    public let components: [String]

    /// The path of an original.
    public init(original name: String) {
        components = [name]
    }

    /// A path from its parts, outermost first.
    public init(components: [String]) {
        precondition(!components.isEmpty, "an evidence path starts at an original")
        self.components = components
    }

    /// The path of a member of the artifact at this path.
    public func appending(_ memberPath: String) -> EvidencePath {
        EvidencePath(components: components + [memberPath])
    }

    /// How many containers enclose the artifact (an original is at depth 0).
    public var depth: Int { components.count - 1 }

    /// The path as a person reads it: parts joined by ` ▸ `.
    public var description: String {
        components.map(Self.displayed).joined(separator: Self.separator)
    }

    /// What joins the parts in ``description``.
    public static let separator = " ▸ "

    /// A part as shown: as it is, or in double quotes (with `"` and `\` escaped) when it holds
    /// the separator, starts with a quote, or is empty.
    private static func displayed(_ part: String) -> String {
        guard part.isEmpty || part.hasPrefix("\"") || part.contains(separator) else { return part }
        return "\"" + part.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Reads a path back from its ``description``: the inverse of it for every path, a quoted
    /// part included. Nil when `text` is not a description (an unterminated quote, a bad escape,
    /// a quoted part followed by anything but the separator).
    public init?(description text: String) {
        var parts: [String] = []
        var rest = Substring(text)
        while true {
            if rest.hasPrefix("\"") {
                var part = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == "\\" {
                        index = rest.index(after: index)
                        guard index < rest.endIndex, rest[index] == "\\" || rest[index] == "\"" else { return nil }
                        part.append(rest[index])
                    } else if character == "\"" {
                        closed = true
                        index = rest.index(after: index)
                        break
                    } else {
                        part.append(character)
                    }
                    index = rest.index(after: index)
                }
                guard closed else { return nil }
                parts.append(part)
                rest = rest[index...]
                if rest.isEmpty { break }
                guard rest.hasPrefix(Self.separator) else { return nil }
                rest = rest.dropFirst(Self.separator.count)
            } else if let range = rest.range(of: Self.separator) {
                guard range.lowerBound > rest.startIndex else { return nil }
                parts.append(String(rest[..<range.lowerBound]))
                rest = rest[range.upperBound...]
            } else {
                guard !rest.isEmpty else { return nil }
                parts.append(String(rest))
                break
            }
        }
        self.init(components: parts)
    }

    public init(from decoder: any Decoder) throws {
        let parts = try decoder.singleValueContainer().decode([String].self)
        guard !parts.isEmpty else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an empty evidence path"))
        }
        components = parts
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(components)
    }
}
