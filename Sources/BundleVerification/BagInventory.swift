import CArchive
import Crypto
import EvidenceKit
import Foundation

/// Every file of a bag, hashed, from a folder or from a `.tar` (read as a stream through
/// libarchive, nothing extracted). Small tag files (outside `data/`) are kept for reading; the
/// others are read again, as streams, when a check needs them (``open(_:)``, ``data(_:limit:)``,
/// ``forEachLine(_:_:)``).
struct BagInventory {
    var files: [String: BagFile] = [:]
    var contents: [String: Data] = [:]
    /// Entries that are not regular files or folders (links, devices): never in a bundle.
    var oddities: [String] = []
    /// What is wrong with a tar's layout (``TarLayout``): names, repeated paths, the end.
    var tarProblems: [(name: String, problem: String)] = []
    /// The bag folder or tar.
    let path: String
    let isTar: Bool

    /// Tag files larger than this are hashed but not kept: they are read again when a check
    /// needs them (a manifest of 50,000 long names is 20 MB; a real tag file is mostly a few
    /// kilobytes).
    private static let keepLimit = 1 << 20
    /// The longest line ``forEachLine(_:_:)`` reads.
    static let maxLineBytes = 1 << 20

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

    /// The bytes of one file of the bag: kept, or read again (at most `limit` of them); `nil`
    /// when the bag has no such file.
    func data(_ file: String, limit: Int) throws -> Data? {
        guard files[file] != nil else { return nil }
        if let kept = contents[file] { return kept }
        do {
            return try open(file).readAll(limit: limit)
        } catch EvidenceError.limitReached {
            throw BundleVerificationError.notABundle(path: file, reason: "larger than \(limit) bytes")
        }
    }

    /// Calls `body` with each line of a file of the bag (its number from 1, without its line
    /// break), read as a stream; returns `false` when the bag has no such file.
    @discardableResult
    func forEachLine(_ file: String, _ body: (_ number: Int, _ line: String) -> Void) throws -> Bool {
        guard files[file] != nil else { return false }
        let source = try open(file)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 << 10, alignment: 16)
        defer { buffer.deallocate() }
        var line: [UInt8] = []
        var number = 0
        while true {
            let count = try source.read(into: buffer)
            for byte in buffer.prefix(count) {
                if byte == 0x0A {
                    number += 1
                    body(number, String(decoding: line, as: UTF8.self))
                    line.removeAll(keepingCapacity: true)
                } else {
                    line.append(byte)
                    guard line.count <= Self.maxLineBytes else {
                        throw BundleVerificationError.notABundle(path: file, reason: "line \(number + 1) is longer than \(Self.maxLineBytes) bytes")
                    }
                }
            }
            if count == 0 { break }
        }
        if !line.isEmpty { body(number + 1, String(decoding: line, as: UTF8.self)) }
        return true
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
        var layout = TarLayout()
        while let entry = try reader.nextEntry() {
            // The first copy of a path is the one hashed (and read again by `open`); any other
            // is a failure of the layout.
            guard layout.admit(entry.name, isFolder: entry.isFolder) != nil, let relative = entry.relative else {
                if !entry.isFolder, entry.relative == nil { inventory.oddities.append(entry.name) }
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
        try layout.checkEnd(of: path, endOffset: reader.endOffset)
        inventory.tarProblems = layout.problems
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
