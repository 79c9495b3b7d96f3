import EvidenceKit

extension ArchiveExtractor {
    private static func format(_ name: String, filters: [Value] = []) -> ExpectedFinding {
        ExpectedFinding("archive.format", ["format": .string(name), "filters": .list(filters), "complete": true])
    }

    private static func anomaly(_ kind: String, count: Int? = nil) -> ExpectedFinding {
        ExpectedFinding("archive.anomaly", ["anomaly": .string(kind)], count: count)
    }

    private static let releaseMembers = ["release/config.json", "release/README.md", "release/train.py"]

    /// A decoder refused before it decodes: the header asks for more memory than the budget.
    private static func refused(_ filter: String) -> [ExpectedFinding] {
        [ExpectedFinding("limitation", ["limit": "memory_bytes", "filter": .string(filter)], count: 1),
         ExpectedFinding("archive.format", count: 0)]
    }

    /// A tar whose record is followed by data: a member of its own, and an anomaly.
    private static func afterEnd(_ sample: String, filters: [Value] = []) -> ExtractorExample {
        .yields(sample, findings: [format("POSIX ustar format", filters: filters), anomaly("trailing_data", count: 1)],
                members: ["release/README.md", "<data after the archive at 10240>"])
    }

    /// Sample files under `samples/formats/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // Formats and filters.
        .yields("archive/release.tar", findings: [format("POSIX ustar format"),
                                                  ExpectedFinding("archive.summary", ["entries": 4])],
                members: releaseMembers),
        .yields("archive/release.tar.gz", findings: [format("POSIX ustar format", filters: ["gzip"]),
                                                     ExpectedFinding("archive.gzip_header", ["mtime_epoch": 0, "operating_system": 3])],
                members: releaseMembers),
        .yields("archive/release.tar.bz2", findings: [format("POSIX ustar format", filters: ["bzip2"])], members: releaseMembers),
        .yields("archive/release.tar.xz", findings: [format("POSIX ustar format", filters: ["xz"])], members: releaseMembers),
        .yields("archive/release.tar.zst", findings: [format("POSIX ustar format", filters: ["zstd"])], members: releaseMembers),
        .yields("archive/release.tar.lz4", findings: [format("POSIX ustar format", filters: ["lz4"])], members: releaseMembers),
        .yields("archive/pax.tar", findings: [format("POSIX pax interchange format")],
                members: ["deep/" + String(repeating: "long-folder-name/", count: 8) + "config.json"]),
        .yields("archive/gnu.tar", findings: [format("GNU tar format")],
                members: ["deep/" + String(repeating: "long-folder-name/", count: 8) + "config.json"]),
        .yields("archive/code.zip", findings: [format("ZIP 2.0 (deflation)"),
                                               ExpectedFinding("archive.comment", ["comment": "Borealis Labs internal build 2291"]),
                                               ExpectedFinding("archive.format", ["read_mode": "random_access"])],
                members: ["code/train.py", "code/rl/ppo.py"]),
        .yields("archive/zip64.zip", findings: [ExpectedFinding("archive.summary", ["entries": 2])],
                members: ["data/shard-0000.txt", "data/shard-0001.txt"]),
        .yields("archive/data-descriptor.zip", findings: [ExpectedFinding("archive.summary", ["entries": 3])],
                members: ["notes/a.txt", "notes/b.txt"]),
        .yields("archive/code.7z", findings: [format("7-Zip")], members: ["code/train.py"]),
        .yields("archive/code.rar", findings: [format("RAR5")], members: ["code/train.py", "code/rl/ppo.py"]),
        .yields("archive/code-v4.rar", findings: [format("RAR")], members: ["code/train.py", "code/rl/ppo.py"]),
        .yields("archive/release.cpio", findings: [format("ASCII cpio (SVR4 with no CRC)")], members: releaseMembers),
        .yields("archive/package.deb", findings: [ExpectedFinding("archive.summary", ["entries": 3])],
                members: ["debian-binary", "control.tar.gz", "data.tar.xz"]),
        .yields("archive/disc.iso", findings: [format("ISO9660 with Rockridge extensions")], members: ["release/config.json"]),
        .yields("archive/notes.txt.gz", findings: [format("raw (single compressed stream)", filters: ["gzip"])],
                members: ["notes.txt"]),
        .yields("archive/notes.txt.xz", findings: [format("raw (single compressed stream)", filters: ["xz"])],
                members: ["notes.txt"]),
        .yields("archive/notes.txt.zst", findings: [format("raw (single compressed stream)", filters: ["zstd"])],
                members: ["notes.txt"]),
        .yields("archive/nested.tar.gz", findings: [format("POSIX ustar format", filters: ["gzip"])],
                members: ["outer/inner.zip"]),
        .yields("archive/empty.zip", findings: [ExpectedFinding("archive.summary", ["entries": 0])]),
        .yields("archive/utc-times.zip", findings: [ExpectedFinding("archive.summary", ["entries": 2])],
                members: ["code/train.py", "code/notes.txt"]),
        .yields("archive/zip64-directory.zip", findings: [format("ZIP 4.5 (uncompressed)")], members: ["weights/shard.txt"]),
        // Hostile: every problem is a warning with its place, and reading goes on.
        .yields("archive/hostile/traversal.tar",
                findings: [anomaly("path_traversal", count: 2), anomaly("absolute_path", count: 1)],
                members: ["../../etc/cron.d/evil", "/etc/passwd", "safe/after.txt"]),
        .yields("archive/hostile/duplicates.tar", findings: [anomaly("duplicate_name", count: 1)],
                members: ["config.json"]),
        .yields("archive/hostile/case-collision.zip", findings: [anomaly("case_collision", count: 1)],
                members: ["README.md", "readme.md"]),
        .yields("archive/hostile/unicode-collision.tar", findings: [anomaly("unicode_normalization_collision", count: 1)]),
        .yields("archive/hostile/symlinks.tar",
                findings: [anomaly("symlink_escapes", count: 1), anomaly("symlink_absolute", count: 1),
                           ExpectedFinding("archive.summary", ["entries": 5])],
                members: ["loop/a", "loop/b"]),
        .yields("archive/hostile/special-files.tar",
                findings: [anomaly("special_file", count: 2), anomaly("setuid_or_setgid", count: 1)]),
        .yields("archive/hostile/truncated.tar.gz", findings: [anomaly("truncated_member", count: 1)],
                members: ["release/config.json", "release/weights.bin"]),
        .yields("archive/hostile/truncated-early.tar.gz", findings: [anomaly("truncated", count: 1)]),
        .yields("archive/hostile/trailing-data.tar.gz", findings: [anomaly("trailing_data", count: 1)],
                members: releaseMembers),
        .yields("archive/hostile/bad-crc.tar.gz", findings: [anomaly("corrupt_stream", count: 1)], members: releaseMembers),
        .yields("archive/hostile/corrupt-header.tar", findings: [anomaly("corrupt_header")],
                members: ["first.txt"]),
        .yields("archive/hostile/encrypted.zip", findings: [anomaly("encrypted_member", count: 2)]),
        .yields("archive/hostile/encrypted.7z", findings: [anomaly("encrypted_member")]),
        .yields("archive/hostile/non-utf8-name.tar", findings: [anomaly("non_utf8_name", count: 1)]),
        .yields("archive/hostile/control-names.tar", findings: [anomaly("control_characters", count: 3)],
                members: ["invoice\u{202E}fdp.exe", "\u{1B}[2Jcleared.txt", "two\nEX-0002  file  lines.txt", "plain.txt"]),
        // Hostile, round two (issue 21): links, names libarchive normalizes, data after the end,
        // layers past libarchive's filter limit, headers that ask for gigabytes.
        .yields("archive/hostile/hardlinks.tar",
                findings: [anomaly("hardlink_absolute", count: 1), anomaly("hardlink_escapes", count: 1)],
                members: ["etc-shadow", "climb", "same-notes"]),
        .yields("archive/hostile/through-symlink.tar",
                findings: [anomaly("path_through_symlink", count: 1), anomaly("symlink_absolute", count: 1)],
                members: ["l", "l/tmp/x", "safe/y"]),
        .yields("archive/hostile/unicode-collision-pax.tar",
                findings: [anomaly("unicode_normalization_collision", count: 1), anomaly("duplicate_name", count: 0)],
                members: ["caf\u{E9}.txt", "cafe\u{301}.txt"]),
        afterEnd("archive/hostile/after-end.tar"),
        afterEnd("archive/hostile/after-end.tar.gz", filters: ["gzip"]),
        afterEnd("archive/hostile/after-end.tar.bz2", filters: ["bzip2"]),
        afterEnd("archive/hostile/after-end.tar.xz", filters: ["xz"]),
        afterEnd("archive/hostile/after-end.tar.zst", filters: ["zstd"]),
        .yields("archive/hostile/second-member.tar.gz", findings: [anomaly("trailing_data", count: 1)],
                members: ["release/README.md", "<data after the archive at 10240>"]),
        .yields("archive/hostile/thirty-layers.gz",
                findings: [format("raw (single compressed stream)", filters: ["gzip"]), anomaly("corrupt_header", count: 0)],
                members: ["thirty-layers"]),
        .yields("archive/hostile/overlapping.zip", findings: [anomaly("overlapping_entries", count: 2),
                                                              ExpectedFinding("archive.summary", ["entries": 3])],
                members: ["a.txt", "b.txt", "c.txt"]),
        .yields("archive/hostile/name-mismatch.zip",
                findings: [ExpectedFinding("archive.anomaly", ["anomaly": "name_mismatch", "central_name": "evil.exe",
                                                               "local_name": "readme.txt"], count: 1)],
                members: ["evil.exe"]),
        .yields("archive/hostile/nul-name.zip",
                findings: [ExpectedFinding("archive.anomaly", ["anomaly": "nul_in_name", "name": "safe.txt",
                                                               "stored_name": "safe.txt\\0.exe"], count: 1)],
                members: ["safe.txt"]),
        .yields("archive/hostile/empty-name.zip", findings: [anomaly("empty_name", count: 1)],
                members: ["<entry 0 with an empty name>"]),
        .yields("archive/hostile/concatenated.zip", findings: [anomaly("leading_data", count: 1)],
                members: ["second.txt", "<data before the archive at 0>"]),
        .yields("archive/hostile/big-dictionary.tar.xz", findings: refused("xz")),
        .yields("archive/hostile/big-dictionary.tar.lzma", findings: refused("lzma")),
        .yields("archive/hostile/big-window.tar.zst", findings: refused("zstd")),
        .yields("archive/hostile/big-dictionary.7z", findings: refused("7z LZMA2")),
        .yields("archive/hostile/big-dictionary-lzma.zip",
                findings: [ExpectedFinding("limitation", ["limit": "memory_bytes", "filter": "zip LZMA"], count: 1)],
                members: ["config.json"]),
        .yields("archive/hostile/big-dictionary-xz.zip",
                findings: [ExpectedFinding("limitation", ["limit": "memory_bytes", "filter": "zip xz"], count: 1)],
                members: ["config.json"]),
        .yields("archive/hostile/big-dictionary-header.7z", findings: refused("7z LZMA2")),
        // Not archives.
        .declines("archive/not-an-archive.txt"),
        .declines("archive/fake.tar"),
    ]
}
