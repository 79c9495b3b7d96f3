import Foundation

/// Where inside an artifact a finding was seen: enough for another expert to find the same bytes.
///
/// Set the fields the format allows; the rest stay `nil`.
///
/// ```swift
/// Locator(entryIndex: 3, memberPath: "weights/config.json")   // an archive entry
/// Locator(line: 12, column: 5, byteOffset: 310)                  // a place in a text file
/// Locator(jsonPointer: "/rope_scaling/factor", line: 18)
/// ```
public struct Locator: Sendable, Hashable, Codable {
    /// The index of an archive entry, from 0, in the order the archive stores them.
    public var entryIndex: Int?
    /// The member's path as the container names it.
    public var memberPath: String?
    /// A byte offset from the artifact's first byte.
    public var byteOffset: Int64?
    /// How many bytes from ``byteOffset``.
    public var byteLength: Int64?
    /// A line number, from 1.
    public var line: Int?
    /// A column, from 1, in bytes.
    public var column: Int?
    /// A JSON pointer (RFC 6901) into a structured document.
    public var jsonPointer: String?
    /// A notebook cell index, from 0.
    public var cellIndex: Int?

    /// The artifact as a whole.
    public static let whole = Locator()

    /// JSON keys are snake_case, like every key Exhibit prints.
    enum CodingKeys: String, CodingKey {
        case line, column
        case entryIndex = "entry_index", memberPath = "member_path", byteOffset = "byte_offset"
        case byteLength = "byte_length", jsonPointer = "json_pointer", cellIndex = "cell_index"
    }

    public init(entryIndex: Int? = nil, memberPath: String? = nil, byteOffset: Int64? = nil,
                byteLength: Int64? = nil, line: Int? = nil, column: Int? = nil,
                jsonPointer: String? = nil, cellIndex: Int? = nil) {
        self.entryIndex = entryIndex
        self.memberPath = memberPath
        self.byteOffset = byteOffset
        self.byteLength = byteLength
        self.line = line
        self.column = column
        self.jsonPointer = jsonPointer
        self.cellIndex = cellIndex
    }

    /// A stable text form, part of a finding's identity: `entry=3;path=a/b;bytes=10+4;line=2:5`.
    public var canonical: String {
        var parts: [String] = []
        if let entryIndex { parts.append("entry=\(entryIndex)") }
        if let memberPath { parts.append("path=\(memberPath)") }
        if let byteOffset { parts.append("bytes=\(byteOffset)" + (byteLength.map { "+\($0)" } ?? "")) }
        if let line { parts.append("line=\(line)" + (column.map { ":\($0)" } ?? "")) }
        if let jsonPointer { parts.append("pointer=\(jsonPointer)") }
        if let cellIndex { parts.append("cell=\(cellIndex)") }
        return parts.isEmpty ? "whole" : parts.joined(separator: ";")
    }
}
