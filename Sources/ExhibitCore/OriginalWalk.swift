import EvidenceKit
import ExhibitFoundation
import Foundation

/// One original, walked: its bytes hashed as they are read, recognized, extracted, and every
/// member streamed through the same steps recursively, within the budget. Nothing touches disk.
///
/// The walk only records: each artifact and finding goes to a ``RecordStager`` as soon as it
/// is complete, which turns it into a row on another thread; only the artifacts still being
/// read (the chain of containers down to the current member) stay here.
final class OriginalWalk {
    /// How many bytes of each artifact are read for recognition before extraction.
    static let headLength = 64 * 1024
    /// Members up to this size are hashed by the stager, beside this thread.
    static let keptContentLength = 64 * 1024

    let registry: ExtractorRegistry
    let budget: ResourceBudget
    private let deadline: DispatchTime
    /// The parser-level limits handed to every extractor, with this original's deadline.
    private let limits: ExtractionLimits
    private let progress: ProgressReporter?
    private let stager: RecordStager
    /// Told the bytes of the original read so far, on every read of it; throwing stops the walk.
    private let onOriginalRead: ((Int64) throws -> Void)?
    /// Why the original is hashed and offered to no extractor (it crashed an earlier run), if it is.
    private let unextracted: String?

    /// Artifacts still being read, by ordinal.
    private var open: [Int: PendingArtifact] = [:]
    /// Artifacts found so far (the next ordinal).
    private(set) var artifactCount = 0
    /// The original's record, once it has been read.
    private(set) var original: PendingArtifact?
    /// The first error recorded on the original itself.
    private(set) var originalError: String?
    /// Findings recorded, and how many of them are warnings (not limitations), limitations, errors.
    private(set) var findingCount = 0
    private(set) var warningCount = 0
    private(set) var limitationCount = 0
    private(set) var errorCount = 0
    /// Extractors that ran, by id, with their versions.
    private(set) var extractorsUsed: [String: String] = [:]
    private var expandedBytes: Int64 = 0
    private var originalBytes: Int64 = 0
    /// Once set, every container stops handing out members.
    private(set) var expansionStopped: (any Error)?
    /// The original's file, for the positional reads an extractor of the original may make.
    private var originalFile: (any RandomAccessByteSource)?
    /// The original's modification time on disk, offered to its extractors (a log's year anchor).
    private var originalModified: Timestamp?
    /// One buffer for draining what extractors leave unread, reused for every artifact.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)

    init(registry: ExtractorRegistry, budget: ResourceBudget, stager: RecordStager, progress: ProgressReporter?,
         onOriginalRead: ((Int64) throws -> Void)? = nil, unextracted: String? = nil) {
        self.onOriginalRead = onOriginalRead
        self.unextracted = unextracted
        self.registry = registry
        var budget = budget
        // Set in code rather than through `apply`, a depth is still held to what the stack holds.
        budget.archiveDepth = min(budget.archiveDepth, Int(ResourceBudget.maxArchiveDepth))
        self.budget = budget
        self.stager = stager
        self.progress = progress
        let deadline = DispatchTime.now() + .seconds(Int(clamping: budget.secondsPerArtifact))
        self.deadline = deadline
        var limits = budget.extractionLimits
        limits.deadline = deadline.uptimeNanoseconds
        self.limits = limits
    }

    deinit {
        scratch.deallocate()
    }

    /// Walks the file at `path`, opened read-only, as an original named `name`; it must still be
    /// the file `identity` names, if given.
    func walkOriginal(path: String, name: String, identity: FileIdentity? = nil, modified: Timestamp? = nil) throws {
        let source = try FileByteSource(path: path)
        if let identity, source.identity != identity { throw ExhibitCoreError.replaced(path: path) }
        originalFile = source
        originalModified = modified
        defer {
            originalFile = nil
            originalModified = nil
        }
        _ = walk(source, name: name, evidencePath: EvidencePath(original: name), depth: 0, parent: nil, memberKey: nil,
                 member: nil)
    }

    /// Walks a member handed out by a container.
    func walkMember(_ member: Member, key: String, content: (any ByteSource)?, parent: Int) {
        let parentRecord = open[parent]!
        let name = Self.lastComponent(of: member.path)
        let evidencePath = parentRecord.evidencePath.appending(member.path)
        guard let content else {
            var record = PendingArtifact(parentIndex: parent, name: name, evidencePath: evidencePath,
                                         depth: parentRecord.depth + 1, member: member)
            record.declaredSize = member.size
            record.hashComplete = true
            record.mediaType = member.type == .directory ? "inode/directory"
                : member.type == .symlink ? "inode/symlink" : nil
            let index = artifactCount
            artifactCount += 1
            stager.post(.opened(ordinal: index, parent: parent, key: key))
            stager.post(.closed(ordinal: index, record))
            progress?.addItems(1)
            return
        }
        _ = walk(content, name: name, evidencePath: evidencePath, depth: parentRecord.depth + 1,
                 parent: parent, memberKey: key, member: member)
    }

