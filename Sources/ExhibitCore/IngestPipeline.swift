import CaseAnalyses
import CaseStore
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// Acquires originals into a case: each is read once to be hashed, recognized and extracted,
/// its members streamed through the same steps (and, on idle CPU, hashed at intake beside it:
/// ``OriginalIngest``); on as many threads as `jobs`, and written in the order given, one
/// transaction per original. Once an original is named by its hash, its rows go to the case as
/// the walk stages them; those of the originals after it wait in their spools.
///
/// The results do not depend on scheduling: ids are content-derived, exhibit numbers follow
/// argument order, and each original is walked by one thread.
public final class IngestPipeline: Sendable {
    /// Entries that may wait behind the files being read before taking more.
    static let waitingLimit = 1024
    /// A group of originals is committed once it holds this many (originals and entries) …
    static let groupSize = 256
    /// … or is this old, in seconds (so that outcomes come out as the work goes).
    static let groupSeconds = 0.25
    /// An original this large, still being walked when its turn comes, starts a group of its own.
    static let groupAloneBytes: Int64 = 16 << 20

    private let registry: ExtractorRegistry
    private let caseFile: any CaseStoring
    private let custody: CustodyContext
    /// More for the run's `extractors` custody entry (the external extractors' files and protections).
    private let runDetails: [String: Value]

    public init(registry: ExtractorRegistry, caseFile: any CaseStoring, custody: CustodyContext, runDetails: [String: Value] = [:]) {
        self.registry = registry
        self.caseFile = caseFile
        self.custody = custody
        self.runDetails = runDetails
    }

    /// Adds `paths` to the case — files, and the files of folders (``AcquisitionList``); one
    /// outcome per file or skipped entry, in order.
    public func add(_ paths: [String], options: IngestOptions, progress: ProgressReporter? = nil) throws -> [IngestOutcome] {
        var outcomes: [IngestOutcome] = []
        try add(AcquisitionList(paths, excluding: caseFile.companionPaths), options: options, progress: progress) {
            outcomes.append($0)
        }
        return outcomes
    }

    /// Adds the files of `items` to the case in their order, `options.jobs` at a time, and tells
    /// `report` each outcome as soon as it is committed. Items are taken from the sequence only
    /// as the work reaches them, so a folder of a million files is never held whole.
    public func add(_ items: some Sequence<AcquisitionItem>, options: IngestOptions, progress: ProgressReporter? = nil,
                    report: (IngestOutcome) throws -> Void) throws {
        let normalizer = try Normalizer(timeZone: options.timeZone)
        var withSpill = options
        if withSpill.spillDirectory == nil {
            withSpill.spillDirectory = URL(fileURLWithPath: caseFile.path).deletingLastPathComponent().path
        }
        let options = withSpill
        let registry = self.registry
        let custody = self.custody
        try caseFile.session { session in
            if custody.commandIsLong {
                try session.appendCustody(custody.entry("command", details: [:]))
            }
            // The extractors this run may use, as they describe themselves, with the options in
            // force: a finding's extractor id and version then lead to what it read and how.
            try session.appendCustody(custody.entry("extractors", values: runDetails.merging(
                ["extractors": registry.custodyRecord]) { $1 }))
            /// Items taken but not yet reported, in order: files being read (at most `jobs`), and
            /// the entries behind them that wait for their turn.
            var window: [Pending] = []
            var reading = 0
            /// Outcomes written in the open group: reported once it is committed.
            var written: [IngestOutcome] = []
            func commitGroup() throws {
                try session.commit()
                for outcome in written { try report(outcome) }
                written.removeAll()
            }
            func settleFirst() throws {
                let first = window.removeFirst()
                if case .reading(let ingest) = first {
                    reading -= 1
                    // A large original still being walked is written in a group of its own: the small
                    // ones before it are committed first, not held while it streams.
                    if !ingest.isFinished, ingest.sizeWhenQueued >= Self.groupAloneBytes { try commitGroup() }
                }
                written.append(try settle(first, in: session))
                if session.groupSize >= Self.groupSize || session.groupAge >= Self.groupSeconds { try commitGroup() }
            }
            do {
                for item in items {
                    switch item {
                    case .file(let path, let name):
                        while reading >= options.jobs { try settleFirst() }
                        let ingest = OriginalIngest(path: path, name: name,
                                                    unextracted: options.crashMarker?.crashReason(forFileAt: path))
                        WorkerThreads.shared.run {
                            ingest.run(registry: registry, options: options, normalizer: normalizer, custody: custody,
                                       progress: progress)
                        }
                        reading += 1
                        window.append(.reading(ingest))
                    case .skipped(let path, let reason): window.append(.skipped(path: path, reason: reason))
                    case .unreadable(let path, let reason): window.append(.unreadable(path: path, reason: reason))
                    }
                    // Entries behind a long read wait for it, but not without bound: a folder of links
                    // behind one large file must not pile up in memory.
                    while let first = window.first, !first.isReading || window.count > Self.waitingLimit { try settleFirst() }
                }
                while !window.isEmpty { try settleFirst() }
                try commitGroup()
            } catch {
                // The caller could not take an outcome, or the case could not be written: the walks
                // still going are stopped, not left behind (and the open group is rolled back).
                for case .reading(let ingest) in window {
                    ingest.cancel()
                    _ = try? ingest.summary()
                }
                throw error
            }
        }
        // The conclusions the host keeps (identical content, shared entities), refreshed as one
        // more committed write when this add wrote an original.
        try HostAnalyses.refresh(caseFile, entry: custody.entry(HostAnalyses.action, details: [:]))
    }

