import CaseStore
import EvidenceFormats
import EvidenceKit
import Foundation

/// `compare.text`: near-identical text documents across the sides — configs, READMEs and model
/// cards, notes, logs, notebooks' Markdown cells — by the lines they share once each line is normalized (trimmed, runs of
/// spaces and tabs made one, lower-cased), with containment both ways and the shared lines at
/// their line numbers on both sides, so an expert can open both files there. Source code is
/// `compare.code`'s (winnowing finds what reformatting hides); identical files are
/// `compare.content`'s.
///
/// Each document is read back (a member of an archive from a copy made again), its SHA-256
/// checked against intake. Lines of three characters or fewer (`{`, `},`) are not counted, nor
/// lines found in more than ``commonLimit`` documents of one side — boilerplate, which would
/// otherwise make every config of a framework look alike.
public struct TextComparison: ComparisonMethod {
    public let id = "compare.text"
    public let version = "1"
    public let summary = "near-identical text documents (configs, READMEs, notes, logs, notebooks' Markdown cells): shared normalized lines, containment both ways, with line numbers on both sides"
    /// Documents read per side, at most, and their largest size.
    static let maxDocuments = 2_000, maxBytes = 1 << 20
    /// The largest notebook whose Markdown cells are read (outputs with images make them large),
    /// and the most bytes read in all.
    static let maxNotebookBytes = 64 << 20, maxTotalBytes: Int64 = 512 << 20
    static let notebook = "application/x-ipynb+json"
    /// A line in more documents than this, on either side, is boilerplate.
    static let commonLimit = 5
    /// A pair is reported when it shares this many lines and one side's share is at least this much.
    static let minimumShared = 3, minimumContainment = 0.5
    /// Pairs reported, and shared lines shown for each.
    static let pairLimit = 20, linesShown = 12

    public var parameters: [String: Value] {
        ["normalization": "trimmed, spaces and tabs collapsed, lower-cased; lines of 3 characters or fewer left out",
         "common_limit": .integer(Int64(Self.commonLimit)), "minimum_shared_lines": .integer(Int64(Self.minimumShared)),
         "minimum_containment": .float(Self.minimumContainment), "max_documents": .integer(Int64(Self.maxDocuments)),
         "max_bytes": .integer(Int64(Self.maxBytes)), "pair_limit": .integer(Int64(Self.pairLimit))]
    }

    public init() {}

    /// One document's lines: each normalized line's hash with its first line number and text.
    struct Document {
        let artifact: ArtifactRecord
        /// The document's place: its evidence path, and a notebook cell's index after it.
        var label: String
        var lines: [UInt64: (number: Int, text: String)] = [:]

        init(artifact: ArtifactRecord, cell: Int? = nil) {
            self.artifact = artifact
            label = artifact.evidencePath + (cell.map { " cell \($0)" } ?? "")
        }