    /// `a/b/c.py` → `c.py`; `a/b/` → `b`; a name of slashes only is kept whole.
    static func lastComponent(of path: String) -> String {
        let utf8 = path.utf8
        let slash = UInt8(ascii: "/")
        guard let end = utf8.lastIndex(where: { $0 != slash }) else { return path }
        let start = utf8[..<end].lastIndex(of: slash).map(utf8.index(after:)) ?? utf8.startIndex
        return String(path[start...end])
    }

    private func walk(_ source: any ByteSource, name: String, evidencePath: EvidencePath, depth: Int,
                      parent: Int?, memberKey: String?, member: Member?) -> Int {
        let index = artifactCount
        artifactCount += 1
        var pending = PendingArtifact(parentIndex: parent, name: name,
                                     evidencePath: evidencePath, depth: depth, member: member)
        pending.declaredSize = member?.size
        open[index] = pending
        stager.post(.opened(ordinal: index, parent: parent, key: memberKey ?? name))
        progress?.addItems(1)

        // A member that declares itself small gets a small head buffer, and its content is
        // hashed by the stager rather than on this thread. A size is only what the container
        // claims: a negative or absurd one just leaves the head at one byte or its default.
        let headLength = member?.size.map { Int(clamping: min(max($0, 0), Int64(Self.headLength - 1))) + 1 }
            ?? Self.headLength
        let keepUpTo = depth > 0 && (member?.size ?? Int64.max) < Int64(Self.keptContentLength) ? headLength : 0
        let metered = MeteredStream(source, byteLimit: depth == 0 ? nil : budget.memberBytes,
                                    keepUpTo: keepUpTo) { [unowned self] count in
            try self.account(count, depth: depth)
        }
        var stopRecorded = false
        do {
            let replay = try HeadReplayStream(metered, headLength: headLength)
            open[index]!.mediaType = MediaTypeGuess.guess(head: replay.head, name: name)
            if depth == 0, let unextracted {
                record(ExhibitCoreError.unextracted(reason: unextracted), on: index, extractor: nil)
            } else {
                // A container that records no real time (a gzip mtime of 0) anchors nothing.
                let modified = depth == 0 ? originalModified : member?.modified.flatMap { $0.secondsSinceEpoch == 0 ? nil : $0 }
                stopRecorded = extract(index, replay: replay, name: name, evidencePath: evidencePath,
                                       depth: depth, declaredSize: member?.size, modified: modified)
            }
        } catch {
            stopRecorded = true
            record(error, on: index, extractor: nil)
        }
        let stop = metered.finish(scratch: scratch)
        if let stop, !stopRecorded {
            record(stop, on: index, extractor: nil)
        }
        var done = open.removeValue(forKey: index)!
        done.size = metered.bytesRead
        var digest = metered.digest()
        if case .content(let bytes) = digest, !stager.holdForHashing(bytes.count) {
            digest = .hex(digest.hashed)
        }
        done.digest = digest
        done.hashComplete = stop == nil
        if index == 0 { original = done }
        stager.post(.closed(ordinal: index, done))
        return index
    }

    /// Offers the artifact to each candidate extractor in turn, strongest match first; returns
    /// whether a terminal problem (error or limit) was recorded.
    private func extract(_ index: Int, replay: HeadReplayStream, name: String, evidencePath: EvidencePath,
                         depth: Int, declaredSize: Int64?, modified: Timestamp?) -> Bool {
        let artifact = Artifact(name: name, evidencePath: evidencePath, declaredSize: declaredSize,
                                head: replay.head, content: replay, depth: depth,
                                limits: limits, randomAccess: depth == 0 ? originalFile : nil, modified: modified)
        for candidate in registry.candidates(head: replay.head, name: name) {
            let descriptor = candidate.extractor.entry.descriptor
            if candidate.extractor.entry.isContainer, depth >= budget.archiveDepth {
                append(Finding(.limitation, severity: .warning,
                               summary: "container not opened: it is \(depth) levels deep (archive_depth \(budget.archiveDepth))",
                               attributes: ["limit": "archive_depth", "depth": .integer(Int64(depth))]),
                       on: index, extractor: nil)
                return false
            }
            let sink = WalkSink(walk: self, artifactIndex: index, descriptor: descriptor)
            do {
                try candidate.extractor.make()(artifact, sink)
                claim(index, by: descriptor)
                return false
            } catch EvidenceError.notMyFormat(let reason) {
                if replay.canRewind, sink.emitted == 0 {
                    replay.rewind()
                    continue
                }
                claim(index, by: descriptor)
                record(EvidenceError.unreadable(artifact: name, reason: "declined after reading: \(reason)"),
                       on: index, extractor: descriptor)
                return true
            } catch {
                claim(index, by: descriptor)
                record(error, on: index, extractor: descriptor)
                return true
            }
        }
        return false
    }

