import CaseStore
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One original on its way into a case, shared between the thread that walks it and the
/// writer that commits it.
///
/// The original is named by its SHA-256, which the walk knows only after its last byte. When the
/// walk is slow — decompressing, or many members — a second thread hashes the file at intake, on
/// CPU time nothing else wants (`SCHED_IDLE`): the hash is then known long before the walk ends,
/// and the writer can refuse a duplicate (stopping its walk) or write the rows while the walk
/// stages them. When the walk is fast (an uncompressed blob reads at hashing speed) a second
/// hash would only compete with it, so none is taken; and if the walk still finishes first, the
/// intake hash is abandoned. The rows are then written after the walk, named by its own hash.
/// When both hashes are taken, they must agree.
final class OriginalIngest: @unchecked Sendable {
    let path: String
    /// How the case calls it (``AcquisitionItem/file(path:name:)``); the file's name if `nil`.
    let caseName: String?
    /// Why it is to be hashed and not extracted (it crashed an earlier run), if it is.
    let unextracted: String?
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var acquired: AcquiredFile?
    /// The SHA-256 that names the original: the intake hash or the walk's, whichever came first.
    private var name: Result<String, any Error>?
    private var atIntake: String?
    private var intakeAbandoned = false
    private var stager: RecordStager?
    private var outcome: Result<OriginalSummary, any Error>?
    private var cancelled = false
    // The walk's thread only.
    private var walkStarted = DispatchTime.now()
    private var intakeStarted = false
    private var size: Int64 = 0

    /// What the intake hash is assumed to read per second (SHA-256 with the CPU's SHA
    /// instructions; about a third of it without them).
    private static let assumedHashRate = 1e9

    /// The file's size when the ingest was made (0 if it could not be looked at): the writer
    /// tells a large original by it before the walk has looked at the file.
    let sizeWhenQueued: Int64

    init(path: String, name: String? = nil, unextracted: String? = nil) {
        self.path = path
        caseName = name
        self.unextracted = unextracted
        var info = stat()
        sizeWhenQueued = stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    /// Acquires, hashes at intake (on a thread of its own) and walks the original; on the
    /// calling thread, which it returns once the walk is over.
    func run(registry: ExtractorRegistry, options: IngestOptions, normalizer: Normalizer,
             custody: CustodyContext, progress: ProgressReporter?) {
        let result = Result {
            let acquired = try AcquiredFile(path: path, name: caseName)
            update { self.acquired = acquired }
            size = acquired.size
            walkStarted = .now()
            intakeStarted = options.intakeHash != .paced
            if options.intakeHash == .always { startIntake(acquired) }
            let stager = RecordStager(normalizer: normalizer, acquired: acquired, options: options)
            update { self.stager = stager }
            // A crash while this thread walks the original names it for the next run.
            let walking = options.crashMarker?.walking(acquired)
            defer { walking?.end() }
            return try IngestPipeline.walk(
                acquired, stager: stager, registry: registry, options: options, custody: custody, progress: progress,
                settle: { try self.settle(extracted: $0) }, onOriginalRead: { try self.originalRead($0, of: acquired) },
                unextracted: unextracted)
        }
        update {
            intakeAbandoned = true
            if name == nil, case .failure(let error) = result { name = .failure(error) }
            outcome = result
        }
    }

    /// On the walk's thread, on every read of the original: stops a cancelled walk, and starts the
    /// intake hash once the walk, at its pace so far, still has at least four times as long to
    /// go as the intake hash would take.
    private func originalRead(_ bytes: Int64, of acquired: AcquiredFile) throws {
        if condition.withLock({ cancelled }) { throw CancellationError() }
        guard !intakeStarted else { return }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - walkStarted.uptimeNanoseconds) / 1e9
        if Self.paysToHashAtIntake(size: size, read: bytes, seconds: elapsed) {
            intakeStarted = true
            startIntake(acquired)
        }
    }

    /// Whether a walk that has read `read` of `size` bytes in `seconds` still has, at that pace,
    /// at least four times as long to go as hashing the whole file would take. Not before a
    /// tenth of a second: the pace of the first reads says little.
    static func paysToHashAtIntake(size: Int64, read: Int64, seconds: Double) -> Bool {
        guard seconds >= 0.1, read > 0 else { return false }
        let remaining = Double(max(size - read, 0)) / (Double(read) / seconds)
        return remaining >= 4 * Double(size) / assumedHashRate
    }

    private func startIntake(_ acquired: AcquiredFile) {
        let thread = Thread { [self] in
            #if os(Linux)
            // SCHED_IDLE (5 in <linux/sched.h>; Glibc's module does not export it): this thread
            // runs only on CPU time no other thread wants.
            var idle = sched_param()
            _ = sched_setscheduler(0, 5, &idle)
            #endif
            // A file that cannot be read here, or is no longer the file looked at, is left to the
            // walk to report.
            guard let sha256 = try? IntakeHash.sha256(path: acquired.path, identity: acquired.identity, until: { [self] in
                condition.withLock { intakeAbandoned }
            }) else { return }
            recordIntake(sha256)
        }
        thread.name = "exhibit.intake"
        thread.start()
    }

    /// The intake hash, unless the walk finished first.
    func recordIntake(_ sha256: String) {
        update {
            guard !intakeAbandoned else { return }
            atIntake = sha256
            if name == nil { name = .success(sha256) }
        }
    }

    /// Called by the walk with the hash of the bytes it read: the intake hash it was checked
    /// against, or `nil` if the walk finished first (the intake hash is then abandoned).
    func settle(extracted: String) throws -> String? {
        try condition.withLock {
            defer { condition.broadcast() }
            intakeAbandoned = true
            guard let atIntake else {
                if name == nil { name = .success(extracted) }
                return nil
            }
            guard atIntake == extracted else {
                throw ExhibitCoreError.changedWhileRead(path: acquired?.path ?? path, atIntake: atIntake, extracted: extracted)
            }
            return atIntake
        }
    }

    /// The original as found on disk, once acquired.
    var acquiredFile: AcquiredFile? {
        condition.withLock { acquired }
    }

    /// Waits for the SHA-256 that names the original.
    func sha256() throws -> String {
        try wait { name }.get()
    }

    /// The rows as the walk stages them, with ids derived from `originalSHA256`; they end with
    /// the walk, or throw its error.
    func rows(originalSHA256: String) throws -> StagedRows {
        let stager = try wait { () -> Result<RecordStager, any Error>? in
            if let stager = self.stager { return .success(stager) }
            if case .failure(let error) = outcome { return .failure(error) }
            return nil
        }.get()
        return stager.rows(originalSHA256: originalSHA256)
    }

    /// Asks the walk to stop early (its results will not be used).
    func cancel() {
        update { cancelled = true }
    }

    /// Whether the walk has ended.
    var isFinished: Bool {
        condition.withLock { outcome != nil }
    }

    /// Waits for the walk to end; what it found, or why it failed.
    func summary() throws -> OriginalSummary {
        try wait { outcome }.get()
    }

    private func update(_ change: () -> Void) {
        condition.withLock {
            change()
            condition.broadcast()
        }
    }

    private func wait<T>(for value: () -> T?) -> T {
        condition.withLock {
            while true {
                if let value = value() { return value }
                condition.wait()
            }
        }
    }
}
