import BundleVerification
import CaseStore
import ExhibitFoundation
import Foundation

/// Exports a case as a tribunal bundle: a BagIt 1.0 bag with the originals, the graph (native,
/// CASE/UCO, CSV), the custody log, a report, verification instructions and, when a key is
/// given, an in-toto/DSSE attestation and a raw Ed25519 signature over the tag manifest.
///
/// Deterministic: the same case with the same `SOURCE_DATE_EPOCH` gives the same bytes, apart
/// from the signature files (Ed25519 signatures here are randomized).
public struct TribunalBundleWriter {
    private let file: any CaseStoring
    private let options: BundleOptions

    public init(case file: any CaseStoring, options: BundleOptions) {
        self.file = file
        self.options = options
    }

    /// Writes the bundle from one consistent view of the case, streamed: memory stays flat
    /// however many members and findings the case holds. A case that fails its tamper check
    /// (``CaseStoring/check()``) is refused before anything is written.
    public func write(to folder: String) throws -> BundleResult {
        guard !FileManager.default.fileExists(atPath: folder) else { throw TribunalBundleError.outputExists(path: folder) }
        if options.tar, FileManager.default.fileExists(atPath: folder + ".tar") {
            throw TribunalBundleError.outputExists(path: folder + ".tar")
        }
        let check = try file.check()
        if let failure = check.firstFailure { throw CaseStoreError.tampered(path: file.path, failure: failure) }
        do {
            return try CaseExport.with(file, descriptors: options.descriptors) { try writeBag(folder, $0) }
        } catch {
            try? FileManager.default.removeItem(atPath: folder)   // never leave half a bundle
            try? FileManager.default.removeItem(atPath: folder + ".tar")
            if error is CaseStoreError || error is BundleVerificationError { throw error }
            // A full disk, say, in words and with the file (Foundation's own error printed raw).
            throw TribunalBundleError.write(path: folder, error)
        }
    }

    private var exportTime: String {
        UTCTime.iso8601(options.sourceDateEpoch ?? Int64(Date().timeIntervalSince1970))
    }

