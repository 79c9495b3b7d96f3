import CArchive
import EvidenceKit
import Foundation

/// One file of a bundle `.tar`, read as a stream: the tar is opened again and read up to that
/// member (libarchive skips the others' data without reading it where the file allows).
final class TarMemberSource: ByteSource {
    private let reader: Reader
    private let member: String

    /// - Parameter member: the path inside the bag (`data/graph/graph.json`).
    init(tar: String, member: String) throws {
        reader = try Reader(tar)
        self.member = member
        while let entry = try reader.nextEntry(), entry.relative != member {}
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        try reader.read(into: buffer, member: member)
    }

    /// A bundle tar as libarchive reads it: entries in order, the bag's top folder dropped.
    final class Reader {
        /// One entry: its name in the tar, its path in the bag (`nil` for folders, links and
        /// devices), and whether it is a folder.
        struct Entry {
            let name: String
            let relative: String?
            let isFolder: Bool
        }

        private let archive: OpaquePointer
        private let path: String

        init(_ path: String) throws {
            guard let archive = archive_read_new() else { throw BundleVerificationError.notABundle(path: path, reason: "libarchive") }
            self.archive = archive
            self.path = path
            archive_read_support_format_tar(archive)
            guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else {
                throw BundleVerificationError.notABundle(path: path, reason: String(cString: archive_error_string(archive)))
            }
        }

        deinit {
            archive_read_free(archive)
        }

        /// The next entry, or `nil` at the end of the tar.
        func nextEntry() throws -> Entry? {
            var entry: OpaquePointer?
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return nil }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw BundleVerificationError.notABundle(path: path, reason: String(cString: archive_error_string(archive)))
            }
            let name = String(cString: archive_entry_pathname(entry))
            // Drop the bag's top folder.
            let relative = name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            let type = archive_entry_filetype(entry) & 0o170000
            let isFile = type == 0o100000 && !relative.isEmpty
            return Entry(name: name, relative: isFile ? relative : nil, isFolder: type == 0o040000)
        }

        /// Where the tar's end-of-archive blocks end, once ``nextEntry()`` has returned `nil`.
        var endOffset: Int64 {
            archive_filter_bytes(archive, 0)
        }

        /// Reads the current entry's content; 0 at its end.
        func read(into buffer: UnsafeMutableRawBufferPointer, member: String) throws -> Int {
            let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
            if count < 0 {
                throw BundleVerificationError.notABundle(path: path, reason: "\(member): \(String(cString: archive_error_string(archive)))")
            }
            return count
        }
    }
}
