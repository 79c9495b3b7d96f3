import ExhibitFoundation
import Testing

@Suite struct VisibleTextTests {
    @Test(arguments: [
        ("plain/path/model.safetensors", "plain/path/model.safetensors"),
        ("caf\u{E9} \u{1F600}", "caf\u{E9} \u{1F600}"),
        ("a\nb\tc\rd", #"a\nb\tc\rd"#),
        ("\u{1B}[2Jx\u{7F}\u{0}", #"\x1b[2Jx\x7f\x00"#),
        ("C1\u{85}", #"C1\u{85}"#),
        ("invoice\u{202E}fdp.exe", #"invoice\u{202E}fdp.exe"#),
        ("\u{2066}isolate\u{2069}\u{200F}", #"\u{2066}isolate\u{2069}\u{200F}"#),
        (#"dir\file"#, #"dir\\file"#),
    ])
    func controlsAreEscapedAndTheRestKept(_ raw: String, _ shown: String) {
        #expect(VisibleText.escaped(raw) == shown)
    }

    /// Two different names never look the same once escaped.
    @Test func escapingIsUnambiguous() {
        let names = ["a\nb", #"a\nb"#, "a\\\nb", "a\u{1B}", #"a\x1b"#]
        #expect(Set(names.map(VisibleText.escaped)).count == names.count)
    }
}
