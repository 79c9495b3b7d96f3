import CaseStore
import EvidenceFormats
import ExhibitTestSupport
import Foundation
import Testing
@testable import CaseAnalyses

/// Embedding rows paired by token: a derived model whose vocabulary was re-ordered (rows moved
/// with their tokens) is found, where pairing by id finds nothing; independent embeddings are
/// not; spellings are normalized before pairing.
@Suite struct EmbeddingAlignmentTests {
    static func embedding(seed: UInt64, rows: Int = 300, columns: Int = 24) -> RowMatrix {
        var generator = SeededGenerator(seed: seed)
        return RowMatrix(rows: rows, columns: columns,
                         values: (0..<(rows * columns)).map { _ in IndependenceTestTests.normal(&generator) * 0.02 })
    }

    static func words(_ count: Int) -> [Int: [UInt8]] {
        Dictionary(uniqueKeysWithValues: (0..<count).map { ($0, Array(" word\($0)".utf8)) })
    }

    @Test func aReorderedDerivedVocabularyIsPairedByItsTokens() throws {
        let base = Self.embedding(seed: 1)
        let derived = IndependenceTestTests.derived(base, seed: 2, ratio: 0.3)
        // The right side moves every token (and its row) to a new id.
        var generator = SeededGenerator(seed: 3)
        let order = generator.permutation(base.rows)   // right id → left id
        let moved = derived.reordered(order)
        var rightTokens: [Int: [UInt8]] = [:]
        for (rightID, leftID) in order.enumerated() { rightTokens[rightID] = Array(" word\(leftID)".utf8) }
        let measured = try EmbeddingAlignment.measure(base, moved, leftTokens: Self.words(base.rows), rightTokens: rightTokens)
        #expect(measured.pairs.count == 300)
        #expect(measured.pearson > 0.9 && measured.medianCosine > 0.9)
        #expect(abs(measured.byIDPearson) < 0.1)
        #expect(measured.atLeast == 0 && (measured.null.max() ?? 1) < 0.1)
    }

    @Test func independentEmbeddingsAreNotPaired() throws {
        let measured = try EmbeddingAlignment.measure(Self.embedding(seed: 4), Self.embedding(seed: 5),
                                                  leftTokens: Self.words(300), rightTokens: Self.words(300))
        #expect(abs(measured.pearson) < 0.05)
        #expect(measured.atLeast > 0)
    }

    /// The false-positive rate at α = 0.01 on 100 independent generated pairs: p ≤ 0.01 (at most
    /// one shuffle at least the observed) is reached by chance about once in 100 pairs.
    @Test func independentPairsAreRarelyRejected() throws {
        var rejected = 0
        for pair in 0..<100 {
            let measured = try EmbeddingAlignment.measure(Self.embedding(seed: 1_000 + UInt64(pair), rows: 120, columns: 16),
                                                      Self.embedding(seed: 5_000 + UInt64(pair), rows: 120, columns: 16),
                                                      leftTokens: Self.words(120), rightTokens: Self.words(120))
            if Double(measured.atLeast + 1) / Double(EmbeddingAlignment.shuffles + 1) <= 0.01 { rejected += 1 }
        }
        #expect(rejected <= 3)
    }

    /// A byte-level BPE's `Ġthe` and a SentencePiece `▁the` are one token once normalized.
    @Test func spellingsAreNormalizedBeforePairing() throws {
        let base = Self.embedding(seed: 6, rows: 3)
        let left = [0: TokenSpelling.byteLevel.normalized("Ġthe"), 1: TokenSpelling.byteLevel.normalized("ing"),
                    2: TokenSpelling.byteLevel.normalized("Ċ")]
        let right = [0: TokenSpelling.sentencePiece.normalized("<0x0A>"), 1: TokenSpelling.sentencePiece.normalized("▁the"),
                     2: TokenSpelling.sentencePiece.normalized("ing")]
        let measured = try EmbeddingAlignment.measure(base, base.reordered([2, 0, 1]), leftTokens: left, rightTokens: right)
        #expect(measured.pairs.map { [$0.0, $0.1] } == [[0, 1], [1, 2], [2, 0]])
        #expect(abs(measured.pearson - 1) < 1e-9)
    }

    /// The same inputs give the same figures, to the last bit.
    /// Embeddings read back a row at a time from their files give the figures the same matrices
    /// give in memory, bit for bit.
    @Test func rowsReadBackMeasureAsMatricesInMemory() throws {
        let folder = try TemporaryFolder()
        let base = Self.embedding(seed: 11, rows: 2_300, columns: 8)
        let derived = IndependenceTestTests.derived(base, seed: 12, ratio: 0.5)
        var sources: [String: String] = [:]
        var stored: [StoredTensor] = []
        for (name, matrix) in [("left", base), ("right", derived)] {
            let path = folder.path(name)
            try matrix.values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: path)) }
            sources[name] = path
            let attributes = #"{"name":"e","dtype":"F32","shape":[\#(matrix.rows),8],"offset":0,"length":\#(matrix.values.count * 4)}"#
            stored.append(try #require(StoredTensor(FindingRecord(
                id: name, artifactID: name, originalID: name, exhibit: "EX-0001", exhibitSequence: 1, ordinal: 0, kind: "weights.tensor",
                severity: "info", summary: "", attributes: attributes, locator: "{}", evidencePath: name, timeUTC: nil, timeOriginal: nil,
                timeZoneSource: nil, extractorID: "weights", extractorVersion: "1"))))
        }
        let reader = TensorReadBack(sources: sources)
        // More pairs than the control samples, so the sample is gathered from the files too.
        let tokens = Self.words(2_300)
        let inMemory = try EmbeddingAlignment.measure(base, derived, leftTokens: tokens, rightTokens: tokens)
        let readBack = try EmbeddingAlignment.measure(try reader.rows(stored[0]), try reader.rows(stored[1]),
                                                      leftTokens: tokens, rightTokens: tokens)
        #expect(inMemory.sampleRows == EmbeddingAlignment.controlRows && readBack.sampleRows == inMemory.sampleRows)
        #expect(readBack.pearson == inMemory.pearson && readBack.medianCosine == inMemory.medianCosine)
        #expect(readBack.byIDPearson == inMemory.byIDPearson && readBack.null == inMemory.null)
        #expect(readBack.pearson > 0.8 && readBack.atLeast == 0)
    }

    @Test func theMeasureIsDeterministic() throws {
        let left = Self.embedding(seed: 7), right = IndependenceTestTests.derived(left, seed: 8, ratio: 1)
        let first = try EmbeddingAlignment.measure(left, right, leftTokens: Self.words(300), rightTokens: Self.words(300))
        let second = try EmbeddingAlignment.measure(left, right, leftTokens: Self.words(300), rightTokens: Self.words(300))
        #expect(first.pearson.bitPattern == second.pearson.bitPattern && first.null.map(\.bitPattern) == second.null.map(\.bitPattern))
    }
}
