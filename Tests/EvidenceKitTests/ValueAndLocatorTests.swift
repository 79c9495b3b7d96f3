import Foundation
import Testing
@testable import EvidenceKit

@Suite struct ValueAndLocatorTests {
    private func roundTrip(_ value: Value) throws -> Value {
        try JSONDecoder().decode(Value.self, from: JSONEncoder().encode(value))
    }

    @Test func valuesSurviveJSON() throws {
        let value: Value = ["layers": 48, "act": "silu", "tied": true, "eps": 1.5e-5, "none": .null, "dims": [1, 2]]
        #expect(try roundTrip(value) == value)
    }

    @Test func nonFiniteFloatsBecomeStrings() throws {
        let text = String(decoding: try JSONEncoder().encode(Value.float(.nan)), as: UTF8.self)
        #expect(text == "\"nan\"")
        #expect(String(decoding: try JSONEncoder().encode(Value.float(-.infinity)), as: UTF8.self) == "\"-inf\"")
    }

    @Test func locatorCanonicalFormNamesEveryField() {
        #expect(Locator.whole.canonical == "whole")
        let locator = Locator(entryIndex: 3, memberPath: "a/b", byteOffset: 10, byteLength: 4, line: 2, column: 5,
                              jsonPointer: "/x", cellIndex: 1)
        #expect(locator.canonical == "entry=3;path=a/b;bytes=10+4;line=2:5;pointer=/x;cell=1")
    }

    @Test func readAllRefusesMoreThanItsLimit() throws {
        let source = DataByteSource(Data(count: 1_000))
        #expect(throws: EvidenceError.self) { try source.readAll(limit: 999) }
        #expect(try DataByteSource(Data(count: 1_000)).readAll(limit: 1_000).count == 1_000)
    }

    /// A FIFO would block an open for reading until a writer came: it is refused at once, as is a
    /// folder; a regular file is opened and says which file it is.
    @Test func fileSourceOpensOnlyRegularFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fifo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(mkfifo(folder + "/pipe", 0o600) == 0)
        #expect(throws: EvidenceError.io(path: folder + "/pipe", reason: "not a regular file")) {
            try FileByteSource(path: folder + "/pipe")
        }
        #expect(throws: EvidenceError.io(path: folder, reason: "not a regular file")) { try FileByteSource(path: folder) }
        try Data("abc".utf8).write(to: URL(fileURLWithPath: folder + "/file"))
        let source = try FileByteSource(path: folder + "/file")
        #expect(source.identity == FileIdentity(path: folder + "/file"))
        #expect(try source.readAll(limit: 10) == Data("abc".utf8))
    }

    @Test func fileSourceReportsTheMissingPath() {
        #expect(throws: EvidenceError.io(path: "/nonexistent/x", reason: "No such file or directory")) {
            try FileByteSource(path: "/nonexistent/x")
        }
    }
}
