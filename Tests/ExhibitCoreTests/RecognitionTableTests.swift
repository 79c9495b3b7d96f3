import BuiltInExtractors
import EvidenceKit
import ExhibitTestSupport
import Foundation
import Testing
@testable import ExhibitCore

/// Which extractor claims each sample under `samples/formats/`, as the host recognizes it (the
/// strongest match first, declines passed on): a new extractor that steals a sample, or a sample
/// nobody accounts for, fails here. `nil`: no extractor reads it (it is hashed and kept).
@Suite struct RecognitionTableTests {
    static let owners: [(sample: String, extractor: String?)] = [
        ("archive/code-v4.rar", "archive"),
        ("archive/code.7z", "archive"),
        ("archive/code.rar", "archive"),
        ("archive/code.zip", "archive"),
        ("archive/data-descriptor.zip", "archive"),
        ("archive/disc.iso", "archive"),
        ("archive/empty.zip", "archive"),
        ("archive/fake.tar", nil),
        ("archive/gnu.tar", "archive"),
        ("archive/hostile/after-end.tar", "archive"),
        ("archive/hostile/after-end.tar.bz2", "archive"),
        ("archive/hostile/after-end.tar.gz", "archive"),
        ("archive/hostile/after-end.tar.xz", "archive"),
        ("archive/hostile/after-end.tar.zst", "archive"),
        ("archive/hostile/bad-crc.tar.gz", "archive"),
        ("archive/hostile/big-dictionary-header.7z", "archive"),
        ("archive/hostile/big-dictionary-lzma.zip", "archive"),
        ("archive/hostile/big-dictionary-xz.zip", "archive"),
        ("archive/hostile/big-dictionary.7z", "archive"),
        ("archive/hostile/big-dictionary.tar.lzma", "archive"),
        ("archive/hostile/big-dictionary.tar.xz", "archive"),
        ("archive/hostile/big-window.tar.zst", "archive"),
        ("archive/hostile/case-collision.zip", "archive"),
        ("archive/hostile/concatenated.zip", "archive"),
        ("archive/hostile/control-names.tar", "archive"),
        ("archive/hostile/corrupt-header.tar", "archive"),
        ("archive/hostile/duplicates.tar", "archive"),
        ("archive/hostile/empty-name.zip", "archive"),
        ("archive/hostile/encrypted.7z", "archive"),
        ("archive/hostile/encrypted.zip", "archive"),
        ("archive/hostile/hardlinks.tar", "archive"),
        ("archive/hostile/name-mismatch.zip", "archive"),
        ("archive/hostile/non-utf8-name.tar", "archive"),
        ("archive/hostile/nul-name.zip", "archive"),
        ("archive/hostile/overlapping.zip", "archive"),
        ("archive/hostile/second-member.tar.gz", "archive"),
        ("archive/hostile/special-files.tar", "archive"),
        ("archive/hostile/symlinks.tar", "archive"),
        ("archive/hostile/thirty-layers.gz", "archive"),
        ("archive/hostile/through-symlink.tar", "archive"),
        ("archive/hostile/trailing-data.tar.gz", "archive"),
        ("archive/hostile/traversal.tar", "archive"),
        ("archive/hostile/truncated-early.tar.gz", "archive"),
        ("archive/hostile/truncated.tar.gz", "archive"),
        ("archive/hostile/unicode-collision-pax.tar", "archive"),
        ("archive/hostile/unicode-collision.tar", "archive"),
        ("archive/nested.tar.gz", "archive"),
        ("archive/not-an-archive.txt", nil),
        ("archive/notes.txt.gz", "archive"),
        ("archive/notes.txt.xz", "archive"),
        ("archive/notes.txt.zst", "archive"),
        ("archive/package.deb", "archive"),
        ("archive/pax.tar", "archive"),
        ("archive/release.cpio", "archive"),
        ("archive/release.tar", "archive"),
        ("archive/release.tar.bz2", "archive"),
        ("archive/release.tar.gz", "archive"),
        ("archive/release.tar.lz4", "archive"),
        ("archive/release.tar.xz", "archive"),
        ("archive/release.tar.zst", "archive"),
        ("archive/utc-times.zip", "archive"),
        ("archive/zip64-directory.zip", "archive"),
        ("archive/zip64.zip", "archive"),
        ("config/anchors.yaml", "config"),
        ("config/app.properties", "config"),
        ("config/bert/config.json", "config"),
        ("config/config", "config"),
        ("config/deepseek-style/config.json", "config"),
        ("config/deploy.env", "config"),
        ("config/generation_config.json", "config"),
        ("config/hostile/alias-bomb.yaml", "config"),
        ("config/hostile/binary.toml", "config"),
        ("config/hostile/broken.toml", "config"),
        ("config/hostile/broken.yaml", "config"),
        ("config/hostile/comments-nan.json", "config"),
        ("config/hostile/deep.json", "config"),
        ("config/hostile/duplicate-keys.json", "config"),
        ("config/hostile/invalid-utf8.json", "config"),
        ("config/hostile/secrets.json", "config"),
        ("config/hostile/truncated.json", "config"),
        ("config/hostile/utf16.json", "config"),
        ("config/llama-style/config.json", "config"),
        ("config/llama-style/params.json", "config"),
        ("config/megatron/nemo-model.yaml", "config"),
        ("config/mixtral-style/config.json", "config"),
        ("config/model.safetensors.index.json", "config"),
        ("config/multi-document.yaml", "config"),
        ("config/not-a-config/config", nil),
        ("config/qwen-style/config.json", "config"),
        ("config/records.jsonl", "config"),
        ("config/rl/dpo-llamafactory.yaml", "config"),
        ("config/rl/ppo.yaml", "config"),
        ("config/rl/verl-grpo.yaml", "config"),
        ("config/settings.toml", "config"),
        ("config/setup.cfg", "config"),
        ("config/tokenizer.json", "config"),
        ("config/tokenizer_config.json", "config"),
        ("config/training/deepspeed.json", "config"),
        ("config/training/training_args.json", "config"),
    ]

    @Test func everySampleIsInTheTable() {
        let listed = Set(Self.owners.map(\.sample))
        let missing = Repository.formatSamples().filter { !listed.contains($0) }
        #expect(missing.isEmpty, "samples with no owner in the table: \(missing)")
        let gone = listed.subtracting(Repository.formatSamples())
        #expect(gone.isEmpty, "the table names samples that do not exist: \(gone.sorted())")
    }

    @Test(arguments: owners.map(\.sample))
    func theRightExtractorClaimsIt(_ sample: String) throws {
        let expected = Self.owners.first { $0.sample == sample }!.extractor
        let batch = try IngestPipeline.process(Repository.format(sample), registry: try ExtractorRegistry(BuiltInExtractors.all),
                                               options: IngestOptions(jobs: 1), normalizer: try Normalizer(timeZone: nil),
                                               custody: nil, progress: nil).0
        #expect(try batch.original.extractorID == expected, "\(sample)")
    }
}
