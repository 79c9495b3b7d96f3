import CArchive
import Crypto
import Foundation

/// Every file of a bag, hashed, from a folder or from a `.tar` (read as a stream through
/// libarchive, nothing extracted); small files outside `data/exhibits/` are kept for reading.
struct BagInventory {
    var files: [String: BagFile] = [:]
    var contents: [String: Data] = [:]
    /// Entries that are not regular files or folders (links, devices): never in a bundle.
    var oddities: [String] = []

    private static let keepLimit = 256 << 20

    static func load(_ path: String) throws -> BagInventory {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw TribunalBundleError.notABundle(path: path, reason: "no such file or folder")
        }
        return isFolder.boolValue ? try folder(path) : try tar(path)
    }

    private static func folder(_ root: String) throws -> BagInventory {
        var inventory = BagInventory()
        for (relative, _) in try BagFolder.relativePaths(in: root) {
            let full = root + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                inventory.oddities.append(relative)
                continue
            }
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: full))
            defer { try? handle.close() }
            var hasher = Hashers(keep: !relative.hasPrefix("data/exhibits/"))
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { hasher.update($0) }
            }
            inventory.add(relative, hasher)
        }
        return inventory
    }

    private static func tar(_ path: String) throws -> BagInventory {
        guard let archive = archive_read_new() else { throw TribunalBundleError.notABundle(path: path, reason: "libarchive") }
        defer { archive_read_free(archive) }
        archive_read_support_format_tar(archive)
        guard archive_read_open_filename(archive, path, 1 << 20) == ARCHIVE_OK else {
            throw TribunalBundleError.notABundle(path: path, reason: String(cString: archive_error_string(archive)))
        }
        var inventory = BagInventory()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        var entry: OpaquePointer?
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { break }
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw TribunalBundleError.notABundle(path: path, reason: String(cString: archive_error_string(archive)))
            }
            let name = String(cString: archive_entry_pathname(entry))
            // Drop the bag's top folder.
            let relative = name.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
            let type = archive_entry_filetype(entry) & 0o170000
            if type == 0o040000 { continue }
            guard type == 0o100000, !relative.isEmpty else {
                inventory.oddities.append(name)
                continue
            }
            var hasher = Hashers(keep: !relative.hasPrefix("data/exhibits/"))
            while true {
                let count = archive_read_data(archive, buffer.baseAddress, buffer.count)
                if count < 0 {
                    throw TribunalBundleError.notABundle(path: path, reason: "\(name): \(String(cString: archive_error_string(archive)))")
                }
                if count == 0 { break }
                hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            }
            inventory.add(relative, hasher)
        }
        return inventory
    }

    private mutating func add(_ path: String, _ hasher: Hashers) {
        files[path] = hasher.digest.finalize(path: path)
        if let kept = hasher.kept { contents[path] = kept }
    }

    /// Both digests of one file, and its bytes when small enough to read later.
    private struct Hashers {
        let digest = DualDigest()
        var kept: Data?

        init(keep: Bool) {
            kept = keep ? Data() : nil
        }

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            digest.update(bytes)
            if kept != nil {
                if kept!.count + bytes.count <= BagInventory.keepLimit { kept!.append(contentsOf: bytes) } else { kept = nil }
            }
        }
    }
}
