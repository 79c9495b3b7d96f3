import Foundation

/// Who may write to a case: one `exhibit` process at a time, the others wait their turn.
///
/// A case is written in long transactions (one per original, held while it streams), and
/// SQLite's own lock makes a second writer give up after a timeout. Writers take this lock
/// first instead: an advisory `flock` on `<case>.lock` beside the case, which the system
/// releases when the process ends however it ends (a `kill -9` included). The file says who
/// holds it, so a waiting process can tell its user.
public final class CaseLock: Sendable {
    /// The process holding a lock, as it wrote itself into the lock file.
    public struct Holder: Sendable, Equatable {
        public let pid: Int32
        public let since: String
        public let command: String
    }

    private let descriptor: Int32
    /// The lock file.
    public let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// The lock file of the case at `casePath`.
    public static func lockPath(for casePath: String) -> String {
        casePath + ".lock"
    }

    /// Takes the lock of the case at `casePath`, waiting while another process holds it;
    /// `waiting` is called once, before the wait, with what the lock file says of the holder.
    public static func acquire(for casePath: String, command: String,
                               waiting: (Holder?) -> Void = { _ in }) throws -> CaseLock {
        let path = lockPath(for: casePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CaseStoreError.database(path: path, reason: "cannot open the case's lock file: \(String(cString: strerror(errno)))")
        }
        let lock = CaseLock(descriptor: descriptor, path: path)
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else { throw lock.failure("cannot lock the case") }
            waiting(lock.holder())
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else { throw lock.failure("cannot lock the case") }
            }
        }
        lock.record(command: command)
        return lock
    }

    private func failure(_ what: String) -> CaseStoreError {
        .database(path: path, reason: "\(what): \(String(cString: strerror(errno)))")
    }

    /// Writes this process into the lock file (what a waiting process shows).
    private func record(command: String) {
        // strftime, not ISO8601DateFormatter: that one loads ICU's tables (5 MiB of resident
        // memory for every `exhibit add`).
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        var text = [CChar](repeating: 0, count: 32)
        strftime(&text, text.count, "%Y-%m-%dT%H:%M:%SZ", &parts)
        let since = String(cString: text)
        let record = "\(getpid())\n\(since)\n\(command.replacingOccurrences(of: "\n", with: " "))\n"
        ftruncate(descriptor, 0)
        _ = record.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    }

    /// What the lock file says (pid, time, command on three lines), if it can be read.
    private func holder() -> Holder? {
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = pread(descriptor, &bytes, bytes.count, 0)
        guard count > 0 else { return nil }
        let lines = String(decoding: bytes[..<count], as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 3, let pid = Int32(lines[0]) else { return nil }
        return Holder(pid: pid, since: String(lines[1]), command: String(lines[2]))
    }
}
