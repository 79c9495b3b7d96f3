import Foundation

/// One member of a container, as its container describes it.
///
/// ```swift
/// Member(path: "release/config.json", type: .file, size: 812, entryIndex: 4)
/// ```
public struct Member: Sendable, Hashable {
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
