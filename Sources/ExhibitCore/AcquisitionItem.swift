/// One thing `exhibit add` acquires, once the folders it was given are opened: a file, or a
/// reason why an entry of a folder is not acquired.
public enum AcquisitionItem: Sendable, Equatable {
    /// A file to acquire. `name` is how the case calls it: the file's name when it was given
    /// itself, its path from the folder given (that folder's name first) when found in one.
    case file(path: String, name: String)
    /// Seen and deliberately left out (a symbolic link, a device, the case's own files); recorded
    /// in the custody log, not an error.
    case skipped(path: String, reason: String)
    /// Could not be looked at (an unreadable folder, a name that is not UTF-8); an error.
    case unreadable(path: String, reason: String)
}
