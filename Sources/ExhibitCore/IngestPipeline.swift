import CaseStore
import EvidenceKit
import Foundation

/// Acquires originals into a case: each is read once (hashed, recognized, extracted, its
/// members streamed through the same steps), on as many threads as `jobs`, and written in the
/// order given, one transaction per original.
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
        let results = OrderedResults<Result<(OriginalBatch, OriginalSummary), any Error>>()
        let registry = self.registry
        let custody = self.custody
        var launched = 0
        var outcomes: [IngestOutcome] = []
        for index in paths.indices {
            while launched < paths.count, launched < index + options.jobs {
                let position = launched
                let path = paths[position]
                let thread = Thread {
                    let result = Result {
                        try Self.process(path, registry: registry, options: options, normalizer: normalizer,
                                         custody: custody, progress: progress)
                    }
                    results.put(result, at: position)
                }
                thread.stackSize = 16 << 20
                thread.start()
                launched += 1
            }
            outcomes.append(commit(results.take(index), path: paths[index]))
        }
        return outcomes
    }

    private func commit(_ result: Result<(OriginalBatch, OriginalSummary), any Error>, path: String) -> IngestOutcome {
        switch result {
        case .failure(let error):
            return .failed(path: path, message: (error as? any LocalizedError)?.errorDescription ?? "\(error)")
        case .success(let (batch, summary)):
            do {
                if let existing = try caseFile.original(sha256: summary.sha256) {
                    try caseFile.appendCustody(custody.entry(
                        "acquire.duplicate", exhibit: existing.exhibit,
                        details: ["source_path": summary.path, "sha256": summary.sha256,
                                  "note": "same SHA-256 as \(existing.exhibit); not added again"]))
                    return .duplicate(path: path, sha256: summary.sha256, existing: existing.exhibit)
                }
                return .added(exhibit: try caseFile.write(batch), summary)
            } catch {
                return .failed(path: path, message: (error as? any LocalizedError)?.errorDescription ?? "\(error)")
            }
        }
    }

    /// Reads one original into a batch, outside any case (also `exhibit extract`).
    public static func process(_ path: String, registry: ExtractorRegistry, options: IngestOptions,
                               normalizer: Normalizer, custody: CustodyContext?,
                               progress: ProgressReporter?) throws -> (OriginalBatch, OriginalSummary) {
        let acquired = try AcquiredFile(path: path)
        progress?.setLabel(acquired.name)
        let started = Normalizer.iso8601(Int64(Date().timeIntervalSince1970))
        let stager = RecordStager(normalizer: normalizer, acquired: acquired, party: options.party,
                                  spillDirectory: options.spillDirectory ?? NSTemporaryDirectory())
        let walk = OriginalWalk(registry: registry, budget: options.budget, stager: stager, progress: progress)
        try walk.walkOriginal(path: acquired.path, name: acquired.name)
        guard let original = walk.original, original.hashComplete, let sha256 = original.sha256 else {
            throw ExhibitCoreError.acquisitionFailed(path: path, reason: walk.originalError ?? "the file could not be read to its end")
        }
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
        let staged = try stager.finish(originalSHA256: sha256)
        let batch = OriginalBatch(rows: staged.rows, entities: staged.entities, custody: entries)
        return (batch, summary)
    }
}
