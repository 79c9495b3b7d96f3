import Foundation
import Testing
@testable import ExhibitCore

@Suite struct MediaTypeGuessTests {
    private static var tarHead: Data {
        var head = Data(count: 512)
        head.replaceSubrange(257..<262, with: Array("ustar".utf8))
        return head
    }

    @Test(arguments: [
        (Data([0x1F, 0x8B, 0x08, 0x00]), "x.bin", "application/gzip"),
        (tarHead, "x", "application/x-tar"),
        (Data("print('hi')\n".utf8), "train.py", "text/x-python"),
        (Data("a plain note\n".utf8), "NOTES", "text/plain"),
        (Data("  {\"hidden_size\": 4096}".utf8), "params", "application/json"),
        (Data([0x41, 0x00, 0x42]), "blob", "application/octet-stream"),
        (Data((0..<100).map { _ in UInt8(0x90) } + Array("text".utf8)), "weird", "text/plain"),
        (Data((0..<100).map { _ in UInt8(0x01) }), "control", "application/octet-stream"),
        (Data(), "empty", "application/x-empty"),
    ])
    func magicThenNameThenContent(head: Data, name: String, expected: String) {
        #expect(MediaTypeGuess.guess(head: head, name: name) == expected)
    }
}
