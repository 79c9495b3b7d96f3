import Foundation

/// One member of a container, as its container describes it.
///
/// ```swift
/// Member(path: "release/config.json", type: .file, size: 812, entryIndex: 4)
/// ```
public struct Member: Sendable, Hashable, Codable {
    /// The path as stored, decoded as UTF-8 (invalid bytes become U+FFFD; see ``rawPath``).
    public var path: String
    /// The path's bytes exactly as stored.
    public var rawPath: [UInt8]
    /// What kind of entry it is.
    public var type: EntryType
    /// The target of a symbolic or hard link.
    public var linkTarget: String?
    /// The size the container declares.
    public var size: Int64?
    /// Unix permission bits.
    public var mode: UInt32?
    /// Owner and group names and ids, where the format stores them.
    public var owner: String?
    public var group: String?
    public var uid: Int64?
    public var gid: Int64?
    /// The modification time the container records.
    public var modified: Timestamp?
    /// The entry's index in the container, from 0.
    public var entryIndex: Int
    /// Other facts about the entry (encryption, compression method).
    public var attributes: [String: Value]

    /// JSON keys are snake_case; the raw path's bytes are hex, and present only when they are not
    /// the path's UTF-8.
    enum CodingKeys: String, CodingKey {
        case path, type, size, mode, owner, group, uid, gid, modified, attributes
        case rawPathHex = "raw_path_hex", linkTarget = "link_target", entryIndex = "entry_index"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        let hex = try container.decodeIfPresent(String.self, forKey: .rawPathHex)
        rawPath = try hex.map { text in
            guard let bytes = HexText.bytes(text) else {
                throw DecodingError.dataCorruptedError(forKey: .rawPathHex, in: container, debugDescription: "not hex")
            }
            return bytes
        } ?? Array(path.utf8)
        type = try container.decodeIfPresent(EntryType.self, forKey: .type) ?? .file
        linkTarget = try container.decodeIfPresent(String.self, forKey: .linkTarget)
        size = try container.decodeIfPresent(Int64.self, forKey: .size)
        mode = try container.decodeIfPresent(UInt32.self, forKey: .mode)
        owner = try container.decodeIfPresent(String.self, forKey: .owner)
        group = try container.decodeIfPresent(String.self, forKey: .group)
        uid = try container.decodeIfPresent(Int64.self, forKey: .uid)
        gid = try container.decodeIfPresent(Int64.self, forKey: .gid)
        modified = try container.decodeIfPresent(Timestamp.self, forKey: .modified)
        entryIndex = try container.decode(Int.self, forKey: .entryIndex)
        attributes = try container.decodeIfPresent([String: Value].self, forKey: .attributes) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        if rawPath != Array(path.utf8) {
            try container.encode(HexText.text(rawPath), forKey: .rawPathHex)
        }
        try container.encode(type, forKey: .type)
        try container.encodeIfPresent(linkTarget, forKey: .linkTarget)
        try container.encodeIfPresent(size, forKey: .size)
        try container.encodeIfPresent(mode, forKey: .mode)
        try container.encodeIfPresent(owner, forKey: .owner)
        try container.encodeIfPresent(group, forKey: .group)
        try container.encodeIfPresent(uid, forKey: .uid)
        try container.encodeIfPresent(gid, forKey: .gid)
        try container.encodeIfPresent(modified, forKey: .modified)
        try container.encode(entryIndex, forKey: .entryIndex)
        if !attributes.isEmpty { try container.encode(attributes, forKey: .attributes) }
    }

    public init(path: String, rawPath: [UInt8]? = nil, type: EntryType, linkTarget: String? = nil,
                size: Int64? = nil, mode: UInt32? = nil, owner: String? = nil, group: String? = nil,
                uid: Int64? = nil, gid: Int64? = nil, modified: Timestamp? = nil, entryIndex: Int,
                attributes: [String: Value] = [:]) {
        self.path = path
        self.rawPath = rawPath ?? Array(path.utf8)
        self.type = type
        self.linkTarget = linkTarget
        self.size = size
        self.mode = mode
        self.owner = owner
        self.group = group
        self.uid = uid
        self.gid = gid
        self.modified = modified
        self.entryIndex = entryIndex
        self.attributes = attributes
    }
}

/// The kind of a container entry.
public enum EntryType: String, Sendable, Hashable, Codable {
    case file, directory, symlink, hardlink
    case characterDevice = "character_device"
    case blockDevice = "block_device"
    case fifo, socket, unknown
}
