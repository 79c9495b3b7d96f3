import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import BundleVerification
@testable import TribunalBundle

/// The bundle's hand-written JSON writer and reader, against Foundation's as the oracle.
@Suite struct StreamingJSONTests {
    /// Everything an `ExportStream` is given, in memory.
    private func written(_ body: (ExportStream) throws -> Void) throws -> String {
        var bytes: [UInt8] = []
        let out = ExportStream { bytes.append(contentsOf: $0) }
        try body(out)
        try out.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    private func foundation(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes,
                                                                                    .prettyPrinted]), as: UTF8.self)
    }

    /// Keys in lower-case ASCII, integers, empty containers, nesting: the bytes Foundation's
    /// pretty printer gives, so bundles read as they did before they were streamed.
    @Test func nodesAreLaidOutAsFoundationLaysThemOut() throws {
        let node: JSONNode = .object([
            "b-key": .array([.integer(1), .object(["z": .null, "a": .bool(false)]), .array([]), .object([:])]),
            "a:key": .string("slash/and \"quote\" and é"), "@id": "kb:x", "count": .integer(-42),
            "nested": .object(["deeper": .object(["list": .array([.string("x")])])]),
        ])
        let ours = try written { PrettyJSON.write(node, depth: 0, to: $0) }
        let object: [String: Any] = [
            "b-key": [1, ["z": NSNull(), "a": false] as [String: Any], [Any](), [String: Any]()] as [Any],
            "a:key": "slash/and \"quote\" and é", "@id": "kb:x", "count": -42,
            "nested": ["deeper": ["list": ["x"]]],
        ]
        #expect(ours == (try foundation(object)))
    }

    /// The case store's canonical JSON, re-indented where it sits, reads as the value it holds.
    @Test(arguments: [
        #"{"a":1,"b":[true,false,null],"c":{"d":"e\"f","g":[]},"h":{}}"#, #"[]"#, #"{}"#, #"[{"a":[[1,2],[]]}]"#,
        #""text""#, #"3"#,
    ])
    func storedJSONIsReindentedInPlace(_ text: String) throws {
        let ours = try written { out in
            PrettyJSON.write(.object(["stored": .stored(text), "x": .integer(1)]), depth: 0, to: out)
        }
        let value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        #expect(ours == (try foundation(["stored": value, "x": 1])))
    }

    /// Text that is not JSON (a damaged case) is kept as a string, never guessed at.
    @Test(arguments: [#"{"a":1"#, #"{"a":1]}"#, #"{"a" 1}"#, "{\"a\":\"open}", "", "{\"a\":1}}", "<xml/>",
                      #"{"a":-inf}"#, #"[+1]"#, #"[1.]"#, #"[01]"#, #"[0x1p3]"#, #"[1 2]"#])
    func malformedStoredTextBecomesAString(_ text: String) throws {
        let ours = try written { PrettyJSON.write(.object(["stored": .stored(text)]), depth: 0, to: $0) }
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(ours.utf8)) as? [String: Any])
        #expect(parsed["stored"] as? String == text)
    }

    @Test func streamedArraysMatchWholeOnes() throws {
        for count in [0, 1, 3] {
            let ours = try written { out in
                out.write("{\n")
                var array = StreamedJSONArray(key: "nodes", depth: 1, to: out)
                for index in 0..<count { array.append(.object(["id": .integer(Int64(index))])) }
                array.close()
                out.write("\n}")
            }
            #expect(ours == (try foundation(["nodes": (0..<count).map { ["id": $0] }])))
        }
    }

    @Test func numbersFollowTheJSONGrammar() {
        for valid in ["0", "-0", "12", "-3.25", "1e5", "1E+05", "2.5e-3", "123456789012345678901234567890"] {
            #expect(JSONNumber.isValid(Array(valid.utf8)), "\(valid)")
        }
        for invalid in ["", "-", "+1", "01", "1.", ".5", "1e", "1e+", "0x1p3", "inf", "-nan", "1..2", "1-2"] {
            #expect(!JSONNumber.isValid(Array(invalid.utf8)), "\(invalid)")
        }
    }

    /// A destination that fails is reported once, at the end, and nothing more is written to it.
    @Test func aFailingDestinationIsReportedAtTheEnd() throws {
        struct Full: Error {}
        var calls = 0
        let out = ExportStream { _ in
            calls += 1
            throw Full()
        }
        for _ in 0..<3 { out.write(String(repeating: "x", count: 1 << 20)) }
        #expect(throws: Full.self) { try out.finish() }
        #expect(calls == 1)
    }

    // MARK: Reading

    /// A source that gives one to three bytes a read: every token crosses a block boundary somewhere.
    private final class TrickleSource: ByteSource {
        private let bytes: [UInt8]
        private var offset = 0
        init(_ text: String) { bytes = Array(text.utf8) }
        func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
            let count = min(buffer.count, bytes.count - offset, 1 + offset % 3)
            for index in 0..<count { buffer[index] = bytes[offset + index] }
            offset += count
            return count
        }
    }

    /// Events back into Foundation values, for comparison with its parser.
    private func value(_ text: String) throws -> Any {
        var reader = JSONEventReader(TrickleSource(text))
        var stack: [(container: Any, key: String?)] = []
        var pendingKey: String?
        var result: Any?
        func put(_ value: Any) {
            guard let top = stack.popLast() else { return result = value }
            if var object = top.container as? [String: Any] {
                object[pendingKey!] = value
                stack.append((object, top.key))
            } else if var array = top.container as? [Any] {
                array.append(value)
                stack.append((array, top.key))
            }
        }
        while let event = try reader.next() {
            switch event {
            case .beginObject: stack.append(([String: Any](), pendingKey))
            case .beginArray: stack.append(([Any](), pendingKey))
            case .endObject, .endArray:
                let done = stack.removeLast()
                pendingKey = done.key
                put(done.container)
            case .key(let key): pendingKey = key
            case .string(let text): put(text)
            case .skippedString: put(NSNull())
            case .number(let text): put(Double(text)!)
            case .bool(let flag): put(flag)
            case .null: put(NSNull())
            }
        }
        return try #require(result)
    }

    @Test(arguments: [
        #"{"a" : [1, -2.5e3, true, false, null, {}, []], "b\u00e9\n\"\\\/" : {"c" : "\ud83d\ude00 ok"}}"#,
        "[]", " \"top\" ", "[[[[1]]]]", #"{"x":{"y":{"z":[{"w":"end"}]}}}"#,
    ])
    func eventsReadWhatFoundationReads(_ text: String) throws {
        let theirs = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .fragmentsAllowed]
        let ours = try JSONSerialization.data(withJSONObject: try value(text), options: options)
        #expect(ours == (try JSONSerialization.data(withJSONObject: theirs, options: options)))
    }

    /// Damaged documents are refused with the byte where the damage is, never read as something else.
    @Test(arguments: [
        (#"{"a":1,}"#, "comma"), (#"{"a":}"#, "without a value"), (#"[1 2]"#, "comma or a closing"),
        (#"{"a":1}x"#, "more data"), (#"{"a":tru}"#, "misspelt"), ("[\"tab\there\"]", "control character"),
        (#"{1:2}"#, "key"), (#"[1]]"#, "more data"), (#"{"a":[1}"#, "unmatched"), (#"{"a":"\q"}"#, "escape"),
        (#"[01.2.3]"#, "malformed number"),
    ])
    func damageIsRefusedAndPlaced(_ text: String, _ reason: String) throws {
        #expect {
            _ = try value(text)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("at byte")
        }
    }

    /// The verifier and the evidence scanner decode escapes with one routine: a lone high
    /// surrogate is U+FFFD and the byte after it is kept (it was swallowed once).
    @Test func aLoneSurrogateKeepsWhatFollows() throws {
        var reader = JSONEventReader(TrickleSource(#"["\ud800x", "\ud800\n", "\ud83d\ude00"]"#))
        var strings: [String] = []
        while let event = try reader.next() { if case .string(let text) = event { strings.append(text) } }
        #expect(strings == ["\u{FFFD}x", "\u{FFFD}\n", "😀"])
    }

    /// Values not kept are still read and checked: a bad escape in one is still an error.
    @Test func skippedStringsAreStillChecked() throws {
        var reader = JSONEventReader(TrickleSource(#"{"id" : "kept", "other" : "not kept", "bad" : "\q"}"#))
        reader.keepsStringValues = false
        var events: [JSONEventReader.Event] = []
        #expect(throws: JSONEventReader.Problem.self) {
            while let event = try reader.next() {
                events.append(event)
                if case .key(let key) = event { reader.keepsStringValues = key == "id" }
            }
        }
        #expect(events == [.beginObject, .key("id"), .string("kept"), .key("other"), .skippedString, .key("bad")])
    }

    @Test func everyTruncationIsRefused() throws {
        let text = #"{"nodes" : [{"id" : "a", "n" : -1.5, "ok" : true}, null], "s" : "x\"y"}"#
        _ = try value(text)
        for cut in 0..<text.utf8.count {
            let prefix = String(decoding: Array(text.utf8)[..<cut], as: UTF8.self)
            #expect(throws: JSONEventReader.Problem.self, "cut at \(cut)") { _ = try value(prefix) }
        }
    }

    /// Nesting deeper than the limit is an error, not a stack overflow (100,000 levels).
    @Test func deepNestingIsRefused() throws {
        var reader = JSONEventReader(TrickleSource(String(repeating: "[", count: 100_000)))
        #expect {
            while try reader.next() != nil {}
        } throws: { "\($0)".contains("deeper than 512") }
    }
}
