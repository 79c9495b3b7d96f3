import EvidenceKit

/// Winnowing (Schleimer, Wilkerson and Aiken, SIGMOD 2003, the algorithm of MOSS): a document's
/// fingerprints are, in every window of `window` consecutive k-grams of tokens, the k-gram with
/// the smallest hash, each kept once; on a tie, the one already chosen while it is in the window,
/// else the rightmost (robust winnowing).
///
/// Two documents sharing a run of at least `guarantee` tokens (`k + window - 1`) share at least
/// one fingerprint; runs shorter than `k` tokens never match (the noise threshold). Fed one token
/// at a time; it holds the last `k` tokens and the last `window` k-grams, and keeps at most
/// `limit` fingerprints (the rest are counted in ``dropped``).
///
/// ```swift
/// var winnowing = Winnowing()
/// for token in tokens { winnowing.add(token) }
/// winnowing.finish()
/// winnowing.fingerprints.map(\.text)    // ["3fa0…:1-3", …]
/// ```
import EvidenceKit

public struct Winnowing {
    /// The recipe's name, in every finding it makes: change it with any change to the tokens,
    /// the hashes or the selection.
    public static let recipe = "exhibit-winnow-v2"
    /// Tokens per k-gram: shared runs shorter than this never match.
    public static let standardK = 12
    /// K-grams per window.
    public static let standardWindow = 12

    public let k: Int
    public let window: Int
    public let limit: Int
    /// The fingerprints kept, in document order.
    public private(set) var fingerprints: [CodeFingerprint] = []
    /// Tokens read.
    public private(set) var tokens = 0
    /// Fingerprints past ``limit``, counted and not kept.
    public private(set) var dropped = 0

    private var recent: [SourceToken] = []
    private var grams: [(hash: UInt64, first: Int, last: Int, position: Int)] = []
    private var chosen = -1

    public init(k: Int = Winnowing.standardK, window: Int = Winnowing.standardWindow, limit: Int = 100_000) {
        self.k = max(1, k)
        self.window = max(1, window)
        self.limit = limit
    }

    /// The shortest shared run of tokens certain to share a fingerprint.
    public var guarantee: Int { k + window - 1 }

    public mutating func add(_ token: SourceToken) {
        tokens += 1
        if recent.count == k { recent.removeFirst() }
        recent.append(token)
        guard recent.count == k else { return }
        var hash: UInt64 = 0
        for token in recent { hash = (hash ^ token.hash) &* 0x0000_0100_0000_01b3 }  // FNV-1a's prime, over token hashes
        if grams.count == window { grams.removeFirst() }
        grams.append((StableHash.mix(hash), recent[0].line, recent.map(\.endLine).max()!, tokens - k))
        if grams.count == window { choose() }
    }

    /// Ends the document: one shorter than a window keeps its smallest k-gram.
    public mutating func finish() {
        if !grams.isEmpty, grams.count < window { choose() }
    }

    private mutating func choose() {
        var best = 0
        for index in grams.indices where grams[index].hash <= grams[best].hash { best = index }
        // Robust winnowing (§4 of the paper): on a tie, the minimum already chosen stays chosen
        // while it is in the window, so repetitive code (a table of zeros) keeps one fingerprint
        // per run, not one per period.
        if let kept = grams.firstIndex(where: { $0.position == chosen }), grams[kept].hash == grams[best].hash { return }
        let gram = grams[best]
        guard gram.position != chosen else { return }
        chosen = gram.position
        if fingerprints.count < limit {
            fingerprints.append(CodeFingerprint(hash: gram.hash, firstLine: gram.first, lastLine: gram.last))
        } else {
            dropped += 1
        }
    }
}

extension Winnowing {
    /// The winnowed fingerprints of a whole text already in memory (a notebook cell), with the
    /// standard parameters.
    public static func of(_ source: String, language: SourceLanguage) -> Winnowing {
        var tokenizer = SourceTokenizer(language: language)
        var winnowing = Winnowing()
        tokenizer.feed(Array(source.utf8)) { winnowing.add($0) }
        tokenizer.finish { winnowing.add($0) }
        winnowing.finish()
        return winnowing
    }
}

extension Winnowing {
    /// The kind of the finding that carries a document's fingerprints.
    public static let findingKind: FindingKind = "code.fingerprints"

    /// The `code.fingerprints` finding of this document, `lines` long, in `language`, at
    /// `locator` (a file's whole, or a notebook cell): the attributes `compare.code` reads.
    public func finding(language: SourceLanguage, lines: Int, at locator: Locator = .whole) -> Finding {
        var attributes: [String: Value] = [
            "language": .string(language.name), "lines": .integer(Int64(lines)), "tokens": .integer(Int64(tokens)),
            "recipe": .string(Self.recipe), "k": .integer(Int64(k)), "window": .integer(Int64(window)),
            "fingerprint_count": .integer(Int64(fingerprints.count)),
            "fingerprints": .list(fingerprints.map { .string($0.text) }),
        ]
        if dropped > 0 { attributes["fingerprints_dropped"] = .integer(Int64(dropped)) }
        let summary = fingerprints.isEmpty
            ? "\(language.name) source, \(lines) lines, \(tokens) tokens: too short to fingerprint (fewer than \(k) tokens)"
            : "\(language.name) source, \(lines) lines, \(tokens) tokens: \(fingerprints.count) fingerprints"
        return Finding(Self.findingKind, summary: summary, attributes: attributes, at: locator)
    }

    /// Emits this document's ``finding(language:lines:at:)``, and a limitation when it dropped
    /// fingerprints past ``limit`` (matches after them are not found).
    public func report(language: SourceLanguage, lines: Int, at locator: Locator = .whole, into sink: any FindingSink) {
        sink.emit(finding(language: language, lines: lines, at: locator))
        guard dropped > 0 else { return }
        sink.limitation("the first \(limit) fingerprints were kept and \(dropped) more dropped: matches after them are not found",
                        limit: "fingerprints per document: \(limit)", at: locator)
    }
}
