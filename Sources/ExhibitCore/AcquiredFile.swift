import EvidenceKit
import ExhibitFoundation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An original as found on disk before it is read: where, what size, which file times.
public struct AcquiredFile: Sendable, Hashable {
    public var path: String
    /// How the case calls it: the file's name, or its path from a folder given to `add`.
    public var name: String
    public var size: Int64
    public var modified: String
    public var changed: String
    public var accessed: String
    public var mode: UInt32
    /// The path given was a symbolic link to ``path``.
    public var viaSymlink: String?
    /// The file looked at: every later open of ``path`` must find this same file.
    public var identity: FileIdentity
    /// The modification and change times looked at, in nanoseconds: unchanged after the read,
    /// or the file changed during intake (``change(sinceReading:)``).
    var modifiedNanoseconds: Int64
    var changedNanoseconds: Int64

    /// Looks at `path` without reading it; only regular files (or links to them) are evidence.
    /// `name` is how the case calls it (by default the file's name).
    public init(path given: String, name: String? = nil) throws {
        let absolute = URL(fileURLWithPath: given).standardizedFileURL.path
        var info = stat()
        guard stat(absolute, &info) == 0 else {
            throw ExhibitCoreError.acquisitionFailed(path: given, reason: String(cString: strerror(errno)))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw ExhibitCoreError.notARegularFile(path: given) }
        var linkInfo = stat()
        let isLink = lstat(absolute, &linkInfo) == 0 && (linkInfo.st_mode & S_IFMT) == S_IFLNK
        path = isLink ? URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path : absolute
        viaSymlink = isLink ? absolute : nil
        self.name = name ?? URL(fileURLWithPath: absolute).lastPathComponent
        size = Int64(info.st_size)
        modified = UTCTime.iso8601(Int64(info.st_mtim.tv_sec), Int32(info.st_mtim.tv_nsec))
        changed = UTCTime.iso8601(Int64(info.st_ctim.tv_sec), Int32(info.st_ctim.tv_nsec))
        accessed = UTCTime.iso8601(Int64(info.st_atim.tv_sec), Int32(info.st_atim.tv_nsec))
        mode = UInt32(info.st_mode & 0o7777)
        identity = FileIdentity(info)
        modifiedNanoseconds = Self.nanoseconds(info.st_mtim)
        changedNanoseconds = Self.nanoseconds(info.st_ctim)
    }

    /// The modification time looked at, as a UTC timestamp (what extractors anchor yearless times on).
    var modifiedTimestamp: Timestamp {
        let seconds = modifiedNanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        let (whole, fraction) = seconds.remainder < 0 ? (seconds.quotient - 1, seconds.remainder + 1_000_000_000)
            : (seconds.quotient, seconds.remainder)
        return Timestamp(secondsSinceEpoch: whole, nanoseconds: Int32(fraction), original: modified, zone: .utc)
    }

    private static func nanoseconds(_ time: timespec) -> Int64 {
        Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// How the file differs, once `bytesRead` of it were read to its end, from the file looked
    /// at: the bytes read are one state of the file only if the path still names it, with the
    /// same size and the same modification and change times. `nil` when nothing changed.
    func change(sinceReading bytesRead: Int64) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return "it can no longer be looked at: \(String(cString: strerror(errno)))" }
        if FileIdentity(info) != identity { return "the path names another file now" }
        if bytesRead != size { return "\(bytesRead) bytes were read of a file of \(size)" }
        if Int64(info.st_size) != size { return "its size is \(info.st_size) bytes now, \(size) when looked at" }
        if Self.nanoseconds(info.st_mtim) != modifiedNanoseconds {
            return "modified at \(UTCTime.iso8601(Int64(info.st_mtim.tv_sec), Int32(info.st_mtim.tv_nsec))), \(modified) when looked at"
        }
        if Self.nanoseconds(info.st_ctim) != changedNanoseconds {
            return "its status changed at \(UTCTime.iso8601(Int64(info.st_ctim.tv_sec), Int32(info.st_ctim.tv_nsec))), "
                + "\(changed) when looked at"
        }
        return nil
    }
}
