import CaseStore
import EvidenceFormats
import EvidenceKit
import Foundation

/// `compare.code`: source files, scripts and notebook cells matched by their winnowed
/// fingerprints (`code.fingerprints`, as MOSS matches programs): containment both ways, and for
/// each pair of documents that share code, the spans they share with their lines on both sides.
///
/// Code both sides share with the case's other parties (a public library, a tutorial both
/// copied) is the method's calibration: it is counted apart and never scored, as MOSS's base
/// files are; so is a fingerprint found in more than ``commonLimit`` documents of one side
/// (boilerplate, MOSS's `-m`).
public struct CodeComparison: ComparisonMethod {
    public let id = "compare.code"
    public let version = "2"
    public let summary = "source files and notebook cells matched by winnowed fingerprints: containment both ways, shared spans with their lines on both sides"
    /// A fingerprint in more documents than this on one side is boilerplate there.
    static let commonLimit = 10
    /// Pairs of documents listed (the counts cover them all).
    static let listedPairs = 50
    /// Spans listed per pair.
    static let listedSpans = 20
    /// Lines between two matches that still make one span.
    static let spanGap = 2

    public var parameters: [String: Value] {
        ["fingerprints": .string(Winnowing.recipe), "k": .integer(Int64(Winnowing.standardK)),
         "window": .integer(Int64(Winnowing.standardWindow)), "common_limit": .integer(Int64(Self.commonLimit)),
         "span_gap_lines": .integer(Int64(Self.spanGap)), "listed_pairs": .integer(Int64(Self.listedPairs))]
    }

    public init() {}

    /// One fingerprinted document: a file, or a notebook cell.
    struct Document {
        let finding: FindingRecord
        /// The evidence path, and the cell when the document is one.
        let place: String
        let fingerprints: [CodeFingerprint]
    }

