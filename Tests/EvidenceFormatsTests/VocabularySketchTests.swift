import EvidenceFormats
import EvidenceKit
import Testing

/// Token spellings normalized to one form, GPT-2's byte table inverted, and MinHash sketches whose
/// Jaccard estimates are exact on small sets and within their error on large ones.
@Suite struct VocabularySketchTests {
    @Test func spellingsMeetInOneForm() {
        let space = Array(" the".utf8)
        #expect(TokenSpelling.byteLevel.normalized("\u{120}the") == space)
        #expect(TokenSpelling.sentencePiece.normalized("\u{2581}the") == space)
        #expect(TokenSpelling.wordPiece.normalized("the") == space)
        #expect(TokenSpelling.wordPiece.normalized("##ing") == Array("ing".utf8))
        #expect(TokenSpelling.sentencePiece.normalized("<0x0A>") == [0x0A])
        #expect(TokenSpelling.byteLevel.normalized("\u{10A}") == [0x0A])
        // GPT-2's table: bytes 0–32 are U+0100–U+0120, DEL U+0121, 128–160 U+0122–U+0142, the soft hyphen U+0143;
        // a printable byte is itself, and "é" in a byte-level vocabulary is the byte 0xE9, not its UTF-8.
        #expect(TokenSpelling.byteLevel.normalized("\u{100}") == [0x00])
        #expect(TokenSpelling.byteLevel.normalized("\u{121}") == [0x7F])
        #expect(TokenSpelling.byteLevel.normalized("\u{122}") == [0x80] && TokenSpelling.byteLevel.normalized("\u{142}") == [0xA0])
        #expect(TokenSpelling.byteLevel.normalized("\u{143}") == [0xAD])
        #expect(TokenSpelling.byteLevel.normalized("\u{E9}") == [0xE9] && TokenSpelling.plain.normalized("\u{E9}") == [0xC3, 0xA9])
    }

    @Test func spellingIsDetectedFromTheTokens() {
        let bytes = (0..<256).map { String(UnicodeScalar(UInt8($0))) }
        let remapped = (0x100...0x143).map { String(UnicodeScalar($0)!) }
        #expect(TokenSpelling.detect(bytes + remapped + ["\u{120}the", "\u{120}and", "ing"]) == .byteLevel)
        // A small byte-level vocabulary: its 256 byte tokens, few merges, one in ten with a space.
        #expect(TokenSpelling.detect(bytes + remapped + ["\u{120}the"] + (0..<9).map { "ab\($0)" }) == .byteLevel)
        #expect(TokenSpelling.detect((0..<256).map { String(format: "<0x%02X>", $0) } + ["the"]) == .sentencePiece)
        #expect(TokenSpelling.detect(["[PAD]", "the", "##s", "of", "##ing"]) == .wordPiece)
        #expect(TokenSpelling.detect(["\u{2581}the", "\u{2581}of", "s"]) == .sentencePiece)
        #expect(TokenSpelling.detect(["the", "of", "and"]) == .plain)
        // A multilingual vocabulary's Latin Extended-A letters are letters, not GPT-2's remapped bytes.
        #expect(TokenSpelling.detect(remapped + ["stadt", "##en", "über", "ça", "##s"]) != .byteLevel)
    }

    /// The same vocabulary spelled byte-level and SentencePiece gives one token sketch.
    @Test func oneVocabularyInTwoSpellingsHasOneSketch() {
        let words = (0..<600).map { "w\($0)" }
        var byteLevel = VocabularySketch(spelling: nil), sentencePiece = VocabularySketch(spelling: nil)
        for (id, word) in words.enumerated() {
            byteLevel.add(token: "\u{120}" + word, id: Int64(id))
            sentencePiece.add(token: "\u{2581}" + word, id: Int64(words.count - id))
        }
        byteLevel.finish()
        sentencePiece.finish()
        #expect(byteLevel.spelling == .byteLevel && sentencePiece.spelling == .sentencePiece)
        #expect(byteLevel.tokenSketch == sentencePiece.tokenSketch && byteLevel.tokenSketch.hashes.count == VocabularySketch.k)
        // Re-ordered ids: the (token, id) pairs share almost nothing.
        #expect(byteLevel.idSketch.jaccard(sentencePiece.idSketch) < 0.05)
    }

    @Test func jaccardIsExactOnSmallSetsAndWithinItsErrorOnLargeOnes() {
        func sketch(_ range: Range<Int>, k: Int = 256) -> BottomKSketch {
            var sketch = BottomKSketch(k: k)
            for value in range { sketch.insert(StableHash.of(Array("t\(value)".utf8))) }
            return sketch
        }
        #expect(sketch(0..<100).jaccard(sketch(50..<150)) == 50.0 / 150.0)
        #expect(sketch(0..<100).jaccard(sketch(0..<100)) == 1 && sketch(0..<10).jaccard(sketch(10..<20)) == 0)
        // 60,000 and 60,000 elements sharing 40,000: J = 0.5; the standard error at k = 256 is about 0.031.
        let estimate = sketch(0..<60_000).jaccard(sketch(20_000..<80_000))
        #expect(abs(estimate - 0.5) < 4 * 0.031, "\(estimate)")
        // Text round trip; anything else refused.
        let small = sketch(0..<5)
        #expect(BottomKSketch(k: 256, text: small.text) == small)
        #expect(BottomKSketch(k: 256, text: ["zz"]) == nil && BottomKSketch(k: 256, text: small.text.reversed()) == nil)
    }
}
