import Foundation

/// What a bundle tar must be beyond its files' digests: one top folder holding everything, each
/// path once, names as written (no empty, `.` or `..` parts, no leading `/`), and nothing but
/// zero padding after the end-of-archive blocks.
///
/// Tools that extract a tar disagree on the rest: of two copies of a path `tar -xOf` and
/// `bsdtar -xk` keep the first and `tar -x` the last; a member after the end is seen by
/// `tar -i` and by no other. A tar that has any of it may show its reader files other than the
/// ones verified, so each is a failure, named.
struct TarLayout {
    /// Each problem, with the entry (or place) it concerns.
    private(set) var problems: [(name: String, problem: String)] = []
    private var root: String?
    /// The bag paths taken so far (files and folders, without a final `/`).
    private var seen: Set<String> = []

    /// The entry's path inside the bag, or `nil` when the entry must not be taken as one (the
    /// problem is recorded). The bag's own folder is `""`.
    mutating func admit(_ name: String, isFolder: Bool) -> String? {
        var parts = name.split(separator: "/", omittingEmptySubsequences: false)
        if isFolder, parts.count > 1, parts.last == "" { parts.removeLast() }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            problems.append((name, "not a plain relative path (an empty, '.' or '..' part, or a leading '/')"))
            return nil
        }
        let top = String(parts[0])
        if root == nil { root = top }
        guard top == root else {
            problems.append((name, "outside the bag's folder '\(root ?? "")'"))
            return nil
        }
        let relative = parts.dropFirst().joined(separator: "/")
        guard seen.insert(relative).inserted else {
            problems.append((relative.isEmpty ? name : relative,
                             "appears more than once in the tar: tools differ on which copy they extract"))
            return nil
        }
        return relative
    }

    /// Checks the end of the tar at `path`: the end-of-archive blocks (two of zeros) end at
    /// `endOffset`, and only zeros follow them.
    mutating func checkEnd(of path: String, endOffset: Int64) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BundleVerificationError.notABundle(path: path, reason: "cannot be read again")
        }
        defer { try? handle.close() }
        let marker = max(endOffset - 1024, 0)
        try handle.seek(toOffset: UInt64(marker))
        let blocks = try handle.read(upToCount: Int(endOffset - marker)) ?? Data()
        if endOffset < 1024 || blocks.count < 1024 || blocks.contains(where: { $0 != 0 }) {
            problems.append(("end of archive", "the tar does not end with two blocks of zeros at byte \(endOffset)"))
        }
        var offset = endOffset
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            if let first = chunk.firstIndex(where: { $0 != 0 }) {
                let at = offset + Int64(first - chunk.startIndex)
                problems.append(("end of archive", "data after the end of the archive, at byte \(at): "
                                 + "extracting tools stop at the end and never show it"))
                return
            }
            offset += Int64(chunk.count)
        }
    }
}
