import EvidenceFormats
import EvidenceKit
import Foundation

/// Source code and scripts, streamed: each file's winnowed fingerprints over normalized tokens
/// (``Winnowing``), the facts `compare.code` matches across parties, with the lines every
/// fingerprint covers. Nothing in the file is run, imported or evaluated.
public struct CodeExtractor: Extractor {
    public init() {}

    public func extract(_ artifact: Artifact, into sink: any FindingSink) throws {
        if Self.isWideText(artifact.head) {
            sink.warn(CodeExtractorError.wideText.errorDescription!, attributes: ["problem": "wide_text"])
            return
        }
        if Self.isBinary(artifact.head) { throw EvidenceError.notMyFormat(CodeExtractorError.binary.errorDescription!) }
        guard let language = SourceLanguage.of(fileName: artifact.name) ?? Self.interpreter(artifact.head) else {
            throw EvidenceError.notMyFormat(CodeExtractorError.unknownLanguage(artifact.name).errorDescription!)
        }
        var tokenizer = SourceTokenizer(language: language)
        var winnowing = Winnowing()
        var chunks = 0
        var last: UInt8?
        while true {
            let chunk = try artifact.content.read(upTo: 1 << 16)
            if chunk.isEmpty { break }
            last = chunk.last
            tokenizer.feed(Array(chunk)) { winnowing.add($0) }
            chunks += 1
            if chunks % 64 == 0 { try artifact.limits.checkDeadline() }
        }
        tokenizer.finish { winnowing.add($0) }
        winnowing.finish()
        // Lines as `wc -l` counts them, and a last line without its newline.
        let lines = last == nil ? 0 : tokenizer.line - (last == 0x0A ? 1 : 0)
        winnowing.report(language: language, lines: lines, into: sink)
    }

    /// UTF-16 text (a byte-order mark): tokens would be read between its NUL bytes.
    static func isWideText(_ head: Data) -> Bool {
        head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF])
    }

    /// Binary, not source: a NUL byte in the first 8 KiB (no text editor writes one).
    static func isBinary(_ head: Data) -> Bool {
        head.prefix(8192).contains(0)
    }

    /// The language a script's `#!` line names (`python3`, `bash`, `env python`).
    static func interpreter(_ head: Data) -> SourceLanguage? {
        guard head.starts(with: Array("#!".utf8)) else { return nil }
        let line = String(decoding: head.prefix(256).prefix { $0 != 0x0A }, as: UTF8.self)
        let words = line.dropFirst(2).split(separator: " ").map { $0.split(separator: "/").last.map(String.init) ?? "" }
        let program = words.first == "env" ? words.dropFirst().first { !$0.hasPrefix("-") } ?? "" : words.first ?? ""
        if program.hasPrefix("python") { return .python }
        if ["sh", "bash", "zsh", "ksh", "dash"].contains(program) { return .shell }
        if program == "node" { return .javascript }
        if program == "julia" { return .julia }
        if program == "Rscript" { return .r }
        return nil
    }
}

extension CodeExtractor: ContentRecognizing {
    /// A script without a source extension whose `#!` line names an interpreter it reads.
    public static func claims(head: Data, name: String) -> Bool {
        !name.contains(".") && interpreter(head) != nil
    }
}
