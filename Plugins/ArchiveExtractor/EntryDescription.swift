import CArchive
import EvidenceKit
import Foundation

/// Reads a libarchive entry header into a ``Member``.
enum EntryDescription {
    static func member(of entry: OpaquePointer, index: Int, timeZone: TimeZoneSource) -> Member {
        let raw: [UInt8]
        if let pointer = archive_entry_pathname(entry) {
            raw = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pointer).assumingMemoryBound(to: UInt8.self),
                                            count: strlen(pointer)))
        } else if let pointer = archive_entry_pathname_utf8(entry) {
            raw = Array(String(cString: pointer).utf8)
        } else {
            raw = Array("(unnamed entry \(index))".utf8)
        }
        let path = String(decoding: raw, as: UTF8.self)
        let hardlink = archive_entry_hardlink(entry).map { String(cString: $0) }
        let symlink = archive_entry_symlink(entry).map { String(cString: $0) }
        let type: EntryType = hardlink != nil ? .hardlink : entryType(archive_entry_filetype(entry))
        var modified: Timestamp?
        if archive_entry_mtime_is_set(entry) != 0 {
            let seconds = Int64(archive_entry_mtime(entry))
            let nanoseconds = Int32(clamping: archive_entry_mtime_nsec(entry))
            modified = Timestamp(secondsSinceEpoch: seconds, nanoseconds: nanoseconds,
                                 original: timeZone == .utc ? "\(seconds)" : wallClock(seconds), zone: timeZone)
        }
        var attributes: [String: Value] = [:]
        if archive_entry_is_encrypted(entry) != 0 { attributes["encrypted"] = true }
        return Member(
            path: path, rawPath: raw, type: type, linkTarget: hardlink ?? symlink,
            size: archive_entry_size_is_set(entry) != 0 ? Int64(archive_entry_size(entry)) : nil,
            mode: UInt32(archive_entry_perm(entry)),
            owner: archive_entry_uname(entry).map { String(cString: $0) },
            group: archive_entry_gname(entry).map { String(cString: $0) },
            uid: Int64(archive_entry_uid(entry)),
            gid: Int64(archive_entry_gid(entry)),
            modified: modified, entryIndex: index, attributes: attributes)
    }

    /// File-type bits (`AE_IF*`), spelled out because the C macros carry casts Swift cannot import.
    private static func entryType(_ bits: UInt32) -> EntryType {
        switch bits & 0o170000 {
        case 0o100000: return .file
        case 0o040000: return .directory
        case 0o120000: return .symlink
        case 0o020000: return .characterDevice
        case 0o060000: return .blockDevice
        case 0o010000: return .fifo
        case 0o140000: return .socket
        default: return .unknown
        }
    }

    /// A zone-less wall-clock reading as text, `2024-03-01 12:00:00`.
    private static func wallClock(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1,
                      Int(parts.tm_mday), Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