        /// Adds one line, normalized; lines of three characters or fewer are left out.
        mutating func add(_ raw: String, number: Int) {
            let text = raw.lowercased().split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            guard text.count > 3 else { return }
            let hash = StableHash.of(Array(text.utf8))
            if lines[hash] == nil { lines[hash] = (number, text) }
        }
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let files = try sides.files()
        // Source files are compare.code's: those the code extractor fingerprinted (notebooks keep their Markdown cells here).
        let code = Set((try sides.findings(["code.fingerprints"])).left.map(\.artifactID)
            + (try sides.findings(["code.fingerprints"])).right.map(\.artifactID))
        let wantedLeft = Array(files.left.filter { Self.isText($0) && ($0.mediaType == Self.notebook || !code.contains($0.id)) }.prefix(Self.maxDocuments))
        let wantedRight = Array(files.right.filter { Self.isText($0) && ($0.mediaType == Self.notebook || !code.contains($0.id)) }.prefix(Self.maxDocuments))
        sides.prepareFiles(wantedLeft + wantedRight)
        var unread: [Value] = []
        var budget = Self.maxTotalBytes
        func documents(_ artifacts: [ArtifactRecord]) -> [Document] {
            var found: [Document] = []
            for artifact in artifacts where found.count < Self.maxDocuments {
                guard budget >= artifact.size else {
                    unread.append(.object(["document": .string(artifact.evidencePath), "reason": "past the bytes this method reads in all"]))
                    continue
                }
                budget -= artifact.size
                do {
                    found += try Self.read(artifact, sides: sides)
                } catch {
                    unread.append(.object(["document": .string(artifact.evidencePath),
                                           "reason": .string((error as? any LocalizedError)?.errorDescription ?? "\(error)")]))
                }
            }
            return Array(found.prefix(Self.maxDocuments))
        }
        let left = documents(wantedLeft), right = documents(wantedRight)
        guard !left.isEmpty, !right.isEmpty else { return [] }
        let common = Self.common(left).union(Self.common(right))
        // Pairs by shared lines, through an index of the right side's lines.
        var index: [UInt64: [Int]] = [:]
        for (position, document) in right.enumerated() {
            for hash in document.lines.keys where !common.contains(hash) { index[hash, default: []].append(position) }
        }
        var pairs: [(left: Int, right: Int, shared: [UInt64], jaccard: Double, leftShare: Double, rightShare: Double)] = []
        for (position, document) in left.enumerated() {
            var shared: [Int: [UInt64]] = [:]
            for hash in document.lines.keys.sorted() where !common.contains(hash) {
                // A 64-bit hash names a line; the texts themselves must be equal too.
                for other in index[hash] ?? [] where right[other].lines[hash]?.text == document.lines[hash]?.text {
                    shared[other, default: []].append(hash)
                }
            }
            let mine = document.lines.keys.filter { !common.contains($0) }.count
            for (other, hashes) in shared where hashes.count >= Self.minimumShared {
                // Identical files (and the cells of identical notebooks) are compare.content's.
                guard document.artifact.sha256 != right[other].artifact.sha256 else { continue }
                let theirs = right[other].lines.keys.filter { !common.contains($0) }.count
                let (leftShare, rightShare) = (Double(hashes.count) / Double(mine), Double(hashes.count) / Double(theirs))
                guard max(leftShare, rightShare) >= Self.minimumContainment else { continue }
                pairs.append((position, other, hashes, Double(hashes.count) / Double(mine + theirs - hashes.count), leftShare, rightShare))
            }
        }
        pairs.sort { ($0.jaccard, $1.left, $1.right) > ($1.jaccard, $0.left, $0.right) }
        var outcome = ComparisonOutcome(left: [], right: [], statistic: "highest_jaccard_of_shared_lines", null: [:], result: [:],
                                        interpretation: "", limits: Self.limits)
        var listed: [Value] = []
        for pair in pairs.prefix(Self.pairLimit) {
            let mine = left[pair.left], theirs = right[pair.right]
            outcome.left.append(sides.node(mine.artifact))
            outcome.right.append(sides.node(theirs.artifact))
            let shown = pair.shared.sorted { mine.lines[$0]!.number < mine.lines[$1]!.number }.prefix(Self.linesShown)
            listed.append(.object([
                "left": .string(mine.label), "right": .string(theirs.label),
                "shared_lines": .integer(Int64(pair.shared.count)), "jaccard": Self.rounded(pair.jaccard),
                "left_in_right": Self.rounded(pair.leftShare), "right_in_left": Self.rounded(pair.rightShare),
                "lines": .list(shown.map { hash in
                    .object(["left_line": .integer(Int64(mine.lines[hash]!.number)), "right_line": .integer(Int64(theirs.lines[hash]!.number)),
                             "text": .string(SecretScanner.masked(String(mine.lines[hash]!.text.prefix(160))))])
                }),
            ]))
        }
        outcome.score = pairs.first.map { ($0.jaccard * 1_000_000).rounded() / 1_000_000 } ?? 0
        outcome.null = ["kind": "none", "reason": "shared lines are described, not tested: a common template, a framework's defaults or a public example explain overlap as well as one document taken from the other does, and no chance model of two documents' lines would tell them apart; lines in more than 5 documents of a side are set apart as boilerplate"]
        outcome.result = ["left_documents": .integer(Int64(left.count)), "right_documents": .integer(Int64(right.count)),
                          "boilerplate_lines": .integer(Int64(common.count)), "pairs": .integer(Int64(pairs.count)),
                          "listed": .list(listed), "unread": .list(Array(unread.prefix(50))), "unread_count": .integer(Int64(unread.count))]
        if pairs.isEmpty {
            outcome.left = left.prefix(Self.pairLimit).map { sides.node($0.artifact) }
            outcome.right = right.prefix(Self.pairLimit).map { sides.node($0.artifact) }
            outcome.interpretation = "No text document of \(sides.left.name) (\(left.count) read) shares \(Self.minimumShared) or more lines, "
                + "and half of either's, with one of \(sides.right.name) (\(right.count) read), beyond identical files and boilerplate."
        } else {
            let best = pairs[0]
            outcome.interpretation = "\(pairs.count) pair(s) of text documents share lines beyond boilerplate; the closest, "
                + "\(left[best.left].label) and \(right[best.right].label), share \(best.shared.count) "
                + "normalized line(s) (Jaccard \(String(format: "%.2f", best.jaccard)); \(Self.percent(best.leftShare)) of the left's lines, "
                + "\(Self.percent(best.rightShare)) of the right's). Shared lines show a common text — one document derived from the "
                + "other, both from a template or public example, or a format's fixed lines — not which; the lines are listed at their "
                + "places on both sides."
        }
        return [outcome]
    }

    /// Text a person writes or a tool prints, and notebooks (their Markdown cells): not source
    /// code (`compare.code`, which also reads code cells), or tokenizer vocabularies.
    static func isText(_ artifact: ArtifactRecord) -> Bool {
        guard let type = artifact.mediaType else { return false }
        if type == notebook { return artifact.size <= Int64(maxNotebookBytes) }
        guard artifact.size <= Int64(maxBytes) else { return false }
        let name = (artifact.evidencePath as NSString).lastPathComponent.lowercased()
        if ["tokenizer.json", "vocab.json", "vocab.txt", "merges.txt", "encoder.json"].contains(name) { return false }
        if type.hasPrefix("text/x-") { return false }
        return type.hasPrefix("text/") || ["application/json", "application/yaml", "application/toml", "application/x-ndjson",
                                          "application/jsonl"].contains(type)
    }

