import CaseStore
import Crypto
import EvidenceFormats
import EvidenceKit
import ExhibitFoundation
import Foundation

/// `compare.weights.embedding_alignment`: the two models' token-embedding rows paired by the
/// token each row stands for — each side's vocabulary read back from its tokenizer file and
/// normalized across spellings (``TokenSpelling``), so a re-ordered or re-spelled vocabulary
/// still pairs `the` with `the` — then the centred Pearson correlation over the paired rows and
/// the median cosine of each pair, beside a shuffled-alignment control: the same rows paired at
/// random (seeded), which unrelated and related embeddings alike score near zero on.
///
/// A vocabulary is paired with a model on its side when it has no more tokens than the
/// embedding has rows, and at least half as many (embeddings are often padded): the one in the
/// model's folder first, then the closest in size.
///
/// The embeddings are read back a row at a time (``TensorRows``), never whole: a pair of
/// 128,000-token embeddings costs two rows and the control's sample, not two matrices.
public struct EmbeddingAlignment: ComparisonMethod {
    public let id = "compare.weights.embedding_alignment"
    public let version = "2"
    public let summary = "token-embedding rows paired by normalized token string: centred Pearson and median row cosine, beside a shuffled-alignment control"
    static let shuffles = 199
    static let seed: UInt64 = 20_250_713
    /// Paired rows the control is computed on (a seeded sample when there are more).
    static let controlRows = 2048

    public var parameters: [String: Value] {
        ["statistic": "Pearson correlation of the paired rows' values, each matrix centred on its own mean over them",
         "row_statistic": "median cosine of the paired rows", "null": "shuffled alignment: the right rows paired at random",
         "shuffles": .integer(Int64(Self.shuffles)), "seed": .integer(Int64(Self.seed)),
         "control_rows": .integer(Int64(Self.controlRows)), "normalization": .string(VocabularySketch.recipe)]
    }

    public init() {}

    public func compare(_ sides: ComparedSides) throws -> [ComparisonOutcome] {
        let models = try WeightModels(sides)
        let pairs = models.pairs(limit: IndependenceTest.pairLimit)
        guard !pairs.isEmpty else { return [] }
        let vocabularies = try sides.findings(["ml.tokenizer_vocabulary"])
        var artifacts: [String: ArtifactRecord] = [:]
        try sides.view.forEachArtifact { artifacts[$0.id] = $0 }
        // Each pair's embeddings and the vocabularies that fit them, best first.
        let fitted = pairs.compactMap { left, right -> (StoredTensor, StoredTensor, [FindingRecord], [FindingRecord])? in
            guard let mine = Self.embedding(left), let theirs = Self.embedding(right) else { return nil }
            let leftCandidates = Self.vocabularies(for: left, mine, among: vocabularies.left, artifacts: artifacts, members: sides.members != nil)
            let rightCandidates = Self.vocabularies(for: right, theirs, among: vocabularies.right, artifacts: artifacts,
                                                    members: sides.members != nil)
            return leftCandidates.isEmpty || rightCandidates.isEmpty ? nil : (mine, theirs, leftCandidates, rightCandidates)
        }
        // Vocabularies inside the models' containers are copied again in the same walks as the models.
        let vocabularyFiles = fitted.flatMap { $0.2.prefix(4) + $0.3.prefix(4) }.compactMap { artifacts[$0.artifactID] }
        let reader = try IndependenceTest.reader(of: pairs, in: sides, alongside: vocabularyFiles)
        var outcomes: [ComparisonOutcome] = []
        for (mine, theirs, leftCandidates, rightCandidates) in fitted {
            var (leftVocabulary, rightVocabulary) = (leftCandidates[0], rightCandidates[0])
            // The first vocabulary of each side that reads back (a member that cannot be read again gives way).
            let leftRead = Self.firstReadable(leftCandidates, artifacts: artifacts, sides: sides)
            let rightRead = Self.firstReadable(rightCandidates, artifacts: artifacts, sides: sides)
            if let read = leftRead.read { leftVocabulary = read.finding }
            if let read = rightRead.read { rightVocabulary = read.finding }
            var outcome = ComparisonOutcome(left: [sides.node(mine.finding), sides.node(leftVocabulary)],
                                            right: [sides.node(theirs.finding), sides.node(rightVocabulary)],
                                            statistic: "centred_pearson_of_rows_paired_by_token", null: [:], result: [:],
                                            interpretation: "", limits: Self.limits)
            do {
                guard mine.shape[1] == theirs.shape[1] else {
                    throw Refusal("the embeddings' widths differ (\(mine.shape[1]) and \(theirs.shape[1])): rows cannot be compared value by value")
                }
                guard let leftTokens = leftRead.read?.tokens else { throw leftRead.failure ?? Refusal("no vocabulary read back") }
                guard let rightTokens = rightRead.read?.tokens else { throw rightRead.failure ?? Refusal("no vocabulary read back") }
                let (leftRows, rightRows) = (try reader.rows(mine), try reader.rows(theirs))
                let measured = try Self.measure(leftRows, rightRows, leftTokens: leftTokens, rightTokens: rightTokens)
                // The rows were read over many passes: the bytes must still be those hashed at intake.
                try leftRows.checkUnchanged()
                try rightRows.checkUnchanged()
                Self.report(measured, into: &outcome)
            } catch {
                outcome.result = ["refused": .string("\(error)")]
                outcome.null = ["kind": "none", "reason": "the rows were not read"]
                outcome.interpretation = "The embeddings were not compared: \(error)."
            }
            outcomes.append(outcome)
        }
        return outcomes
    }