    private func writeBag(_ folder: String, _ export: CaseExport) throws -> BundleResult {
        for sub in ["data/exhibits", "data/graph", "data/custody", "data/report"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true)
        }
        let name = URL(fileURLWithPath: folder).lastPathComponent
        let details: [String: String] = [
            "bundle": name, "exhibits": options.includeExhibits ? "all" : "none",
            "signed": options.signingKey?.keyID ?? "no", "tar": options.tar ? "yes" : "no",
            "source_date_epoch": options.sourceDateEpoch.map(String.init) ?? "",
        ]
        let exportEntry = CustodyChain.next(
            CustodyRecord(time: exportTime, action: "export", examiner: options.examiner, host: options.host,
                          tool: ToolInfo.name, toolVersion: ToolInfo.version, command: options.command, exhibit: nil,
                          details: CanonicalJSON.encode(details)),
            after: export.lastCustody)
        var payload: [BagFile] = []
        /// Each original's copy in the payload, by the original's id (the same strings as `payload`).
        var copies: [String: BagFile] = [:]
        if options.includeExhibits {
            try export.forEachOriginal { original in
                let copied = try copyExhibit(original, into: folder)
                payload.append(copied)
                copies[original.id] = copied
            }
        }
        func put(_ path: String, _ body: (ExportStream) throws -> Void) throws {
            payload.append(try BagFileWriter.write(folder: folder, bagPath: path, body))
        }
        try put("data/graph/graph.json") { try NativeGraph.write(export, to: $0) }
        try put("data/graph/case.jsonld") { try CaseJSONLD.write(export, exportHashes: copies.mapValues(\.sha512), exportAction: exportEntry, to: $0) }
        try put("data/graph/findings.csv") { try TabularExport.findings(export, to: $0) }
        try put("data/graph/timeline.csv") { try TabularExport.timeline(export, to: $0) }
        try put("data/graph/analyses.csv") { try TabularExport.analyses(export, to: $0) }
        payload += try SeriesExport.write(export, folder: folder)
        try put("data/custody/custody.jsonl") { try writeCustody(export, exportEntry, to: $0) }
        try put("data/report/index.html") {
            try ReportPage.write(export, copies: copies, exhibitsIncluded: options.includeExhibits, exportTime: exportTime,
                                 toolVersion: ToolInfo.version, notInCASE: notExpressibleInCASE(export),
                                 exportEntry: exportEntry, to: $0)
        }
        try put("data/VERIFY.txt") {
            $0.write(VerifyInstructions.text(signed: options.signingKey != nil, exhibitsIncluded: options.includeExhibits))
        }
        try writeTagFiles(folder, payload: payload, export.info)
        if let key = options.signingKey {
            try BundleSignature.sign(folder: folder, key: key, statement: statement(payload, export)) {
                try appendStatementExhibits(export, to: &$0)
            }
        }
        var tarPath: String?
        if options.tar {
            tarPath = folder + ".tar"
            let mtime = options.sourceDateEpoch ?? Int64(Date().timeIntervalSince1970)
            try DeterministicTar.write(folder: folder, rootName: name, to: tarPath!, mtime: mtime)
        }
        return BundleResult(folder: folder, tar: tarPath, payloadFiles: payload.count,
                            payloadBytes: payload.reduce(0) { $0 + $1.size }, signed: options.signingKey != nil,
                            exportEntry: exportEntry)
    }

    private func copyExhibit(_ original: ArtifactRecord, into folder: String) throws -> BagFile {
        guard let source = original.sourcePath, FileManager.default.fileExists(atPath: source) else {
            throw TribunalBundleError.exhibitMissing(exhibit: original.exhibit, path: original.sourcePath ?? "?")
        }
        let name = PayloadName.make(exhibit: original.exhibit, name: original.name)
        let file = try HashingCopier.copy(from: source, to: folder + "/data/exhibits/" + name, bagPath: "data/exhibits/" + name)
        guard file.sha256 == original.sha256 else {
            throw TribunalBundleError.exhibitChanged(exhibit: original.exhibit, path: source,
                                                     intake: original.sha256 ?? "-", now: file.sha256)
        }
        return file
    }

    /// The case's custody log and this export, each entry its canonical line (``CustodyChain``),
    /// a line at a time (built whole, the log of 50,000 originals took 90 MB of objects): the
    /// SHA-256 of a line is what the next line names as `previous_sha256`.
    private func writeCustody(_ export: CaseExport, _ exportEntry: CustodyRecord, to out: ExportStream) throws {
        func line(_ entry: CustodyRecord) { out.write(CustodyChain.line(entry) + "\n") }
        try export.forEachCustodyForBundle(line)
        line(exportEntry)
    }

    private func notExpressibleInCASE(_ export: CaseExport) -> [String] {
        export.entityCounts.filter { !CaseJSONLD.expressibleEntityKinds.contains($0.kind) }.map { "\($0.count) \($0.kind) entities" }
    }

    private func writeTagFiles(_ folder: String, payload: [BagFile], _ caseInfo: CaseInfo) throws {
        let bytes = payload.reduce(Int64(0)) { $0 + $1.size }
        let epoch = options.sourceDateEpoch ?? Int64(Date().timeIntervalSince1970)
        var info: [(String, String)] = []
        if !caseInfo.organization.isEmpty { info.append(("Source-Organization", caseInfo.organization)) }
        info += [
            ("Contact-Name", caseInfo.examiner), ("External-Identifier", caseInfo.caseID),
            ("External-Description", caseInfo.title), ("Bagging-Date", String(UTCTime.iso8601(epoch).prefix(10))),
            ("Bag-Size", ByteCountFormatter.string(fromByteCount: bytes, countStyle: .binary)),
            ("Payload-Oxum", "\(bytes).\(payload.count)"), ("Bag-Software-Agent", "exhibit \(ToolInfo.version)"),
            ("Exhibit-Originals", options.includeExhibits ? "included" : "not included"),
        ]
        let tags: [(String, Data)] = [
            ("bagit.txt", Data("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".utf8)),
            ("bag-info.txt", Data(info.map { "\($0.0): \(oneLine($0.1))\n" }.joined().utf8)),
        ]
        for (path, data) in tags { try write(data, to: folder + "/" + path) }
        var tagFiles = tags.map { BagFile(path: $0.0, data: $0.1) }
        // The payload manifests grow with the originals: written a line at a time, in the
        // order BagFile.manifest gives.
        let sorted = payload.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        for algorithm in BagAlgorithm.allCases {
            tagFiles.append(try BagFileWriter.write(folder: folder, bagPath: "manifest-\(algorithm.rawValue).txt") { out in
                for file in sorted { out.write("\(algorithm == .sha256 ? file.sha256 : file.sha512)  \(file.path)\n") }
            })
        }
        try write(BagFile.manifest(tagFiles, algorithm: .sha256), to: folder + "/tagmanifest-sha256.txt")
        try write(BagFile.manifest(tagFiles, algorithm: .sha512), to: folder + "/tagmanifest-sha512.txt")
    }

    private func statement(_ payload: [BagFile], _ export: CaseExport) -> [String: Any] {
        [
            "tool": ["name": ToolInfo.name, "version": ToolInfo.version],
            "parameters": ["exhibits": options.includeExhibits ? "all" : "none",
                           "source_date_epoch": options.sourceDateEpoch.map(String.init) ?? "",
                           "command": options.command],
            "case": ["id": export.info.caseID, "title": export.info.title, "examiner": export.info.examiner],
            "extractors": export.extractors,
            "payload": ["files": payload.count, "bytes": payload.reduce(Int64(0)) { $0 + $1.size }],
        ]
    }

    /// Appends the statement's list of exhibits as compact JSON, an entry at a time: the same
    /// bytes as the whole list serialized at once, without a dictionary per original.
    private func appendStatementExhibits(_ export: CaseExport, to list: inout Data) throws {
        list.append(UInt8(ascii: "["))
        var first = true
        try export.forEachOriginal { original in
            if !first { list.append(UInt8(ascii: ",")) }
            first = false
            list.append(BundleJSON.data(["exhibit": original.exhibit, "name": original.name, "sha256": original.sha256 ?? ""],
                                        pretty: false).dropLast())
        }
        list.append(UInt8(ascii: "]"))
    }

    private func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw TribunalBundleError.write(path: path, error)
        }
    }
}
