import CaseStore
import Foundation

/// One original on its way into a case, shared between the thread that walks it and the
/// writer that commits it: the writer waits for the intake hash, then either refuses a
/// duplicate (and stops the walk) or writes the rows as the walk stages them.
final class OriginalIngest: @unchecked Sendable {
    let path: String
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var acquired: AcquiredFile?
    private var intake: Result<String, any Error>?
    private var stager: RecordStager?
    private var outcome: Result<OriginalSummary, any Error>?
    private var cancelled = false

    init(path: String) {
        self.path = path
    }

    /// Acquires, hashes at intake (on a thread of its own) and walks the original; on the
    /// calling thread, which it returns once the walk is over.
    func run(registry: ExtractorRegistry, options: IngestOptions, normalizer: Normalizer,
             custody: CustodyContext, progress: ProgressReporter?) {
        let result = Result {
            let acquired = try AcquiredFile(path: path)
            update { self.acquired = acquired }
            let hashing = Thread { [self] in
                let sha256 = Result { try IntakeHash.sha256(path: acquired.path) }
                update { intake = sha256 }
            }
            hashing.name = "exhibit.intake"
            hashing.start()
            let stager = RecordStager(normalizer: normalizer, acquired: acquired, party: options.party,
                                      spillDirectory: options.spillDirectory ?? NSTemporaryDirectory())
            update { self.stager = stager }
            return try IngestPipeline.walk(
                acquired, stager: stager, registry: registry, options: options, custody: custody, progress: progress,
                intakeSHA256: { try self.intakeSHA256() }, cancelled: { [self] in condition.withLock { cancelled } })
        }
        update {
            if intake == nil, case .failure(let error) = result { intake = .failure(error) }
            outcome = result
        }
    }

    /// The original as found on disk, once acquired.
    var acquiredFile: AcquiredFile? {
        condition.withLock { acquired }
    }

    /// Waits for the SHA-256 taken at intake.
    func intakeSHA256() throws -> String {
        try wait { intake }.get()
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
