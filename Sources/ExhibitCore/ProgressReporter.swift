import ExhibitFoundation
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Progress on standard error — bytes, items, rate — redrawn at most four times a second,
/// and only when standard error is a terminal.
public final class ProgressReporter: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes: Int64 = 0
    private var items: Int64 = 0
    private var label = ""
    private let start = Date()
    private var lastDraw = Date.distantPast

    /// A reporter, or `nil` when standard error is not a terminal.
    public static func forTerminal() -> ProgressReporter? {
        isatty(STDERR_FILENO) == 1 ? ProgressReporter() : nil
    }

    /// What is being read: a name from the evidence, so shown with ``VisibleText`` escapes.
    public func setLabel(_ text: String) {
        let shown = VisibleText.escaped(text)
        lock.withLock { label = shown }
    }

    func addBytes(_ count: Int64) {
        lock.withLock { bytes += count }
        drawIfDue()
    }

    func addItems(_ count: Int64) {
        lock.withLock { items += count }
        drawIfDue()
    }

    /// Clears the progress line.
    public func finish() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    private func drawIfDue() {
        let line: String? = lock.withLock {
            let now = Date()
            guard now.timeIntervalSince(lastDraw) >= 0.25 else { return nil }
            lastDraw = now
            let seconds = max(now.timeIntervalSince(start), 0.001)
            let mib = Double(bytes) / 1_048_576
            return String(format: "\r\u{1B}[K%@  %.1f MiB  %lld items  %.1f MiB/s", label, mib, items, mib / seconds)
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }
}