    private func claim(_ index: Int, by descriptor: ExtractorDescriptor) {
        open[index]?.extractorID = descriptor.id
        extractorsUsed[descriptor.id] = descriptor.version
    }

    /// Records an error that stopped work on an artifact: a limitation for budget stops,
    /// an extraction error otherwise.
    func record(_ error: any Error, on index: Int, extractor: ExtractorDescriptor?) {
        if case EvidenceError.limitReached(let limit, let detail) = error {
            append(Finding(.limitation, severity: .warning, summary: "\(limit): \(detail)",
                           attributes: ["limit": .string(limit)]), on: index, extractor: extractor)
        } else {
            let message = (error as? any LocalizedError)?.errorDescription ?? "\(error)"
            append(Finding(.extractionError, severity: .error, summary: message,
                           attributes: ["extractor": .string(extractor?.id ?? "host")]),
                   on: index, extractor: extractor)
        }
    }

    func append(_ finding: Finding, on index: Int, extractor: ExtractorDescriptor?) {
        let pending = PendingFinding(artifactIndex: index, finding: finding,
                                     extractorID: extractor?.id ?? ToolInfo.name,
                                     extractorVersion: extractor?.version ?? ToolInfo.version)
        stager.post(.finding(pending, ordinal: findingCount, evidencePath: open[index]?.evidencePathText ?? ""))
        findingCount += 1
        switch finding.kind {
        case .limitation: limitationCount += 1
        case .extractionError: errorCount += 1
        default: if finding.severity == .warning { warningCount += 1 }
        }
        if index == 0, finding.severity == .error, originalError == nil { originalError = finding.summary }
        warnIfNonexistent(finding, on: index)
    }

    /// A local time that falls in a DST gap never happened in the zone assumed for it: the host,
    /// which decides zones, says so in a warning of its own beside the finding (a fold is said on
    /// the finding itself, with both instants).
    private func warnIfNonexistent(_ finding: Finding, on index: Int) {
        let normalizer = stager.normalizer
        guard normalizer.mayFoldOrSkip, let timestamp = finding.timestamp, timestamp.zone == .unspecified else { return }
        guard case .gap? = normalizer.normalize(timestamp).ambiguity else { return }
        append(Finding(.extractionWarning, severity: .warning,
                       summary: "\(timestamp.original) never happened in \(normalizer.assumedZoneName) (a DST gap): "
                           + "read with the offset before the change",
                       attributes: ["time_original": .string(timestamp.original), "zone": .string(normalizer.assumedZoneName),
                                    "finding_kind": .string(finding.kind.rawValue)],
                       at: finding.locator), on: index, extractor: nil)
    }

    /// Budget accounting on every read: time, expanded bytes, expansion ratio. The original
    /// itself is never stopped by the budget: it is always hashed whole, whatever its members
    /// cost. Only `onOriginalRead` can stop it (its results are not wanted: a duplicate).
    private func account(_ count: Int, depth: Int) throws {
        if depth == 0 {
            originalBytes += Int64(count)
            try onOriginalRead?(originalBytes)
            progress?.addBytes(Int64(count))
            return
        }
        expandedBytes += Int64(count)
        if let expansionStopped { throw expansionStopped }
        var stop: EvidenceError?
        if DispatchTime.now() > deadline {
            stop = .limitReached(limit: "seconds_per_artifact",
                                 detail: "stopped after \(budget.secondsPerArtifact) s on this original")
        } else if expandedBytes > budget.expandedBytes {
            stop = .limitReached(limit: "expanded_bytes",
                                 detail: "more than \(budget.expandedBytes) bytes expanded from this original")
        } else if expandedBytes > ResourceBudget.ratioFloor,
                  expandedBytes / max(originalBytes, 1) > budget.expansionRatio {
            stop = .limitReached(limit: "expansion_ratio",
                                 detail: "\(expandedBytes) bytes expanded from \(originalBytes): over \(budget.expansionRatio):1")
        }
        if let stop {
            expansionStopped = stop
            throw stop
        }
    }
}
