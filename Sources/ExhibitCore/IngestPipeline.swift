import CaseStore
import EvidenceKit
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
    private let registry: ExtractorRegistry
    private let caseFile: CaseFile
    private let custody: CustodyContext

    public init(registry: ExtractorRegistry, caseFile: CaseFile, custody: CustodyContext) {
        self.registry = registry
        self.caseFile = caseFile
        self.custody = custody
    }

    /// Adds `paths` to the case; one outcome per path, in order.
    public func add(_ paths: [String], options: IngestOptions, progress: ProgressReporter? = nil) throws -> [IngestOutcome] {
        let normalizer = try Normalizer(timeZone: options.timeZone)
        if custody.commandIsLong {
            try caseFile.appendCustody(custody.entry("command", details: ["paths": String(paths.count)]))
        }
        var withSpill = options
        if withSpill.spillDirectory == nil {
            withSpill.spillDirectory = URL(fileURLWithPath: caseFile.path).deletingLastPathComponent().path
        }
        let options = withSpill
        let ingests = paths.map(OriginalIngest.init)
        let registry = self.registry
        let custody = self.custody
        var launched = 0
        var outcomes: [IngestOutcome] = []
        for index in paths.indices {
            while launched < paths.count, launched < index + options.jobs {
                let ingest = ingests[launched]
                let thread = Thread {
                    ingest.run(registry: registry, options: options, normalizer: normalizer, custody: custody,
                               progress: progress)
                }
                thread.stackSize = 16 << 20
                thread.start()
                launched += 1
            }
            outcomes.append(commit(ingests[index]))
        }
        return outcomes
    }

    /// Refuses a duplicate or writes the original; returns only once its walk is over.
    private func commit(_ ingest: OriginalIngest) -> IngestOutcome {
        do {
            let sha256 = try ingest.sha256()
            if let existing = try caseFile.original(sha256: sha256) {
                ingest.cancel()
                _ = try? ingest.summary()
                try caseFile.appendCustody(custody.entry(
                    "acquire.duplicate", exhibit: existing.exhibit,
                    details: ["source_path": ingest.acquiredFile?.path ?? ingest.path, "sha256": sha256,
                              "note": "same SHA-256 as \(existing.exhibit); not added again"]))
                return .duplicate(path: ingest.path, sha256: sha256, existing: existing.exhibit)
            }
            let exhibit = try caseFile.write(OriginalBatch(rows: try ingest.rows(originalSHA256: sha256)))
            return .added(exhibit: exhibit, try ingest.summary())
        } catch {
            ingest.cancel()
            _ = try? ingest.summary()
            return .failed(path: ingest.path, message: (error as? any LocalizedError)?.errorDescription ?? "\(error)")
        }
    }

    /// Reads one original into a batch, outside any case (also `exhibit extract`).
    public static func process(_ path: String, registry: ExtractorRegistry, options: IngestOptions,
                               normalizer: Normalizer, custody: CustodyContext?,
                               progress: ProgressReporter?) throws -> (OriginalBatch, OriginalSummary) {
        let acquired = try AcquiredFile(path: path)
        let stager = RecordStager(normalizer: normalizer, acquired: acquired, options: options)
        let summary = try walk(acquired, stager: stager, registry: registry, options: options, custody: custody,
                               progress: progress, settle: nil, onOriginalRead: nil)
        return (OriginalBatch(rows: stager.rows(originalSHA256: summary.sha256)), summary)
    }

    /// Walks `acquired` into `stager`, then ends its rows with the custody entries — or with
    /// the error that stopped it. `settle` is given the walk's hash and returns the intake hash
    /// it equals (`nil` if none was taken), or throws.
    static func walk(_ acquired: AcquiredFile, stager: RecordStager, registry: ExtractorRegistry,
                     options: IngestOptions, custody: CustodyContext?, progress: ProgressReporter?,
                     settle: ((String) throws -> String?)?,
                     onOriginalRead: ((Int64) throws -> Void)?) throws -> OriginalSummary {
        do {
            progress?.setLabel(acquired.name)
            let started = Normalizer.iso8601(Int64(Date().timeIntervalSince1970))
            let walk = OriginalWalk(registry: registry, budget: options.budget, stager: stager, progress: progress,
                                    onOriginalRead: onOriginalRead)
            try walk.walkOriginal(path: acquired.path, name: acquired.name)
            guard let original = walk.original, original.hashComplete, let sha256 = original.sha256 else {
                throw ExhibitCoreError.acquisitionFailed(
                    path: acquired.path, reason: walk.originalError ?? "the file could not be read to its end")
            }
            let atIntake = try settle?(sha256)
            let finished = Normalizer.iso8601(Int64(Date().timeIntervalSince1970))
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
                if original.size != acquired.size { acquisition["size_changed_while_reading"] = String(acquired.size) }
                entries.append(custody.entry("acquire", details: acquisition))
                entries.append(custody.entry("extract", details: [
                    "started": started, "finished": finished,
                    "extractors": walk.extractorsUsed.keys.sorted().map { "\($0) \(walk.extractorsUsed[$0]!)" }
                        .joined(separator: ", "),
                    "artifacts": String(walk.artifactCount), "findings": String(walk.findingCount),
                    "budget": CanonicalJSON.encode(options.budget),
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
