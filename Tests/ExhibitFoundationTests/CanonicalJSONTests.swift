import EvidenceKit
import Foundation
import Testing
@testable import ExhibitFoundation

@Suite struct CanonicalJSONTests {
    private let tricky: [String: Value] = [
        "b": "quote \" backslash \\ newline \n tab \t bell \u{7} café ▸ 🙂", "a": 1, "c": [1.5, .null, true],
        "nested": ["z": -3, "y": .float(.infinity)], "Z": "upper sorts first",
    ]

    @Test func readsBackAsTheSameValue() throws {
        let text = CanonicalJSON.encode(tricky)
        var expected = tricky
        expected["nested"] = ["z": -3, "y": "inf"]
        #expect(try JSONDecoder().decode([String: Value].self, from: Data(text.utf8)) == expected)
    }

    /// Escapes at either end, alone, or back to back, around runs copied whole.
    @Test(arguments: ["", "\"", "\\", "\n", "\"a", "a\"", "\"\"", "a\u{1}b\u{1F}c", "\\\"\n\t\r", "plain/path/name.txt",
                      String(repeating: "x", count: 5000) + "\"" + String(repeating: "é", count: 100)])
    func stringsReadBackWhateverTheirEscapes(_ text: String) throws {
        let encoded = CanonicalJSON.encode(["k": Value.string(text)])
        #expect(try JSONDecoder().decode([String: String].self, from: Data(encoded.utf8)) == ["k": text])
    }

    @Test func keysAreSortedAndOutputIsStable() {
        let text = CanonicalJSON.encode(tricky)
        #expect(text.hasPrefix(#"{"Z":"upper sorts first","a":1,"b":"quote \" backslash \\ newline \n tab \t bell \u0007"#))
        #expect(text == CanonicalJSON.encode(tricky))
    }

    @Test func locatorsReadBackThroughTheirCodableKeys() throws {
        let locator = Locator(entryIndex: 2, memberPath: "a/b.json", byteOffset: 7, byteLength: 3, line: 4, column: 1,
                              jsonPointer: "/x/0", cellIndex: 5)
        let text = CanonicalJSON.encode(locator)
        #expect(try JSONDecoder().decode(Locator.self, from: Data(text.utf8)) == locator)
        #expect(CanonicalJSON.encode(Locator.whole) == "{}")
    }
}
