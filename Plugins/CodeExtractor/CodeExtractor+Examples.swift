import EvidenceKit

extension CodeExtractor {
    private static func fingerprints(_ attributes: [String: Value]) -> ExpectedFinding {
        ExpectedFinding("code.fingerprints", attributes.merging(["recipe": "exhibit-winnow-v2", "k": 12, "window": 12]) { $1 }, count: 1)
    }

    /// Sample files under `samples/formats/code/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // A PPO loss in Python, and the same code renamed and reformatted: the same tokens (as many as
        // Python's own tokenize module counts, normalized alike: CodeExtractorTests checks it).
        .yields("code/ppo_loss.py", findings: [fingerprints(["language": "python", "lines": 34, "tokens": 224])]),
        .yields("code/ppo_loss_renamed.py", findings: [fingerprints(["language": "python", "lines": 34, "tokens": 224])]),
        // Other languages: a launch script, a CUDA kernel, an extensionless script named by its #! line.
        .yields("code/launch.sh", findings: [fingerprints(["language": "shell"])]),
        .yields("code/fused_softmax.cu", findings: [fingerprints(["language": "c"])]),
        .yields("code/evaluate", findings: [fingerprints(["language": "python"])]),
        // Too short to fingerprint: the tokens are counted, no fingerprint kept.
        .yields("code/tiny.py", findings: [fingerprints(["language": "python", "tokens": 3, "fingerprint_count": 0])]),
        // Hostile: a string never closed, UTF-16, NUL bytes.
        .yields("code/hostile/unterminated.py", findings: [fingerprints(["language": "python"]),
                                                           ExpectedFinding(.extractionWarning, count: 0)]),
        .yields("code/hostile/utf16.py", findings: [ExpectedFinding(.extractionWarning, ["problem": "wide_text"], count: 1),
                                                    ExpectedFinding("code.fingerprints", count: 0)]),
        .declines("code/hostile/binary.py"),
    ]
}