    /// Two documents' shared fingerprints, as (left, right) pairs in left order.
    private struct Pair {
        let left: Int
        let right: Int
        var matches: [(CodeFingerprint, CodeFingerprint)] = []
        var shared: Set<UInt64> = []
    }

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        var skipped: [Value] = []
        var left: [Document] = [], right: [Document] = [], reference: [Document] = []
        // Reference code is another party's: never the sides' own parties' other exhibits or files
        // (comparing two exhibits of the case must not set apart a third copy of the same code).
        let originals = try sides.view.originals()
        let partyOf = Dictionary(originals.map { ($0.exhibit, $0.party) }, uniquingKeysWith: { first, _ in first })
        let sideParties = Set(sides.left.exhibits.union(sides.right.exhibits).compactMap { partyOf[$0] ?? nil })
        try sides.view.forEachFinding(FindingQuery(kinds: [Winnowing.findingKind.rawValue])) { finding in
            let onLeft = sides.left.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath)
            let onRight = sides.right.holds(exhibit: finding.exhibit, evidencePath: finding.evidencePath)
            guard let document = Self.document(finding, skipped: &skipped) else { return }
            if onLeft { left.append(document) }
            if onRight { right.append(document) }
            if !onLeft, !onRight, let party = partyOf[finding.exhibit] ?? nil, !sideParties.contains(party) {
                reference.append(document)
            }
        }
        guard !left.isEmpty, !right.isEmpty else { return [] }
        let referenceHashes = Set(reference.flatMap { $0.fingerprints.map(\.hash) })
        let common = Self.boilerplate(left).union(Self.boilerplate(right))
        let ignored = referenceHashes.union(common)
        let leftHashes = Set(left.flatMap { $0.fingerprints.map(\.hash) }).subtracting(ignored)
        let rightHashes = Set(right.flatMap { $0.fingerprints.map(\.hash) }).subtracting(ignored)
        let shared = leftHashes.intersection(rightHashes)
        let pairs = Self.pairs(left, right, counting: shared)

        var outcome = ComparisonOutcome(left: [], right: [], statistic: "left_fingerprints_found_on_right", null: [:], result: [:],
                                        interpretation: "", limits: Self.limits)
        var listed: [Value] = []
        // A document in several pairs is one input.
        var inputs: (left: Set<Int>, right: Set<Int>) = ([], [])
        for pair in pairs.prefix(Self.listedPairs) {
            let mine = left[pair.left], theirs = right[pair.right]
            if inputs.left.insert(pair.left).inserted { outcome.left.append(sides.node(mine.finding)) }
            if inputs.right.insert(pair.right).inserted { outcome.right.append(sides.node(theirs.finding)) }
            let spans = Self.spans(pair.matches)
            listed.append(.object([
                "left": .string(mine.place), "right": .string(theirs.place),
                "shared_fingerprints": .integer(Int64(pair.shared.count)),
                "left_contained": .float(Double(pair.shared.count) / Double(max(1, Set(mine.fingerprints.map(\.hash)).subtracting(ignored).count))),
                "right_contained": .float(Double(pair.shared.count) / Double(max(1, Set(theirs.fingerprints.map(\.hash)).subtracting(ignored).count))),
                "spans": .list(spans.prefix(Self.listedSpans).map { span in
                    .object(["left_lines": .string("\(span.left.lowerBound)-\(span.left.upperBound)"),
                             "right_lines": .string("\(span.right.lowerBound)-\(span.right.upperBound)"),
                             "fingerprints": .integer(Int64(span.count))])
                }),
                "spans_total": .integer(Int64(spans.count)),
                // The spans as one line of text, for tables: left lines ⇄ right lines.
                "lines": .string(spans.prefix(5).map { "\($0.left.lowerBound)-\($0.left.upperBound) ⇄ \($0.right.lowerBound)-\($0.right.upperBound)" }
                    .joined(separator: "; ") + (spans.count > 5 ? "; …" : "")),
            ]))
        }
        if pairs.isEmpty {
            outcome.left = left.prefix(Self.listedPairs).map { sides.node($0.finding) }
            outcome.right = right.prefix(Self.listedPairs).map { sides.node($0.finding) }
        }
        outcome.references = reference.prefix(Self.listedPairs).map { sides.node($0.finding) }
        let leftShare = leftHashes.isEmpty ? 0 : Double(shared.count) / Double(leftHashes.count)
        let rightShare = rightHashes.isEmpty ? 0 : Double(shared.count) / Double(rightHashes.count)
        outcome.score = leftShare
        outcome.result = [
            "left_documents": .integer(Int64(left.count)), "right_documents": .integer(Int64(right.count)),
            "left_fingerprints": .integer(Int64(leftHashes.count)), "right_fingerprints": .integer(Int64(rightHashes.count)),
            "shared_fingerprints": .integer(Int64(shared.count)),
            "left_contained_in_right": .float(leftShare), "right_contained_in_left": .float(rightShare),
            "document_pairs": .integer(Int64(pairs.count)), "pairs": .list(listed),
            "listed_all": .bool(pairs.count <= Self.listedPairs),
            "ignored_as_reference_code": .integer(Int64(referenceHashes.count)),
            "ignored_as_boilerplate": .integer(Int64(common.subtracting(referenceHashes).count)),
        ]
        if !skipped.isEmpty { outcome.result["skipped"] = .list(skipped) }
        outcome.null = [
            "kind": "reference code",
            "hash_collisions": .string("a shared fingerprint is a shared run of at least \(Winnowing.standardK) normalized tokens: two different runs share a 64-bit hash with a probability near 2^-64, so matches are never chance collisions; the question is whether the shared code is common code"),
            "reference_documents": .integer(Int64(reference.count)),
            "reference": reference.isEmpty
                ? "none in the case: add code both parties agree is public or common (the libraries and tutorials they both use) as another party, and compare again; its fingerprints are then set apart"
                : .string("\(reference.count) document(s) of parties other than the sides'; \(referenceHashes.count) fingerprint(s) found in them are set apart, not scored"),
            "no_p_value": "no model of how often independent authors write the same run of tokens holds for code in general: the figures are read against the reference code and the spans themselves, opened at their lines",
        ]
        outcome.interpretation = Self.interpretation(sides, left: left, right: right, pairs: pairs, shared: shared.count,
                                                     leftShare: leftShare, rightShare: rightShare)
        return [outcome]
    }

    /// A finding's document, or nil (with the reason in `skipped`) when its recipe is another.
    private static func document(_ finding: FindingRecord, skipped: inout [Value]) -> Document? {
        let attributes = ComparedSides.attributes(finding)
        let locator = (try? JSONDecoder().decode(Locator.self, from: Data(finding.locator.utf8))) ?? .whole
        let place = finding.evidencePath + (locator.cellIndex.map { " cell \($0)" } ?? "")
        guard attributes["recipe"] == .string(Winnowing.recipe), attributes["k"] == .integer(Int64(Winnowing.standardK)),
              attributes["window"] == .integer(Int64(Winnowing.standardWindow)) else {
            skipped.append(.object(["document": .string(place), "reason": "fingerprinted by another recipe or parameters"]))
            return nil
        }
        guard case .list(let items)? = attributes["fingerprints"] else { return nil }
        let fingerprints = items.compactMap { item -> CodeFingerprint? in
            if case .string(let text) = item { return CodeFingerprint(text: text) }
            return nil
        }
        return Document(finding: finding, place: place, fingerprints: fingerprints)
    }

    /// Fingerprints in more than ``commonLimit`` documents of one side.
    private static func boilerplate(_ documents: [Document]) -> Set<UInt64> {
        var seen: [UInt64: Int] = [:]
        for document in documents {
            for hash in Set(document.fingerprints.map(\.hash)) { seen[hash, default: 0] += 1 }
        }
        return Set(seen.filter { $0.value > commonLimit }.keys)
    }

    /// Every pair of documents sharing a fingerprint in `shared`, most shared first (ties in
    /// read order).
    private static func pairs(_ left: [Document], _ right: [Document], counting shared: Set<UInt64>) -> [Pair] {
        var locations: [UInt64: [(document: Int, fingerprint: CodeFingerprint)]] = [:]
        for (index, document) in right.enumerated() {
            for fingerprint in document.fingerprints where shared.contains(fingerprint.hash) {
                locations[fingerprint.hash, default: []].append((index, fingerprint))
            }
        }
        var pairs: [Int: [Int: Pair]] = [:]
        for (leftIndex, document) in left.enumerated() {
            // Each hash once per pair of documents, at its first place on each side: repetitive
            // code (a table of zeros) repeats a hash thousands of times in both files, and every
            // occurrence against every other would be their product.
            var seen = Set<UInt64>()
            for fingerprint in document.fingerprints where seen.insert(fingerprint.hash).inserted {
                var matchedDocuments = Set<Int>()
                for found in locations[fingerprint.hash] ?? [] where matchedDocuments.insert(found.document).inserted {
                    var pair = pairs[leftIndex]?[found.document] ?? Pair(left: leftIndex, right: found.document)
                    pair.matches.append((fingerprint, found.fingerprint))
                    pair.shared.insert(fingerprint.hash)
                    pairs[leftIndex, default: [:]][found.document] = pair
                }
            }
        }
        return pairs.values.flatMap(\.values).sorted {
            ($0.shared.count, -$0.left, -$0.right) > ($1.shared.count, -$1.left, -$1.right)
        }
    }

    /// Matches merged into spans: consecutive matches (in left order) whose lines on both sides
    /// are within ``spanGap`` lines of the span so far.
    static func spans(_ matches: [(CodeFingerprint, CodeFingerprint)]) -> [(left: ClosedRange<Int>, right: ClosedRange<Int>, count: Int)] {
        let ordered = matches.sorted { ($0.0.firstLine, $0.1.firstLine) < ($1.0.firstLine, $1.1.firstLine) }
        var spans: [(left: ClosedRange<Int>, right: ClosedRange<Int>, count: Int)] = []
        for (mine, theirs) in ordered {
            if let last = spans.last, mine.firstLine <= last.left.upperBound + spanGap,
               theirs.firstLine <= last.right.upperBound + spanGap, theirs.lastLine >= last.right.lowerBound - spanGap {
                spans[spans.count - 1] = (min(last.left.lowerBound, mine.firstLine)...max(last.left.upperBound, mine.lastLine),
                                          min(last.right.lowerBound, theirs.firstLine)...max(last.right.upperBound, theirs.lastLine),
                                          last.count + 1)
            } else {
                spans.append((mine.firstLine...mine.lastLine, theirs.firstLine...theirs.lastLine, 1))
            }
        }
        return spans.sorted { ($0.count, -$0.left.lowerBound) > ($1.count, -$1.left.lowerBound) }
    }

    private static func interpretation(_ sides: ComparedSides, left: [Document], right: [Document], pairs: [Pair], shared: Int,
                                       leftShare: Double, rightShare: Double) -> String {
        guard let top = pairs.first else {
            return "No run of \(Winnowing.standardK + Winnowing.standardWindow - 1) or more normalized tokens of \(sides.left.name)'s "
                + "\(left.count) fingerprinted document(s) is in \(sides.right.name)'s \(right.count), beyond code set apart as common."
        }
        let span = spans(top.matches).first!
        return "\(shared) fingerprint(s) of code are on both sides, in \(pairs.count) pair(s) of documents: "
            + "\(ContentComparison.percent(leftShare)) of \(sides.left.name)'s fingerprints are found in \(sides.right.name), "
            + "\(ContentComparison.percent(rightShare)) of \(sides.right.name)'s in \(sides.left.name). The most shared pair: "
            + "\(left[top.left].place) and \(right[top.right].place) (\(top.shared.count) fingerprints); its longest span runs "
            + "from line \(span.left.lowerBound) to \(span.left.upperBound) on the left and \(span.right.lowerBound) to "
            + "\(span.right.upperBound) on the right. Names are normalized: code renamed and reformatted matches as itself. "
            + "Shared code shows a common source, which shared public code, a common author or licensed reuse also produce: "
            + "open both files at these lines and read them."
    }

    static let limits = "Fingerprints match runs of at least \(Winnowing.standardK) tokens with names, layout and comments normalized "
        + "away; code rewritten with another structure, reordered, translated into another language or shared in runs "
        + "shorter than \(Winnowing.standardK + Winnowing.standardWindow - 1) tokens may not be found. Common code (a library both "
        + "vendor, a tutorial both followed, generated code) matches by nature: it is set apart only when the case holds it "
        + "as another party's. A match says nothing of which side wrote the code first; the files' times and custody do."
}
