import EvidenceFormats
import EvidenceKit
import Foundation
import Testing

@Suite struct JSONScannerTests {
    private func events(_ text: String, _ options: JSONScanner.Options = .init()) throws -> [(JSONScanner.Event, String, Locator)] {
        let scanner = JSONScanner(DataByteSource(Data(text.utf8)), options: options)
        var out: [(JSONScanner.Event, String, Locator)] = []
        while let event = try scanner.next() { out.append((event, scanner.pointer, scanner.locator)) }
        return out
    }

    /// A source that hands out one byte per read: every block boundary falls everywhere.
    private final class Trickle: ByteSource {
        let bytes: [UInt8]
        var offset = 0
        init(_ text: String) { bytes = Array(text.utf8) }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            guard offset < bytes.count, buffer.count > 0 else { return 0 }
            buffer[0] = bytes[offset]
            offset += 1
            return 1
        }
    }

    @Test func eventsCarryPointersAndPlaces() throws {
        let read = try events("{\n  \"a/b\": [1, {\"~k\": true}],\n  \"c\": null\n}")
        #expect(read.map(\.0) == [.beginObject, .key("a/b"), .beginArray, .number("1"), .beginObject, .key("~k"), .bool(true),
                                  .endObject, .endArray, .key("c"), .null, .endObject])
        #expect(read.map(\.1) == ["", "/a~1b", "/a~1b", "/a~1b/0", "/a~1b/1", "/a~1b/1/~0k", "/a~1b/1/~0k", "/a~1b/1", "/a~1b",
                                  "/c", "/c", ""])
        let null = read[10].2
        #expect(null.line == 3 && null.column == 8 && null.byteOffset == 37)
    }

    @Test func theSameEventsWhateverTheBlockBoundaries() throws {
        let text = #"{"k": "a\u00e9\ud83d\ude00\n", "n": [-1.5e3, 0], "s": "\\"} "#
        let whole = try events(text).map(\.0)
        let scanner = JSONScanner(Trickle(text))
        var trickled: [JSONScanner.Event] = []
        while let event = try scanner.next() { trickled.append(event) }
        #expect(trickled == whole)
        #expect(whole.contains(.string("aé😀\n")))
    }

    @Test func aLoneHighSurrogateBecomesAReplacementAndKeepsWhatFollows() throws {
        // The byte after a lone high surrogate was swallowed once: "\ud800x" is U+FFFD then x.
        for (text, expected) in [(#""\ud800x""#, "\u{FFFD}x"), (#""\ud800\n""#, "\u{FFFD}\n"),
                                 (#""\ud800\u0041""#, "\u{FFFD}A"), (#""\udc00""#, "\u{FFFD}"),
                                 (#""\ud800\ud800\udc00""#, "\u{FFFD}\u{10000}"), (#""\ud800""#, "\u{FFFD}")] {
            let scanner = JSONScanner(DataByteSource(Data(text.utf8)))
            #expect(try scanner.next() == .string(expected), "\(text)")
            #expect(!scanner.warnings.isEmpty)
        }
    }

    @Test func lenientReadsWhatMLFilesHoldAndSaysSo() throws {
        let text = "\u{FEFF}{\"a\": NaN, // note\n \"b\": -Infinity, \"c\": Infinity}"
        let read = try events(text).map(\.0)
        #expect(read.contains(.nonFinite(-.infinity)) && read.contains(.nonFinite(.infinity)))
        #expect(read.contains { if case .nonFinite(let value) = $0 { return value.isNaN } else { return false } })
        let scanner = JSONScanner(DataByteSource(Data(text.utf8)))
        while try scanner.next() != nil {}
        #expect(scanner.warnings.map(\.message).contains { $0.contains("comment") })
        #expect(throws: JSONScanner.Failure.self) { try events(text, .init(dialect: .strict)) }
    }

    @Test(arguments: [
        (#"{"a" 1}"#, "expected ':'"), (#"[1 2]"#, "expected ',' or ']'"), (#"{"a": 1,}"#, "a comma before"),
        (#"[1] 2"#, "after the document"), (#"{"a": tru}"#, "not a JSON value"), (#""abc"#, "ends inside a string"),
        (#"[1, 2"#, "ends where a value should be"), (#"{"a": "x\u12"}"#, #"bad \u escape"#), ("[\"a\nb\"]", "line break"),
        (#"[01]"#, "not a JSON value"),
    ])
    func damageIsRefusedWithItsPlace(_ text: String, _ reason: String) throws {
        #expect {
            _ = try events(text, .init(dialect: .strict))
        } throws: { error in
            guard let failure = error as? JSONScanner.Failure else { return false }
            return failure.message.contains(reason) && failure.locator.byteOffset != nil
        }
    }

    @Test func depthIsBoundedButSkippingIsNot() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONScanner.Failure.self) { _ = try events(deep, .init(maxDepth: 64)) }
        let scanner = JSONScanner(DataByteSource(Data(("{\"a\": " + deep + ", \"b\": 2}").utf8)), options: .init(maxDepth: 8))
        #expect(try scanner.next() == .beginObject)
        #expect(try scanner.next() == .key("a"))
        try scanner.skipValue()
        #expect(try scanner.next() == .key("b"))
        #expect(try scanner.next() == .number("2"))
        #expect(try scanner.next() == .endObject)
        #expect(try scanner.next() == nil)
    }

    @Test func aLongStringStreamsWithoutBeingHeld() throws {
        let payload = String(repeating: "QUJD", count: 300_000) + "\\n\\u00e9"
        let text = #"{"data": ""# + payload + #"", "next": 1}"#
        let scanner = JSONScanner(Trickle(text), options: .init(maxStringBytes: 1024))
        #expect(try scanner.next() == .beginObject)
        #expect(try scanner.next() == .key("data"))
        #expect(try scanner.peekValue() == .string)
        let content = try scanner.stringContent()
        #expect(scanner.pointer == "/data")
        var read = Data()
        var chunk = [UInt8](repeating: 0, count: 7)
        while true {
            let count = try chunk.withUnsafeMutableBytes { try content.read(into: $0) }
            if count == 0 { break }
            read.append(contentsOf: chunk.prefix(count))
        }
        #expect(read == Data((String(repeating: "QUJD", count: 300_000) + "\né").utf8))
        #expect(try scanner.next() == .key("next"))
        // A string left half read is skipped; one longer than the limit cannot be an event.
        let again = JSONScanner(DataByteSource(Data(text.utf8)), options: .init(maxStringBytes: 1024))
        _ = try again.next(); _ = try again.next()
        _ = try again.stringContent().read(upTo: 10)
        #expect(try again.next() == .key("next"))
        let refused = JSONScanner(DataByteSource(Data(text.utf8)), options: .init(maxStringBytes: 1024))
        _ = try refused.next(); _ = try refused.next()
        #expect(throws: JSONScanner.Failure.self) { try refused.next() }
    }

    @Test func numbersFollowTheGrammarExactly() {
        for valid in ["0", "-0", "1.5", "1e5", "1E+5", "-12.5e-3"] { #expect(JSONNumberGrammar.isValid(Array(valid.utf8)), "\(valid)") }
        for invalid in ["", "-", "01", "1.", ".5", "+1", "1e", "0x1p3", "inf", "1.5.2"] {
            #expect(!JSONNumberGrammar.isValid(Array(invalid.utf8)), "\(invalid)")
        }
    }
}
