import CCrashMarker
import ExhibitFoundation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Which original `exhibit add` was walking when it crashed, so that the next `add` can take it
/// without extracting it: a crash must not cost the other originals, run after run.
///
/// While a thread walks an original, the original is registered with the process's crash
/// handler (C, `CCrashMarker`): a fault on that thread (SIGSEGV — a stack overflow —, SIGBUS,
/// SIGILL and SIGTRAP — a Swift trap —, SIGFPE) or an abort appends one line to `CASE.crashed`
/// beside the case: the signal, and the file's device, inode, size and modification time. The
/// process still dies of the signal. Nothing is written when a process is killed or
/// interrupted, nor for a signal another process sends: only a crash on a walking thread names
/// an original. The next `add` of the same file (the same device, inode, size and time) hashes
/// it and records an extraction error saying why it was not extracted; the line is dropped once
/// that original is in the case. A file changed since is extracted again.
///
/// Isolating each extractor in a process of its own (`--isolate`) is the full answer; this keeps
/// a production that crashes Exhibit from being unaddable.
public final class CrashMarker: @unchecked Sendable {
    /// One crash, as the handler wrote it.
    struct Crash: Hashable {
        let signal: Int32
        let device: UInt64
        let inode: UInt64
        let size: Int64
        let modifiedNanoseconds: Int64
        /// The path the original had, its UTF-8 bytes in hex (a name may hold a line break).
        let pathHex: String
    }

    /// The marker file.
    public let path: String
    /// The crashes recorded by earlier runs.
    let crashes: [Crash]
    private let lock = NSLock()
    // Guarded by `lock`: the crashes whose originals this run took without extracting them.
    private var taken: Set<Crash> = []

    /// The marker of the case at `casePath`, with the crashes earlier runs recorded in it.
    public init(casePath: String) {
        path = casePath + ".crashed"
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        crashes = text.split(separator: "\n").compactMap(Self.crash)
    }

    /// How many crashes earlier runs recorded.
    public var count: Int { crashes.count }

    /// Installs the crash handler for this process (once; `exhibit add` only).
    public func install() throws {
        guard exhibit_crash_marker_install(path) == 0 else {
            throw ExhibitCoreError.crashHandler(path: path)
        }
    }

    /// Why the file at `filePath` must not be extracted: it crashed an earlier run as it is now.
    func crashReason(forFileAt filePath: String) -> String? {
        var info = stat()
        guard !crashes.isEmpty, stat(filePath, &info) == 0 else { return nil }
        let modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        guard let crash = crashes.first(where: {
            $0.device == UInt64(info.st_dev) && $0.inode == UInt64(info.st_ino) && $0.size == Int64(info.st_size)
                && $0.modifiedNanoseconds == modified
        }) else { return nil }
        lock.withLock { _ = taken.insert(crash) }
        return "not extracted: an extractor crashed on this file in an earlier `exhibit add` "
            + "(signal \(crash.signal), \(Self.signalName(crash.signal))); it is hashed only"
    }

    /// Registers the calling thread as walking `file` until the registration ends.
    func walking(_ file: AcquiredFile) -> Registration {
        let line = "000 \(file.identity.device) \(file.identity.inode) \(file.size) \(file.modifiedNanoseconds) "
            + Hex.encode(Array(file.path.utf8)) + "\n"
        return Registration(handle: line.withCString { exhibit_crash_marker_begin($0, strlen($0)) })
    }

    /// A thread's registration with the crash handler.
    struct Registration {
        fileprivate let handle: Int32

        func end() {
            exhibit_crash_marker_end(handle)
        }
    }

    /// Drops the crashes whose originals this run took (and so are in the case); removes the
    /// marker when none is left.
    public func forgetTaken() throws {
        let remaining = lock.withLock { crashes.filter { !taken.contains($0) } }
        guard remaining.count != crashes.count else { return }
        if remaining.isEmpty {
            guard unlink(path) == 0 || errno == ENOENT else {
                throw ExhibitCoreError.acquisitionFailed(path: path, reason: String(cString: strerror(errno)))
            }
            return
        }
        try Data(remaining.map(Self.line).joined().utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    /// `SSS device inode size mtime hexpath`, as the handler writes it.
    private static func crash(_ line: Substring) -> Crash? {
        let fields = line.split(separator: " ")
        guard fields.count == 6, let signal = Int32(fields[0]), let device = UInt64(fields[1]), let inode = UInt64(fields[2]),
              let size = Int64(fields[3]), let modified = Int64(fields[4]) else {
            return nil
        }
        return Crash(signal: signal, device: device, inode: inode, size: size, modifiedNanoseconds: modified,
                     pathHex: String(fields[5]))
    }

    private static func line(_ crash: Crash) -> String {
        String(format: "%03d", crash.signal)
            + " \(crash.device) \(crash.inode) \(crash.size) \(crash.modifiedNanoseconds) \(crash.pathHex)\n"
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGSEGV: return "SIGSEGV, a stack overflow or a bad memory access"
        case SIGBUS: return "SIGBUS"
        case SIGILL, SIGTRAP: return "a Swift runtime trap"
        case SIGFPE: return "SIGFPE"
        case SIGABRT: return "SIGABRT"
        default: return "signal \(signal)"
        }
    }
}