    struct Refusal: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Inputs

    private static func embedding(_ model: WeightModels.Model) -> StoredTensor? {
        model.tensors.first { $0.role == "token_embedding" && $0.matrixShape != nil }
    }

    /// The vocabularies on the model's side that fit its embedding, best first: in a file on disk
    /// (or, with `members`, in a member the run can copy again), the model's folder first, then
    /// the closest in size.
    private static func vocabularies(for model: WeightModels.Model, _ embedding: StoredTensor, among found: [FindingRecord],
                                     artifacts: [String: ArtifactRecord], members: Bool) -> [FindingRecord] {
        let rows = embedding.shape[0]
        let folder = (model.summary.evidencePath as NSString).deletingLastPathComponent
        let fitting = found.filter { finding in
            guard let artifact = artifacts[finding.artifactID], members || (artifact.parentID == nil && artifact.sourcePath != nil),
                  VocabularyReader.reads(fileName: artifact.name),
                  case .integer(let size)? = ComparedSides.attributes(finding)["vocab_size"] else { return false }
            return size <= rows && size * 2 >= rows
        }
        func size(_ finding: FindingRecord) -> Int64 {
            if case .integer(let size)? = ComparedSides.attributes(finding)["vocab_size"] { return size }
            return 0
        }
        return fitting.sorted { a, b in
            let (nearA, nearB) = ((a.evidencePath as NSString).deletingLastPathComponent == folder,
                                  (b.evidencePath as NSString).deletingLastPathComponent == folder)
            if nearA != nearB { return nearA }
            if size(a) != size(b) { return size(a) > size(b) }
            return a.id < b.id
        }
    }

    /// The first of `candidates` whose tokens read back, or why the first could not.
    private static func firstReadable(_ candidates: [FindingRecord], artifacts: [String: ArtifactRecord], sides: ComparedSides)
        -> (read: (finding: FindingRecord, tokens: [Int: [UInt8]])?, failure: (any Error)?) {
        var first: (any Error)?
        for candidate in candidates.prefix(4) {
            do {
                return ((candidate, try tokens(candidate, artifacts: artifacts, sides: sides)), nil)
            } catch {
                first = first ?? error
            }
        }
        return (nil, first)
    }

    /// The vocabulary's tokens by id, normalized, read back from its file with its intake digest checked.
    private static func tokens(_ finding: FindingRecord, artifacts: [String: ArtifactRecord], sides: ComparedSides) throws -> [Int: [UInt8]] {
        guard let artifact = artifacts[finding.artifactID] else { throw Refusal("\(finding.evidencePath) is not in the case") }
        let path: String
        do {
            path = try sides.file(of: artifact)
        } catch {
            throw Refusal("\(finding.evidencePath) could not be read again: \((error as? any LocalizedError)?.errorDescription ?? "\(error)")")
        }
        let spelling = ComparedSides.attributes(finding)["spelling"].flatMap { value -> TokenSpelling? in
            if case .string(let name) = value { return TokenSpelling(rawValue: name) }
            return nil
        } ?? .plain
        let source = HashingSource(try FileByteSource(path: path))
        let read: [(token: String, id: Int64)]
        do {
            read = try VocabularyReader.tokens(in: source, fileName: artifact.name)
            try source.drain()   // the rest of the file, for its digest
        } catch {
            throw Refusal("\(finding.evidencePath) could not be read back: \(error)")
        }
        guard let digest = source.digest, digest == artifact.sha256 else {
            throw Refusal("\(finding.evidencePath) no longer has the bytes hashed at intake: the file changed since it was added")
        }
        var tokens: [Int: [UInt8]] = [:]
        for (token, id) in read where id >= 0 && id < Int64(Int32.max) { tokens[Int(id)] = spelling.normalized(token) }
        return tokens
    }

    // MARK: The measure

    /// What the paired rows show.
    struct Measured {
        /// Pairs of rows (left, right) whose tokens are the same once normalized, in left id order.
        var pairs: [(Int, Int)]
        var pearson: Double
        var medianCosine: Double
        /// The rows paired by id instead (row i with row i), for comparison.
        var byIDPearson: Double
        var null: [Double]
        var sampleRows: Int
        var samplePearson: Double
        var atLeast: Int
        var leftTokens: Int
        var rightTokens: Int
    }

