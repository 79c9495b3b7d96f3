import CArchive
import Crypto
import EvidenceKit
import Foundation

/// Every file of a bag, hashed, from a folder or from a `.tar` (read as a stream through
/// libarchive, nothing extracted). Tag files (outside `data/`) are kept for reading; payload
/// files are read again, as streams, when a check needs them (``open(_:)``).
struct BagInventory {
    var files: [String: BagFile] = [:]
    var contents: [String: Data] = [:]
    /// Entries that are not regular files or folders (links, devices): never in a bundle.
    var oddities: [String] = []
    /// The bag folder or tar.
    let path: String
    let isTar: Bool

    /// Tag files larger than this are hashed but not kept (a real one is a few kilobytes).
    private static let keepLimit = 16 << 20

    static func load(_ path: String) throws -> BagInventory {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw BundleVerificationError.notABundle(path: path, reason: "no such file or folder")
        }
        return isFolder.boolValue ? try folder(path) : try tar(path)
    }

    /// The content of one file of the bag (its path inside the bag), as a stream that throws at
    /// its end if the bytes are not the ones inventoried (``CheckedFileSource``).
    func open(_ file: String) throws -> any ByteSource {
        guard let inventoried = files[file] else { throw BundleVerificationError.notABundle(path: path, reason: "no \(file)") }
        let source: any ByteSource = isTar ? try TarMemberSource(tar: path, member: file) : try FileByteSource(path: path + "/" + file)
        return CheckedFileSource(source, expectedSHA256: inventoried.sha256, file: file)
    }

    private static func folder(_ root: String) throws -> BagInventory {
        var inventory = BagInventory(path: root, isTar: false)
        for (relative, _) in try BagFolder.relativePaths(in: root) {
            let full = root + "/" + relative
            let attributes = try FileManager.default.attributesOfItem(atPath: full)
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                inventory.oddities.append(relative)
                continue
            }
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: full))
            defer { try? handle.close() }
            var hasher = Hashers(keep: !relative.hasPrefix("data/"))
            while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                chunk.withUnsafeBytes { hasher.update($0) }
            }
            inventory.add(relative, hasher)
        }
        return inventory
    }

    private static func tar(_ path: String) throws -> BagInventory {
        var inventory = BagInventory(path: path, isTar: true)
        let reader = try TarMemberSource.Reader(path)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while let entry = try reader.nextEntry() {
            guard let relative = entry.relative else {
                if !entry.isFolder { inventory.oddities.append(entry.name) }
                continue
            }
            var hasher = Hashers(keep: !relative.hasPrefix("data/"))
            while true {
                let count = try reader.read(into: buffer, member: entry.name)
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
