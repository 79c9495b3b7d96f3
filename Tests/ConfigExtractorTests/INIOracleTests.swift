import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ConfigExtractor

/// INI as Python's `configparser` reads it, with `configparser` itself as the oracle: every
/// section's options (with `[DEFAULT]`'s inherited where a section does not set them), raw
/// (interpolation kept as text), must be what ``INIReader`` reads.
@Suite struct INIOracleTests {
    static let samples = ["config/known/ini/setup.cfg", "config/known/ini/tox.ini", "config/known/ini/.flake8", "config/setup.cfg"]

    /// What `configparser.RawConfigParser` reads: section → option → value, DEFAULT included.
    private func oracle(_ path: String) throws -> [String: [String: String]] {
        let script = """
            import configparser, json, sys
            parser = configparser.RawConfigParser()
            parser.read(sys.argv[1], encoding="utf-8")
            out = {s: {k: parser.get(s, k) for k in parser.options(s)} for s in parser.sections()}
            out["DEFAULT"] = dict(parser.defaults())
            print(json.dumps(out))
            """
        let result = try Command.run("python3", ["-c", script, path])
        try #require(result.status == 0, "python3 configparser: \(result.stderr)")
        return try JSONDecoder().decode([String: [String: String]].self, from: Data(result.stdout.utf8))
    }

    /// What ``INIReader`` reads, with DEFAULT's values filled in as configparser's reading does.
    private func exhibit(_ text: String) -> (sections: [String: [String: String]], warnings: [String]) {
        let parsed = INIReader.read(text, limits: ExtractionLimits())
        var sections: [String: [String: String]] = ["DEFAULT": [:]]
        guard case .object(let members, _)? = parsed.documents.first else { return ([:], ["no document"]) }
        for member in members {
            guard case .object(let options, _) = member.node else { continue }
            for option in options {
                if case .scalar(.string(let value), _) = option.node { sections[member.key, default: [:]][option.key] = value }
            }
        }
        let defaults = sections["DEFAULT"] ?? [:]
        for name in sections.keys where name != "DEFAULT" {
            sections[name]!.merge(defaults) { own, _ in own }
        }
        return (sections, parsed.warnings.map(\.0))
    }

    @Test(arguments: samples)
    func readsAsConfigparserDoes(_ sample: String) throws {
        let path = Repository.format(sample)
        let expected = try oracle(path)
        let (read, warnings) = exhibit(try String(contentsOfFile: path, encoding: .utf8))
        #expect(read == expected)
        #expect(warnings.isEmpty, "\(warnings)")
    }

    /// The corners, written out: CRLF lines, `:` with `=` in the value, a comment and a
    /// whitespace-only line inside a value, a deeper-indented continuation after a shallower one,
    /// an indented option after a section, `[DEFAULT]` after the sections, upper-case keys,
    /// `%%` and `${x}` kept.
    @Test func cornersReadAsConfigparserDoes() throws {
        let text = "[paths]\r\nRoot: /srv/data=raw\r\nlist =\r\n  a\r\n  # not part of it\r\n   \r\n      b\r\n  c\r\n"
            + "  indented = 1\r\n[fmt]\r\npct = 100%%\r\nref = ${paths:root}/x\r\n  [not a section]\r\n"
            + "[DEFAULT]\r\nShared = yes\r\n"
        let folder = try TemporaryFolder()
        let path = folder.path("corners.ini")
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let (read, warnings) = exhibit(text)
        #expect(read == (try oracle(path)))
        #expect(warnings.isEmpty, "\(warnings)")
    }

    /// The setup.cfg: `requires-dist =` with tab-indented lines is one value of four
    /// lines — no invented `certifi>` key, no warning on a valid line.
    @Test func tabIndentedContinuationsAreOneValue() throws {
        let (read, warnings) = exhibit(try String(contentsOfFile: Repository.format("config/known/ini/setup.cfg"), encoding: .utf8))
        // `requires-dist =` has an empty first line, which configparser keeps.
        #expect(read["metadata"]?["requires-dist"]
                == "\ncertifi>=2017.4.17\ncharset_normalizer>=2,<4\nidna>=2.5,<4\nurllib3>=1.21.1,<3")
        #expect(read["metadata"]?.keys.contains { $0.hasPrefix("certifi") } == false)
        #expect(read["options"]?["install_requires"] == "\nrequests>=2.31\n\ntqdm>=4.66", "an empty line inside a value is kept")
        #expect(read["options.extras_require"]?["dev"] == "\npytest>=7  # kept: configparser does not strip inline comments\nruff")
        #expect(read["DEFAULT"]?["cache_dir"] == "%(home)s/.cache/borealis", "keys lowercased, interpolation kept")
        #expect(warnings.isEmpty)
    }

    /// Lines configparser refuses are warnings at their lines; the rest is read.
    @Test func whatConfigparserRefusesIsAWarningWithItsLine() {
        let parsed = INIReader.read("orphan = 1\n[a]\nx = 1\nnot an option\nX = 2\n[a]\ny = 3\n", limits: ExtractionLimits())
        let lines = parsed.warnings.compactMap(\.1.line)
        #expect(lines == [1, 4, 5, 6], "\(parsed.warnings)")
    }
}