    static func measure(_ left: some RowSource, _ right: some RowSource, leftTokens: [Int: [UInt8]],
                        rightTokens: [Int: [UInt8]]) throws -> Measured {
        // Right ids by normalized token (the lowest id when two spellings normalize alike).
        var rightIDs: [[UInt8]: Int] = [:]
        for id in rightTokens.keys.sorted() where id < right.rows {
            let token = rightTokens[id]!
            if rightIDs[token] == nil { rightIDs[token] = id }
        }
        var pairs: [(Int, Int)] = []
        for id in leftTokens.keys.sorted() where id < left.rows {
            if let other = rightIDs[leftTokens[id]!] { pairs.append((id, other)) }
        }
        var cosines: [Double] = []
        cosines.reserveCapacity(pairs.count)
        let pearson = try centredPearson(left, right, pairs) { cosines.append($0) }
        cosines.sort()
        let medianCosine = cosines.isEmpty ? .nan
            : cosines.count % 2 == 1 ? cosines[cosines.count / 2] : (cosines[cosines.count / 2 - 1] + cosines[cosines.count / 2]) / 2
        cosines = []
        let shared = min(left.rows, right.rows)
        let byID = try centredPearson(left, right, (0..<shared).map { ($0, $0) })
        // The control: a seeded sample of the pairs, held in memory, then the right rows of that sample shuffled.
        var generator = SeededGenerator(seed: seed)
        let sample = pairs.count <= controlRows ? pairs : generator.permutation(pairs.count).prefix(controlRows).sorted().map { pairs[$0] }
        let (sampleLeft, sampleRight) = (try gathered(left, sample.map(\.0)), try gathered(right, sample.map(\.1)))
        let inPlace = sample.indices.map { ($0, $0) }
        let samplePearson = try centredPearson(sampleLeft, sampleRight, inPlace)
        var null: [Double] = []
        var atLeast = 0
        for _ in 0..<shuffles {
            let order = generator.permutation(sample.count)
            let value = try centredPearson(sampleLeft, sampleRight, inPlace.map { ($0.0, order[$0.0]) })
            null.append(value)
            if value >= samplePearson { atLeast += 1 }
        }
        return Measured(pairs: pairs, pearson: pearson, medianCosine: medianCosine, byIDPearson: byID, null: null,
                        sampleRows: sample.count, samplePearson: samplePearson, atLeast: atLeast,
                        leftTokens: leftTokens.count, rightTokens: rightTokens.count)
    }

    /// The rows at `indices`, in that order, as a matrix in memory.
    private static func gathered(_ source: some RowSource, _ indices: [Int]) throws -> RowMatrix {
        var values: [Float] = []
        values.reserveCapacity(indices.count * source.columns)
        for index in indices { try source.withRow(index) { values.append(contentsOf: $0) } }
        return RowMatrix(rows: indices.count, columns: source.columns, values: values)
    }

    /// Pearson's r between the paired rows' values, each matrix centred on its own mean over
    /// its rows in `pairs` (two passes: the means, then the products); sums in a fixed order, in
    /// double precision. `cosine` is given each pair's raw cosine, in pair order, on the way.
    static func centredPearson(_ left: some RowSource, _ right: some RowSource, _ pairs: [(Int, Int)],
                               cosine: ((Double) -> Void)? = nil) throws -> Double {
        let columns = left.columns
        guard !pairs.isEmpty, columns > 0, right.columns == columns else { return .nan }
        var leftSum = 0.0, rightSum = 0.0
        for (l, r) in pairs {
            try left.withRow(l) { x in
                for column in 0..<columns { leftSum += Double(x[column]) }
            }
            try right.withRow(r) { y in
                for column in 0..<columns { rightSum += Double(y[column]) }
            }
        }
        let count = Double(pairs.count * columns)
        let (leftMean, rightMean) = (leftSum / count, rightSum / count)
        var product = 0.0, leftSquares = 0.0, rightSquares = 0.0
        for (l, r) in pairs {
            try left.withRow(l) { x in
                try right.withRow(r) { y in
                    var raw = (product: 0.0, left: 0.0, right: 0.0)
                    for column in 0..<columns {
                        let (a, b) = (Double(x[column]), Double(y[column]))
                        let (centredA, centredB) = (a - leftMean, b - rightMean)
                        product += centredA * centredB
                        leftSquares += centredA * centredA
                        rightSquares += centredB * centredB
                        if cosine != nil {
                            raw.product += a * b
                            raw.left += a * a
                            raw.right += b * b
                        }
                    }
                    cosine?(raw.left > 0 && raw.right > 0 ? raw.product / (raw.left * raw.right).squareRoot() : 0)
                }
            }
        }
        guard leftSquares > 0, rightSquares > 0 else { return .nan }
        return product / (leftSquares * rightSquares).squareRoot()
    }

