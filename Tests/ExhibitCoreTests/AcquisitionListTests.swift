import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore
#if canImport(Glibc)
import Glibc
#endif

/// Folders given to `exhibit add` become their files, in an order that does not depend on the
/// file system, with everything that is not a regular file reported and never followed.
@Suite struct AcquisitionListTests {
    private func write(_ folder: TemporaryFolder, _ relative: String, _ text: String = "x") throws {
        let url = URL(fileURLWithPath: folder.path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// The items, with paths shown relative to `folder` so that expectations read plainly.
    private func items(_ paths: [String], in folder: TemporaryFolder, excluding: [String] = []) -> [String] {
        let root = folder.path("") + "/"
        return AcquisitionList(paths, excluding: excluding).map { item in
            switch item {
            case .file(let path, let name): return "file \(path.replacingOccurrences(of: root, with: "")) as \(name)"
            case .skipped(let path, _): return "skipped \(path.replacingOccurrences(of: root, with: ""))"
            case .unreadable(let path, _): return "unreadable \(path.replacingOccurrences(of: root, with: ""))"
            }
        }
    }

    @Test func aFolderIsItsFilesDepthFirstInByteOrder() throws {
        let folder = try TemporaryFolder("acquisition")
        for relative in ["prod/b/z.json", "prod/a/2.txt", "prod/Z.txt", "prod/a/10.txt", "prod/a/sub/x.tar", "prod/é.txt", "prod/e.txt"] {
            try write(folder, relative)
        }
        try FileManager.default.createDirectory(atPath: folder.path("prod/empty"), withIntermediateDirectories: true)
        #expect(items([folder.path("prod")], in: folder) == [
            "file prod/Z.txt as prod/Z.txt",
            "file prod/a/10.txt as prod/a/10.txt",
            "file prod/a/2.txt as prod/a/2.txt",
            "file prod/a/sub/x.tar as prod/a/sub/x.tar",
            "file prod/b/z.json as prod/b/z.json",
            "file prod/e.txt as prod/e.txt",
            "file prod/é.txt as prod/é.txt",
        ])
    }

    @Test func pathsGivenThemselvesPassThroughWhateverTheyAre() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "one.zip")
        let missing = folder.path("missing.tar")
        #expect(Array(AcquisitionList([folder.path("one.zip"), missing])) == [
            .file(path: folder.path("one.zip"), name: "one.zip"), .file(path: missing, name: "missing.tar"),
        ])
    }

    @Test func nothingInAFolderIsFollowed() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "prod/real.txt")
        try write(folder, "elsewhere/secret.txt")
        #expect(symlink("../elsewhere/secret.txt", folder.path("prod/link.txt")) == 0)
        #expect(symlink("..", folder.path("prod/loop")) == 0)
        #expect(mkfifo(folder.path("prod/pipe"), 0o600) == 0)
        let listed = Array(AcquisitionList([folder.path("prod")]))
        #expect(listed.count == 4)
        #expect(listed.filter { if case .file = $0 { return true } else { return false } }
            == [.file(path: folder.path("prod/real.txt"), name: "prod/real.txt")])
        #expect(listed.contains(.skipped(path: folder.path("prod/pipe"), reason: "a FIFO, not a regular file")))
        let link = listed.first { if case .skipped(let path, _) = $0 { return path.hasSuffix("link.txt") } else { return false } }
        guard case .skipped(_, let reason) = link else { Issue.record("the link was not reported"); return }
        #expect(reason.contains("symbolic link to ../elsewhere/secret.txt"))
    }

    @Test func aFolderGivenThroughASymlinkIsOpened() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "real/a.txt")
        #expect(symlink("real", folder.path("alias")) == 0)
        #expect(items([folder.path("alias")], in: folder) == ["file alias/a.txt as alias/a.txt"])
    }

    /// `exhibit add case.exhibit .` must not acquire the case it is writing: not by its path,
    /// and not through another name for the same file.
    @Test func theCaseFilesAreSkippedByPathAndByIdentity() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "prod/case.exhibit")
        try write(folder, "prod/case.exhibit-wal")
        try write(folder, "prod/evidence.txt")
        #expect(link(folder.path("prod/case.exhibit"), folder.path("prod/hard-link")) == 0)
        let excluded = ["", "-wal", "-shm", ".lock"].map { folder.path("prod/case.exhibit") + $0 }
        #expect(items([folder.path("prod")], in: folder, excluding: excluded) == [
            "skipped prod/case.exhibit", "skipped prod/case.exhibit-wal", "file prod/evidence.txt as prod/evidence.txt",
            "skipped prod/hard-link",
        ])
    }

    @Test func aNameThatIsNotUTF8IsReportedWithItsBytes() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "prod/ok.txt")
        let bad = Array((folder.path("prod") + "/").utf8) + [0x62, 0x80, 0x00]
        let descriptor = bad.withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bad.count) { open($0, O_CREAT | O_WRONLY, 0o600) }
        }
        #expect(descriptor >= 0)
        close(descriptor)
        let listed = Array(AcquisitionList([folder.path("prod")]))
        #expect(listed.count == 2)
        guard case .unreadable(_, let reason) = listed.first else { Issue.record("not reported: \(listed)"); return }
        #expect(reason.contains("bytes 62 80"))
    }

    /// One folder's names are read when the walk reaches it, not the whole tree up front.
    @Test func foldersAreListedWhenReached() throws {
        let folder = try TemporaryFolder("acquisition")
        try write(folder, "prod/a/1.txt")
        try FileManager.default.createDirectory(atPath: folder.path("prod/b"), withIntermediateDirectories: true)
        var list = AcquisitionList([folder.path("prod")])
        #expect(list.next() == .file(path: folder.path("prod/a/1.txt"), name: "prod/a/1.txt"))
        try write(folder, "prod/b/late.txt")
        #expect(list.next() == .file(path: folder.path("prod/b/late.txt"), name: "prod/b/late.txt"))
        #expect(list.next() == nil)
    }
}