    /// An item taken from the list and not yet reported.
    private enum Pending {
        case reading(OriginalIngest)
        case skipped(path: String, reason: String)
        case unreadable(path: String, reason: String)

        var isReading: Bool {
            if case .reading = self { return true } else { return false }
        }
    }

    /// The outcome of a pending item, once its turn comes: a file is written (waiting for its
    /// walk); a skipped entry goes to the custody log (what was seen and not taken is part of the
    /// record); an unreadable one is a failure.
    private func settle(_ pending: Pending, in session: any CaseSessionWriting) throws -> IngestOutcome {
        switch pending {
        case .reading(let ingest):
            return try commit(ingest, in: session)
        case .unreadable(let path, let reason):
            return .failed(path: path, message: "could not acquire: \(reason)")
        case .skipped(let path, let reason):
            try session.appendCustody(custody.entry("acquire.skipped", details: ["source_path": path, "reason": reason]))
            return .skipped(path: path, reason: reason)
        }
    }

    /// Refuses a duplicate or writes the original; returns only once its walk is over. Its own
    /// failure is its outcome; a case that cannot be written any more is thrown.
    private func commit(_ ingest: OriginalIngest, in session: any CaseSessionWriting) throws -> IngestOutcome {
        do {
            let sha256 = try ingest.sha256()
            switch try session.write(original: sha256, { OriginalBatch(rows: try ingest.rows(originalSHA256: sha256)) }) {
            case .written(let exhibit):
                return .added(exhibit: exhibit, try ingest.summary())
            case .present(let existing):
                ingest.cancel()
                _ = try? ingest.summary()
                try session.appendCustody(custody.entry(
                    "acquire.duplicate", exhibit: existing.exhibit,
                    details: ["source_path": ingest.acquiredFile?.path ?? ingest.path, "sha256": sha256,
                              "note": "same SHA-256 as \(existing.exhibit); not added again"]))
                return .duplicate(path: ingest.path, sha256: sha256, existing: existing.exhibit)
            }
        } catch {
            if case CaseStoreError.groupRolledBack = error { throw error }
            ingest.cancel()
            _ = try? ingest.summary()
            return .failed(path: ingest.path, message: (error as? any LocalizedError)?.errorDescription ?? "\(error)")
        }
    }