    // MARK: The report

    private static func rounded(_ value: Double) -> Value {
        value.isFinite ? .float((value * 1_000_000).rounded() / 1_000_000) : .null
    }

    private static func report(_ measured: Measured, into outcome: inout ComparisonOutcome) {
        let p = Double(measured.atLeast + 1) / Double(shuffles + 1)
        let nullMax = measured.null.filter(\.isFinite).max() ?? .nan
        outcome.score = measured.pearson.isFinite ? (measured.pearson * 1_000_000).rounded() / 1_000_000 : nil
        outcome.pValue = measured.pairs.count >= 3 ? p : nil
        outcome.result = [
            "paired_rows": .integer(Int64(measured.pairs.count)), "left_tokens": .integer(Int64(measured.leftTokens)),
            "right_tokens": .integer(Int64(measured.rightTokens)), "centred_pearson": rounded(measured.pearson),
            "median_row_cosine": rounded(measured.medianCosine), "by_id_centred_pearson": rounded(measured.byIDPearson),
            "paired_in_place": .integer(Int64(measured.pairs.filter { $0.0 == $0.1 }.count)),
        ]
        let sorted = measured.null.filter(\.isFinite).sorted()
        func quantile(_ q: Double) -> Value { sorted.isEmpty ? .null : rounded(sorted[min(sorted.count - 1, Int(q * Double(sorted.count)))]) }
        outcome.null = ["kind": "shuffled alignment", "shuffles": .integer(Int64(shuffles)), "rows": .integer(Int64(measured.sampleRows)),
                        "observed_on_rows": rounded(measured.samplePearson), "at_least_observed": .integer(Int64(measured.atLeast)),
                        "median": quantile(0.5), "q99": quantile(0.99), "max": rounded(nullMax),
                        "p_value_rule": "(1 + shuffles at least the observed) / (1 + shuffles)",
                        "histogram": .object(["from": -1, "to": 1,
                                              "counts": .list(LayerStatistics.histogram(measured.null, bins: 20).map { .integer(Int64($0)) })])]
        outcome.controls = ["shuffled_alignment": .object(["reading": "a negative control: the same rows paired at random; its correlations must sit near zero",
                                                          "max": rounded(nullMax)])]
        let r = String(format: "%.3f", measured.pearson), cosine = String(format: "%.3f", measured.medianCosine)
        let byID = String(format: "%.3f", measured.byIDPearson)
        var text = "\(measured.pairs.count) token(s) are in both vocabularies once spellings are normalized; the embedding rows they pair "
            + "correlate at r = \(r) (centred), with a median row cosine of \(cosine), against at most \(String(format: "%.3f", nullMax)) "
            + "over \(shuffles) shuffled pairings (p = \(String(format: "%.3f", p))"
            + (measured.atLeast == 0 ? ", the least this control can give)." : ").")
        if measured.pairs.count < 3 {
            text = "Fewer than three tokens pair the two embeddings: nothing can be read from them."
        } else if measured.atLeast == 0 {
            text += " The paired rows are more alike than every shuffled pairing: embeddings trained apart from different "
                + "initializations do not correlate row by row, so rows paired this way share lineage — one model derived from the "
                + "other, or both from a common base, which a licensed or public base model also explains; r measures how much "
                + "(1 is identical rows). It does not show who took from whom, and distillation or retraining leaves no such trace."
        } else {
            text += " The rows are no more alike than rows paired at random: this measure finds no shared lineage in the embeddings "
                + "(a model retrained or distilled from another leaves none to find)."
        }
        if measured.byIDPearson.isFinite, measured.pearson.isFinite, measured.pearson - measured.byIDPearson > 0.3 {
            text += " Paired by id instead, the rows correlate at only \(byID): the vocabularies order the same tokens differently, "
                + "and the embedding rows follow the tokens, not the ids."
        }
        outcome.interpretation = text
    }

    static let limits = "Needs each model's token embedding (a 2-D tensor of role token_embedding) and, on the same side, a vocabulary file on "
        + "disk or in an archive member copied again that fits it (tokenizer.json, vocab.json, vocab.txt, tiktoken, a SentencePiece "
        + "model, or the GGUF file's own tokens), read back with its intake digest checked; tokens are paired after normalizing their spelling, so "
        + "a token two spellings write alike pairs once. Both embeddings must have the same width (they are read back a row at a time). A common public base model explains a high correlation as well as derivation does; an embedding re-initialized or "
        + "re-trained from scratch leaves no trace. The control is computed on at most 2,048 paired rows (a seeded sample), so its "
        + "p-value is at least 1/200."
}
