/// How a vocabulary spells its tokens, and a token's text in one spelling for all: the bytes it
/// stands for, with a leading space when it starts a word. So a byte-level BPE's `Ġthe`, a
/// SentencePiece `▁the` and a WordPiece `the` are one token (` the`), and WordPiece's `##ing`,
/// BPE's `ing` and SentencePiece's `ing` another (`ing`).
///
/// ```swift
/// TokenSpelling.byteLevel.normalized("Ġthe")      // " the" as bytes
/// TokenSpelling.sentencePiece.normalized("<0x0A>")   // [0x0A]
/// TokenSpelling.wordPiece.normalized("##ing")       // "ing" as bytes
/// ```
public enum TokenSpelling: String, Sendable, CaseIterable {
    /// GPT-2's byte-level BPE: every byte drawn as a printable character (`Ġ` a space, `Ċ` a line feed).
    case byteLevel = "byte_level"
    /// SentencePiece: `▁` a space, `<0xNN>` a raw byte.
    case sentencePiece = "sentencepiece"
    /// WordPiece: `##` continues a word; any other token starts one.
    case wordPiece = "wordpiece"
    /// None of these: the text as written.
    case plain

    /// The spelling `tokens` show (a sample of a vocabulary's first tokens), from the tokens of
    /// two characters or more: byte-level when `Ġ` or `Ċ` is in one in five of them (or in one in
    /// twenty, when half of the 68 characters GPT-2 draws for unprintable bytes, U+0100–U+0143,
    /// are tokens of their own — a small vocabulary); SentencePiece when 128 or more `<0xNN>` byte
    /// tokens are there, or `▁` is in one in five; WordPiece when `##` starts one token in a
    /// hundred; otherwise plain. (Latin Extended-A letters alone are not byte-level: a
    /// multilingual WordPiece vocabulary holds them too.) A tokenizer's own declaration — its
    /// model type, decoder or pre-tokenizer — is better evidence, and readers use it first.
    public static func detect<Tokens: Collection>(_ tokens: Tokens) -> TokenSpelling where Tokens.Element == String {
        guard !tokens.isEmpty else { return .plain }
        var longer = 0, byteLevel = 0, sentencePiece = 0, wordPiece = 0
        var remapped = Set<UInt32>(), fallbackBytes = 0
        for token in tokens {
            let scalars = token.unicodeScalars
            if scalars.count == 1, let only = scalars.first, (0x100...0x143).contains(only.value) { remapped.insert(only.value) }
            if token.utf8.count == 6, token.hasPrefix("<0x"), token.hasSuffix(">") { fallbackBytes += 1 }
            if token.hasPrefix("##"), token.count > 2 { wordPiece += 1 }
            guard scalars.count >= 2 else { continue }
            longer += 1
            if scalars.contains(where: { $0.value == 0x120 || $0.value == 0x10A }) { byteLevel += 1 }
            if scalars.contains(where: { $0.value == 0x2581 }) { sentencePiece += 1 }
        }
        if longer > 0, byteLevel * 5 >= longer || (remapped.count >= 34 && byteLevel * 20 >= longer), byteLevel >= sentencePiece {
            return .byteLevel
        }
        if fallbackBytes >= 128 || (longer > 0 && sentencePiece * 5 >= longer) { return .sentencePiece }
        if wordPiece * 100 >= tokens.count { return .wordPiece }
        return .plain
    }

    /// The bytes `token` stands for, a word's first token with a leading space.
    public func normalized(_ token: String) -> [UInt8] {
        switch self {
        case .plain:
            return Array(token.utf8)
        case .wordPiece:
            if token.hasPrefix("##"), token.count > 2 { return Array(token.utf8.dropFirst(2)) }
            return [0x20] + Array(token.utf8)
        case .sentencePiece:
            if token.utf8.count == 6, token.hasPrefix("<0x"), token.hasSuffix(">"),
               let byte = UInt8(token.dropFirst(3).prefix(2), radix: 16) {
                return [byte]
            }
            var bytes: [UInt8] = []
            for scalar in token.unicodeScalars {
                if scalar.value == 0x2581 { bytes.append(0x20) } else { bytes.append(contentsOf: String(scalar).utf8) }
            }
            return bytes
        case .byteLevel:
            var bytes: [UInt8] = []
            for scalar in token.unicodeScalars {
                if let byte = Self.byteOfCharacter[scalar.value] { bytes.append(byte) } else { bytes.append(contentsOf: String(scalar).utf8) }
            }
            return bytes
        }
    }

    /// Raw bytes (a tiktoken file's token) drawn as GPT-2's byte-level BPE draws them, so that
    /// ``byteLevel`` normalizes them back to the same bytes.
    public static func byteLevelText(_ bytes: some Sequence<UInt8>) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(characterOfByte[Int(byte)]) }
        return String(scalars)
    }

    /// GPT-2's table: each byte's character.
    private static let characterOfByte: [Unicode.Scalar] = {
        var characters = [Unicode.Scalar](repeating: " ", count: 256)
        for (character, byte) in byteOfCharacter { characters[Int(byte)] = Unicode.Scalar(character)! }
        return characters
    }()

    /// GPT-2's table inverted: bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` are drawn as themselves; the
    /// other 68 (controls, space, DEL, NBSP, soft hyphen) as U+0100 onwards, in byte order.
    private static let byteOfCharacter: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [:]
        var next: UInt32 = 0x100
        for byte in 0...255 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            if printable {
                table[UInt32(byte)] = UInt8(byte)
            } else {
                table[next] = UInt8(byte)
                next += 1
            }
        }
        return table
    }()
}