    /// Reads one original into a batch, outside any case (also `exhibit extract`); the walk runs
    /// on a ``WorkerThreads`` thread, whose stack the budget's depths are measured against.
    public static func process(_ path: String, registry: ExtractorRegistry, options: IngestOptions,
                               normalizer: Normalizer, custody: CustodyContext?,
                               progress: ProgressReporter?) throws -> (OriginalBatch, OriginalSummary) {
        let acquired = try AcquiredFile(path: path)
        let stager = RecordStager(normalizer: normalizer, acquired: acquired, options: options)
        let summary = try WorkerThreads.shared.runAndWait {
            try walk(acquired, stager: stager, registry: registry, options: options, custody: custody,
                     progress: progress, settle: nil, onOriginalRead: nil)
        }
        return (OriginalBatch(rows: stager.rows(originalSHA256: summary.sha256)), summary)
    }

    /// Walks `acquired` into `stager`, then ends its rows with the custody entries — or with
    /// the error that stopped it. `settle` is given the walk's hash and returns the intake hash
    /// it equals (`nil` if none was taken), or throws.
    static func walk(_ acquired: AcquiredFile, stager: RecordStager, registry: ExtractorRegistry,
                     options: IngestOptions, custody: CustodyContext?, progress: ProgressReporter?,
                     settle: ((String) throws -> String?)?,
                     onOriginalRead: ((Int64) throws -> Void)?, unextracted: String? = nil) throws -> OriginalSummary {
        do {
            progress?.setLabel(acquired.name)
            let started = UTCTime.iso8601(Int64(Date().timeIntervalSince1970))
            let walk = OriginalWalk(registry: registry, budget: options.budget, stager: stager, progress: progress,
                                    onOriginalRead: onOriginalRead, unextracted: unextracted)
            try walk.walkOriginal(path: acquired.path, name: acquired.name, identity: acquired.identity,
                                  modified: acquired.modifiedTimestamp)
            guard let original = walk.original, original.hashComplete, let sha256 = original.sha256 else {
                throw ExhibitCoreError.acquisitionFailed(
                    path: acquired.path, reason: walk.originalError ?? "the file could not be read to its end")
            }
            // Appended to or rewritten while it was read, the file is not what was hashed.
            if let change = acquired.change(sinceReading: original.size) {
                throw ExhibitCoreError.changedDuringIntake(path: acquired.path, change: change)
            }
            let atIntake = try settle?(sha256)
            let finished = UTCTime.iso8601(Int64(Date().timeIntervalSince1970))
            let summary = OriginalSummary(
                path: acquired.path, name: acquired.name, sha256: sha256, size: original.size,
                members: walk.artifactCount - 1, findings: walk.findingCount, warnings: walk.warningCount,
                limitations: walk.limitationCount, errors: walk.errorCount)
            var entries: [CustodyRecord] = []
            if let custody {
                var acquisition = [
                    "source_path": acquired.path, "size": String(original.size), "sha256": sha256,
                    "file_modified": acquired.modified, "file_changed": acquired.changed,
                    "file_accessed": acquired.accessed, "party": options.party ?? "",
                    "opened": "read-only (O_RDONLY)",
                ]
                if atIntake != nil {
                    acquisition["hashed"] = "twice, equal: at intake, and while extracted"
                }
                if let link = acquired.viaSymlink { acquisition["given_as_symlink"] = link }
                entries.append(custody.entry("acquire", details: acquisition))
                entries.append(custody.entry("extract", details: [
                    "started": started, "finished": finished,
                    "extractors": walk.extractorsUsed.keys.sorted().map { "\($0) \(walk.extractorsUsed[$0]!)" }
                        .joined(separator: ", "),
                    "artifacts": String(walk.artifactCount), "findings": String(walk.findingCount),
                    "budget": CanonicalJSON.encode(options.budget),
                    "ml_vocabulary": MLVocabulary.version,
                ]))
            }
            try stager.finish(custody: entries)
            return summary
        } catch {
            stager.abandon(error)
            throw error
        }
    }
}