    /// The documents of an artifact, read back with its intake digest checked: the file's lines,
    /// or each Markdown cell's of a notebook; throws why it could not be read.
    static func read(_ artifact: ArtifactRecord, sides: ComparedSides) throws -> [Document] {
        let hashing = HashingSource(try FileByteSource(path: try sides.file(of: artifact)))
        var documents: [Document] = []
        if artifact.mediaType == notebook {
            documents = try markdownCells(hashing, artifact: artifact)
            try hashing.drain()   // the rest of the notebook, for its digest
        } else {
            var document = Document(artifact: artifact)
            try LineReader(hashing, maxLineLength: 4096).forEachLine { line in
                if let text = String(validating: line.bytes, as: UTF8.self) { document.add(text, number: line.number) }
            }
            documents = [document]
        }
        guard hashing.digest == artifact.sha256 else {
            throw CaseAnalysesError.unreadable("\(artifact.evidencePath) no longer has the bytes hashed at intake")
        }
        return documents.filter { !$0.lines.isEmpty }
    }

    /// A notebook's Markdown cells (nbformat 4's `cells`; nbformat 3's cells in `worksheets`,
    /// its heading cells too), each a document, lines numbered within it; cells are numbered in
    /// order across worksheets, as the notebook extractor numbers them.
    private static func markdownCells(_ source: any ByteSource, artifact: ArtifactRecord) throws -> [Document] {
        let scanner = JSONScanner(source)
        var documents: [Document] = []
        var index = 0
        /// Reads the value at the scanner, an array of cells (anything else is skipped).
        func cells() throws {
            guard try scanner.peekValue() == .array else { return try scanner.skipValue() }
            _ = try scanner.next()
            while try scanner.peekValue() != nil {
                // Only objects are cells, and numbered (an entry of another kind is skipped uncounted, as the extractor skips it).
                guard try scanner.peekValue() == .object else {
                    try scanner.skipValue()
                    continue
                }
                defer { index += 1 }
                _ = try scanner.next()
                var type: String?, text = ""
                while let field = try scanner.next(), field != .endObject {
                    guard case .key(let name) = field else { break }
                    switch (name, try scanner.peekValue()) {
                    case ("cell_type", .string?):
                        if case .string(let value)? = try scanner.next() { type = value }
                    case ("source", .string?):
                        if case .string(let value)? = try scanner.next() { text = value }
                    case ("source", .array?):
                        _ = try scanner.next()
                        while let part = try scanner.next(), part != .endArray {
                            if case .string(let value) = part { text += value } else if part == .beginObject || part == .beginArray { try scanner.skipContainer() }
                        }
                    default:
                        try scanner.skipValue()
                    }
                }
                guard type == "markdown" || type == "heading" else { continue }
                var document = Document(artifact: artifact, cell: index)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    document.add(String(line), number: number + 1)
                }
                documents.append(document)
            }
            _ = try scanner.next()
        }
        /// Calls `body` with each key of the object at the scanner, which reads or skips its value.
        func members(_ body: (String) throws -> Void) throws -> Bool {
            guard try scanner.next() == .beginObject else { return false }
            while let event = try scanner.next(), event != .endObject {
                guard case .key(let key) = event else { return false }
                try body(key)
            }
            return true
        }
        _ = try members { key in
            switch key {
            case "cells": try cells()
            case "worksheets" where try scanner.peekValue() == .array:
                _ = try scanner.next()
                while try scanner.peekValue() != nil {
                    guard try scanner.peekValue() == .object else {
                        try scanner.skipValue()
                        continue
                    }
                    _ = try members { key in key == "cells" ? try cells() : try scanner.skipValue() }
                }
                _ = try scanner.next()
            default: try scanner.skipValue()
            }
        }
        return documents
    }

    /// Lines in more than ``commonLimit`` documents.
    private static func common(_ documents: [Document]) -> Set<UInt64> {
        var counts: [UInt64: Int] = [:]
        for document in documents { for hash in document.lines.keys { counts[hash, default: 0] += 1 } }
        return Set(counts.filter { $0.value > commonLimit }.keys)
    }

    private static func rounded(_ value: Double) -> Value { .float((value * 10_000).rounded() / 10_000) }

    private static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    static let limits = "Text documents up to 1 MiB each (notebooks up to 64 MiB, each Markdown cell a document, nbformat 3's heading cells too), 2,000 per side, "
        + "read back (members of archives from copies made again) with their intake digests checked; UTF-8 lines only. Lines are compared as sets once normalized, so order, repetition and "
        + "layout do not count, and a reformatted JSON or YAML (keys re-ordered, re-indented) still matches line by line while a "
        + "re-wrapped paragraph does not. Source code is left to compare.code and identical files to compare.content. A shared "
        + "template, a framework's generated config or a public example produces the same overlap as one document taken from the "
        + "other; no p-value is given."
}
