import Foundation

/// A private folder of its own (`mkdtemp`, mode 0700), removed with everything in it when the
/// value is released.
final class ScratchFolder {
    let path: String

    init(in parent: String) throws {
        var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast()) + Array("exhibit-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CLIError.scratch(path: parent, reason: String(cString: strerror(errno)))
        }
        path = String(cString: made)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}
