import EvidenceKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The paths given to `exhibit add`, with every folder among them opened into its files.
///
/// A folder is walked depth first, each folder's entries sorted by the bytes of their names, so
/// the same tree gives the same items — and so the same exhibit numbers — on any file system.
/// Only regular files are acquired. Inside a folder nothing is followed: a symbolic link, a
/// device, a FIFO or a socket is an item of its own, ``AcquisitionItem/skipped(path:reason:)``,
/// and so are the case's own files (`exhibit add case.exhibit .` must not acquire the case it
/// writes). A folder that contains itself (through a bind mount) is not entered twice. A path
/// given itself is passed on as a file whatever it is, so that acquiring it says what is wrong.
///
/// Items are produced as they are read: one folder's names at a time are held, not the tree.
public struct AcquisitionList: Sequence, IteratorProtocol {
    private var given: IndexingIterator<[String]>
    private var folders: [Folder] = []
    private let excludedPaths: Set<String>
    private let excludedFiles: Set<FileIdentity>

    /// `paths` as given; `excluding` names files never to acquire from a folder (the case and
    /// its companions), whether or not they exist yet.
    public init(_ paths: [String], excluding: [String] = []) {
        given = paths.makeIterator()
        let excluded = excluding.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        excludedPaths = Set(excluded)
        excludedFiles = Set(excluded.compactMap { FileIdentity(path: $0) })
    }

    /// A folder being walked: its path, its name in the case, its entries left to visit.
    private struct Folder {
        let path: String
        let name: String
        let identity: FileIdentity?
        let entries: EntryNames
        var next = 0
    }

    /// A folder's entry names, sorted by their bytes, packed in one buffer: a folder of a
    /// million files holds its names, not a million arrays.
    private struct EntryNames {
        private var bytes: [UInt8] = []
        /// Where each name starts and ends in `bytes`, in sorted order once sorted.
        private var starts: [Int] = []
        private var ends: [Int] = []

        var count: Int { starts.count }

        mutating func append(_ name: UnsafeRawBufferPointer) {
            starts.append(bytes.count)
            bytes.append(contentsOf: name)
            ends.append(bytes.count)
        }

        mutating func sort() {
            let order = bytes.withUnsafeBufferPointer { all in
                starts.indices.sorted { left, right in
                    all[starts[left]..<ends[left]].lexicographicallyPrecedes(all[starts[right]..<ends[right]])
                }
            }
            (starts, ends) = (order.map { starts[$0] }, order.map { ends[$0] })
        }

        subscript(index: Int) -> ArraySlice<UInt8> {
            bytes[starts[index]..<ends[index]]
        }
    }

    public mutating func next() -> AcquisitionItem? {
        while true {
            guard !folders.isEmpty else {
                guard let path = given.next() else { return nil }
                var info = stat()
                guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                    return .file(path: path, name: URL(fileURLWithPath: path).standardizedFileURL.lastPathComponent)
                }
                let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
                let name = absolute == "/" ? "" : URL(fileURLWithPath: absolute).lastPathComponent
                if let problem = open(absolute, name: name, identity: FileIdentity(info)) { return problem }
                continue
            }
            let index = folders.count - 1
            guard folders[index].next < folders[index].entries.count else {
                folders.removeLast()
                continue
            }
            let entry = folders[index].entries[folders[index].next]
            folders[index].next += 1
            if let item = visit(entry, in: folders[index]) { return item }
        }
    }

    /// The item for one entry of `folder`, or `nil` when it is a folder (now being walked).
    private mutating func visit(_ entry: ArraySlice<UInt8>, in folder: Folder) -> AcquisitionItem? {
        let separator = folder.path.hasSuffix("/") ? "" : "/"
        guard let entryName = String(validating: entry, as: UTF8.self) else {
            let shown = String(decoding: entry, as: UTF8.self)
            return .unreadable(path: folder.path + separator + shown, reason: "its name is not valid UTF-8 (bytes "
                                   + entry.map { String(format: "%02x", $0) }.joined(separator: " ")
                                   + "); rename a copy to acquire it")
        }
        let path = folder.path + separator + entryName
        let name = folder.name.isEmpty ? entryName : folder.name + "/" + entryName
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            if excludedPaths.contains(path) || excludedFiles.contains(FileIdentity(info)) {
                return .skipped(path: path, reason: "a file of the case being written")
            }
            return .file(path: path, name: name)
        case S_IFDIR:
            let identity = FileIdentity(info)
            if folders.contains(where: { $0.identity == identity }) {
                return .skipped(path: path, reason: "a folder that contains itself; not entered again")
            }
            return open(path, name: name, identity: identity)
        case S_IFLNK:
            return .skipped(path: path, reason: "a symbolic link to \(Self.linkTarget(path)); links in a folder are "
                                + "not followed (give the target itself to acquire it)")
        case S_IFIFO: return .skipped(path: path, reason: "a FIFO, not a regular file")
        case S_IFSOCK: return .skipped(path: path, reason: "a socket, not a regular file")
        case S_IFCHR: return .skipped(path: path, reason: "a character device, not a regular file")
        case S_IFBLK: return .skipped(path: path, reason: "a block device, not a regular file")
        default: return .skipped(path: path, reason: "not a regular file")
        }
    }

    /// Starts walking the folder at `path`; an item if it cannot be read.
    private mutating func open(_ path: String, name: String, identity: FileIdentity) -> AcquisitionItem? {
        guard let directory = opendir(path) else {
            return .unreadable(path: path, reason: "cannot list the folder: " + String(cString: strerror(errno)))
        }
        defer { closedir(directory) }
        var entries = EntryNames()
        errno = 0
        while let entry = readdir(directory) {
            withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let name = UnsafeRawBufferPointer(rebasing: raw[..<(raw.firstIndex(of: 0) ?? raw.endIndex)])
                if !name.elementsEqual([0x2E]), !name.elementsEqual([0x2E, 0x2E]) { entries.append(name) }
            }
            errno = 0
        }
        // A listing cut short is not a smaller folder: none of it is acquired, and the error says why.
        if errno != 0 {
            return .unreadable(path: path, reason: "cannot list the folder: " + String(cString: strerror(errno)))
        }
        entries.sort()
        folders.append(Folder(path: path, name: name, identity: identity, entries: entries))
        return nil
    }

    private static func linkTarget(_ path: String) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return "an unreadable target" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
