import BundleVerification
import CArchive
import Foundation

/// Writes a bag folder as one tar through libarchive, the same bytes every time: names sorted,
/// one top folder, owner 0:0 without names, fixed modes, one fixed time, no access or change times.
enum DeterministicTar {
    static func write(folder: String, rootName: String, to path: String, mtime: Int64) throws {
        let entries = try BagFolder.relativePaths(in: folder, includingFolders: true)
        guard let archive = archive_write_new() else { throw TribunalBundleError.write(path: path, reason: "libarchive") }
        defer { archive_write_free(archive) }
        archive_write_set_format_pax_restricted(archive)
        guard archive_write_open_filename(archive, path) == ARCHIVE_OK else {
            throw TribunalBundleError.write(path: path, reason: failure(archive))
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        for (relative, isFolder) in [("", true)] + entries {
            let full = relative.isEmpty ? folder : folder + "/" + relative
            let entry = archive_entry_new()
            defer { archive_entry_free(entry) }
            archive_entry_set_pathname(entry, relative.isEmpty ? rootName + "/" : rootName + "/" + relative + (isFolder ? "/" : ""))
            archive_entry_set_filetype(entry, isFolder ? 0o040000 : 0o100000)
            archive_entry_set_perm(entry, isFolder ? 0o755 : 0o644)
            archive_entry_set_uid(entry, 0)
            archive_entry_set_gid(entry, 0)
            archive_entry_set_mtime(entry, time_t(mtime), 0)
            let attributes = isFolder ? nil : try? FileManager.default.attributesOfItem(atPath: full)
            let size = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            archive_entry_set_size(entry, la_int64_t(size))
            guard archive_write_header(archive, entry) == ARCHIVE_OK else {
                throw TribunalBundleError.write(path: path, reason: failure(archive))
            }
            if isFolder { continue }
            guard let input = FileHandle(forReadingAtPath: full) else {
                throw TribunalBundleError.write(path: full, reason: "cannot read")
            }
            defer { try? input.close() }
            while let chunk = try input.read(upToCount: buffer.count), !chunk.isEmpty {
                // A short write (a full disk) must stop the export, not leave a short member.
                guard chunk.withUnsafeBytes({ archive_write_data(archive, $0.baseAddress, chunk.count) }) == chunk.count else {
                    throw TribunalBundleError.write(path: path, reason: failure(archive))
                }
            }
        }
        guard archive_write_close(archive) == ARCHIVE_OK else {
            throw TribunalBundleError.write(path: path, reason: failure(archive))
        }
    }

    /// libarchive's error in the system's words when it has an errno ("No space left on device"
    /// rather than "Write error").
    private static func failure(_ archive: OpaquePointer) -> String {
        let code = archive_errno(archive)
        return code != 0 ? String(cString: strerror(code)) : String(cString: archive_error_string(archive))
    }
}
