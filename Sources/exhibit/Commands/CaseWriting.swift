import CaseStore
import ExhibitCore
import ExhibitFoundation
import Foundation

/// The commands that write to a case (`add`, `bundle`) take its ``CaseLock`` first, and say so
/// on standard error when another process holds it, instead of failing after SQLite's timeout.
enum CaseWriting {
    static func lock(_ casePath: String) throws -> CaseLock {
        try CaseLock.acquire(for: casePath, command: CustodyContext.currentCommandLine()) { holder in
            let who = holder.map { "pid \($0.pid), since \($0.since): \($0.command)" } ?? "another process"
            FileHandle.standardError.write(Data("waiting for the case: another exhibit is writing it (\(VisibleText.escaped(who)))\n".utf8))
        }
    }
}
