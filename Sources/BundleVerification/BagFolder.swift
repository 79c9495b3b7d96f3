import Foundation

/// Walking a bag folder: relative `/` paths, sorted by bytes, no links followed.
package enum BagFolder {
    package static func relativePaths(in folder: String, includingFolders: Bool = false) throws -> [(path: String, isFolder: Bool)] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else {
            throw BundleVerificationError.notABundle(path: folder, reason: "not a folder")
        }
        var paths: [(String, Bool)] = []
        while let relative = enumerator.nextObject() as? String {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isFolder)
            if isFolder.boolValue && !includingFolders { continue }
            paths.append((relative, isFolder.boolValue))
        }
        return paths.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
    }
}
