import EvidenceKit
import Foundation
import Testing
@testable import NotebookExtractor

/// The tokenizer, the normalized source, the IPython lines and the base64 decoder, alone.
@Suite struct PythonReadingTests {
    @Test func tokensOfACall() {
        let tokens = PythonTokenizer.tokens("cfg = GRPOConfig(lr=3e-4, name='a\\'b', beta=-0.1)  # note\nx = 1_000")
        #expect(tokens.filter { $0.kind == .newline }.count == 2)
        #expect(tokens.contains { $0.kind == .number && $0.text == "3e-4" })
        #expect(tokens.contains { $0.kind == .string(prefix: "") && $0.text == "a\\'b" })
        #expect(tokens.contains { $0.kind == .comment })
        let call = PythonCall.all(in: tokens).first
        #expect(call?.callee == "GRPOConfig" && call?.keywords.map(\.name) == ["lr", "name", "beta"])
        #expect(call.flatMap { PythonCall.literal($0.keywords[2].value) } == .float(-0.1))
        #expect(PythonCall.number("1_000") == .integer(1000))
    }

    @Test func reformattingKeepsTheNormalizedSource() {
        let original = "def f(a, **kw):\n    # a comment\n    return [x * 2 for x in a]\n"
        let reformatted = "def f( a,**kw ):\n\n\treturn [\n        x*2\n        for x in a,\n    ]  # trailing\n"
        let changed = "def f(a, **kw):\n    return [x * 3 for x in a]\n"
        func normalized(_ text: String) -> String { SourceNormalizer.python(PythonTokenizer.tokens(text)) }
        #expect(normalized(original) == normalized(reformatted))
        #expect(normalized(original) != normalized(changed))
        #expect(normalized("x = 'a'") == normalized("x = \"a\""))
        // Indentation is structure: a statement moved out of a block is a different cell.
        #expect(normalized("if a:\n    b()\n    c()") != normalized("if a:\n    b()\nc()"))
    }

    @Test func ipythonLinesAreSetApart() {
        let lines = IPythonLines("!pip install trl==0.14\n%env A=1\nfiles = !ls\nimport os")
        #expect(lines.commands.map(\.kind) == ["shell", "magic", "shell"])
        #expect(lines.python == "\n\n\nimport os")
        #expect(IPythonLines("%%bash\nnvidia-smi\n").commands.map(\.text) == ["bash", "nvidia-smi"])
        #expect(IPythonLines("%%bash\nnvidia-smi\n").python.isEmpty)
        #expect(PackageRequirement.parse("'transformers[torch]>=4.46'")
                == PackageRequirement(name: "transformers", specifier: ">=4.46", version: nil))
        #expect(PackageRequirement.parseInstalled("trl-0.14.0")?.version == "0.14.0")
    }

    @Test(arguments: [0, 1, 2, 3, 4, 5, 100, 65_537])
    func base64DecodesAsFoundationDoes(_ length: Int) throws {
        let bytes = Data((0..<length).map { UInt8(truncatingIfNeeded: $0 * 31) })
        let encoded = bytes.base64EncodedString(options: .lineLength64Characters)
        let decoded = try Base64DecodingSource(DataByteSource(Data(encoded.utf8))).readAll(limit: 1 << 20)
        #expect(decoded == bytes)
    }

    @Test(arguments: ["QQ", "QQ=", "Q===", "QQ==QQ==", "QQ*=", "QUJD\u{1}"])
    func invalidBase64Fails(_ text: String) {
        #expect(throws: Base64DecodingSource.Failure.self) {
            try Base64DecodingSource(DataByteSource(Data(text.utf8))).readAll(limit: 100)
        }
    }

    /// Past the fast run of alphabet characters, a bad character is named at its place, and the
    /// bytes decoded before it are counted.
    @Test func invalidBase64IsPlacedExactly() throws {
        let text = String(repeating: "QUJD", count: 20_000) + "\n" + "QU*D"
        let source = Base64DecodingSource(DataByteSource(Data(text.utf8)))
        #expect(throws: Base64DecodingSource.Failure.self) { try source.readAll(limit: 1 << 20) }
        #expect(source.failure?.reason == "a '*' at encoded character 80003")
        #expect(source.failure?.decodedBytes == 60_000)
    }
}
