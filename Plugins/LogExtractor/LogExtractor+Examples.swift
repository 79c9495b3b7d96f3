import EvidenceKit

extension LogExtractor {
    private static func summary(_ attributes: [String: Value]) -> ExpectedFinding {
        ExpectedFinding("log.summary", attributes, count: 1)
    }

    private static func events(_ count: Int, _ attributes: [String: Value] = [:]) -> ExpectedFinding {
        ExpectedFinding("log.event", attributes, count: count)
    }

    private static func warning(_ problem: String, count: Int) -> ExpectedFinding {
        ExpectedFinding(.extractionWarning, ["problem": .string(problem)], count: count)
    }

    private static func metric(_ name: String, _ attributes: [String: Value]) -> ExpectedFinding {
        ExpectedFinding("training.metric", attributes.merging(["metric": .string(name)]) { $1 }, count: 1)
    }

    private static func technique(_ name: String, metrics: [Value]) -> ExpectedFinding {
        ExpectedFinding("rl.technique", ["technique": .string(name), "metrics": .list(metrics)], count: 1)
    }

    /// Sample files under `samples/formats/log/` and what they must yield: the extractor's tests.
    /// (Examples run without a modification time: yearless syslog lines are then a warning, not
    /// events; LogExtractorTests dates them against an anchor.)
    static let examples: [ExtractorExample] = [
        // Syslog: RFC 3164 (no year, no anchor here), RFC 5424 (priorities, hosts).
        .yields("log/syslog/auth.log", findings: [
            summary(["lines": 7, "events": 0, "untimed_lines": 7]), events(0), warning("no_year_anchor", count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "ip_address", "value": "10.20.30.40", "lines": 2], count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "user", "value": "alice"], count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "gpu_model", "value": "NVIDIA A100-SXM4-80GB"], count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "git_commit", "value": "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a"], count: 1),
        ]),
        .yields("log/syslog/rfc5424.log", findings: [
            events(3), events(1, ["level": "CRIT", "host": "borealis-node-3", "program": "trainer"]), events(1, ["level": "NOTICE"]),
            events(1, ["level": "ERR", "host": "borealis-node-4"]),
            ExpectedFinding("log.entity", ["entity_kind": "host", "value": "borealis-node-3", "lines": 2], count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "email", "value": "bob@borealis.example"], count: 1),
            ExpectedFinding("log.entity", ["entity_kind": "ip_address", "value": "192.168.7.21"], count: 1),
        ]),
        // Plain text: Python logging with the Trainer's banner and printed dicts; common log; ISO variants.
        .yields("log/app/python.log", findings: [
            summary(["lines": 12, "events": 4, "untimed_lines": 8]), events(1, ["level": "WARNING"]),
            ExpectedFinding("training.hyperparameter", count: 4),
            ExpectedFinding("training.hyperparameter", ["name": "max_steps", "value": 1125], count: 1),
            ExpectedFinding("training.hyperparameter", ["name": "per_device_train_batch_size", "value": 8], count: 1),
            ExpectedFinding("training.run", ["source_format": "hf_trainer_log", "records": 4,
                                             "step_axis": "record ordinal (the log states no step)"], count: 1),
            ExpectedFinding("training.metric", count: 7),
            metric("loss", ["count": 3, "non_finite": 1, "first_value": 2.4512, "min": 1.9876, "max": 2.4512]),
            metric("grad_norm", ["non_finite": 1]),
            ExpectedFinding("training.run_start", count: 0),
            ExpectedFinding("log.entity", ["entity_kind": "url", "value": "https://hub.aurora.example/models/aurora-7b"], count: 1),
        ]),
        .yields("log/app/access.log", findings: [
            events(3, ["format": "common_log"]),
            ExpectedFinding("log.entity", ["entity_kind": "ip_address", "value": "10.1.2.3", "lines": 2], count: 1),
        ]),
        .yields("log/app/iso-variants.log", findings: [events(4, ["format": "iso8601"]), events(1, ["format": "iso8601_basic"])]),
        // JSON Lines: time under its common names, epochs by magnitude (said), an impossible epoch.
        .yields("log/app/events.jsonl", findings: [
            summary(["lines": 7, "events": 5, "untimed_lines": 2]), events(5, ["format": "json_lines"]),
            events(1, ["epoch_unit": "seconds"]), events(1, ["epoch_unit": "milliseconds"]),
            events(1, ["epoch_unit": "microseconds", "level": "WARNING"]), warning("epoch_out_of_range", count: 1),
        ]),
        // glog: the year from its header, stepping at the year's end.
        .yields("log/glog/worker.INFO", findings: [
            events(4), events(2, ["year_inferred": 2024]), events(2, ["year_inferred": 2025]), events(1, ["level": "ERROR"]),
            ExpectedFinding("log.entity", ["entity_kind": "gpu_model", "value": "NVIDIA H100 80GB HBM3"], count: 1),
        ]),
        // Training logs.
        .yields("log/megatron/train.log", findings: [
            events(3), ExpectedFinding("training.run", ["source_format": "megatron_lm", "first_step": 10, "last_step": 30,
                                                        "duration_seconds": 20.0], count: 1),
            ExpectedFinding("training.metric", count: 9),
            metric("lm loss", ["normalized": "loss", "count": 3, "first_value": 10.5, "last_value": 8.5]),
            ExpectedFinding("training.hyperparameter", ["name": "learning_rate", "value": 0.00015], count: 1),
            ExpectedFinding("training.hyperparameter", ["name": "max_steps", "key": "train_iters", "value": 500000], count: 1),
            ExpectedFinding("training.hyperparameter", ["key": "data_path"], count: 1),
            ExpectedFinding("training.run_start", count: 1), ExpectedFinding("training.run_end", count: 1),
        ]),
        .yields("log/deepspeed/train.log", findings: [
            events(4, ["level": "INFO"]), ExpectedFinding("training.run", ["source_format": "deepspeed", "last_step": 40], count: 1),
            metric("lr", ["normalized": "learning_rate", "count": 4, "last_value": 0.0004]),
        ]),
        .yields("log/verl/train.log", findings: [
            events(0), ExpectedFinding("training.run", ["source_format": "verl", "first_step": 1, "last_step": 5], count: 1),
            ExpectedFinding("training.metric", count: 5),
            technique("POLICY_GRADIENT", metrics: ["actor/pg_loss", "actor/kl_loss", "actor/pg_clipfrac"]),
            technique("PPO", metrics: ["critic/vf_loss"]),
        ]),
        .yields("log/trl/dpo.log", findings: [
            events(1), ExpectedFinding("training.metric", count: 10),
            technique("DPO", metrics: ["rewards/chosen", "rewards/rejected", "rewards/accuracies", "rewards/margins",
                                       "logps/chosen", "logps/rejected"]),
        ]),
        .yields("log/trainer-state/trainer_state.json", findings: [
            ExpectedFinding("training.run", ["source_format": "hf_trainer_state", "first_step": 10, "last_step": 30, "records": 5],
                            count: 1),
            ExpectedFinding("training.metric", count: 9),
            metric("loss", ["count": 3, "non_finite": 1, "min": 1.9, "max": 2.5]), metric("grad_norm", ["non_finite": 1]),
            ExpectedFinding("training.hyperparameter", count: 2),
            ExpectedFinding("training.hyperparameter", ["name": "max_steps", "value": 30], count: 1),
        ]),
        .yields("log/wandb/wandb-summary.json", findings: [
            ExpectedFinding("training.run", ["source_format": "wandb_summary", "last_step": 1200, "duration_seconds": 3600.5],
                            count: 1),
            ExpectedFinding("training.metric", count: 4), technique("GRPO", metrics: ["train/reward_std"]),
            ExpectedFinding("training.run_start", count: 1), ExpectedFinding("training.run_end", count: 1),
        ]),
        // The run's metadata: who ran it where, with what; its start and last heartbeat in UTC.
        .yields("log/wandb/wandb-metadata.json", findings: [
            ExpectedFinding("training.environment", ["host": "aurora-gpu-01", "user": "alice", "program": "train_grpo.py",
                                                     "gpu_count": 8, "git_commit": "9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a3f2a",
                                                     "args": ["--model", "aurora-dynamics/aurora-1b", "--lr", "1e-05", "--kl-coef", "0.02"]],
                            count: 1),
            ExpectedFinding("log.entity", count: 6), ExpectedFinding("log.entity", ["entity_kind": "url",
                                                                                   "value": "https://git.aurora.example/rl/aurora-rl.git"]),
            ExpectedFinding("training.run_start", ["source_format": "wandb_metadata"], count: 1),
            ExpectedFinding("training.heartbeat", count: 1), ExpectedFinding(.extractionWarning, count: 0),
        ]),
        // A DST fold and gap: wall-clock times, whose zone the host decides (see NormalizerTests).
        .yields("log/dst/berlin.log", findings: [events(4)]),
        // Hostile: every problem a warning with its line, and the file goes on.
        .yields("log/hostile/invalid-utf8.log", findings: [events(3), warning("invalid_utf8", count: 1)]),
        .yields("log/hostile/corrupt.jsonl", findings: [events(2), warning("corrupt_json_line", count: 1)]),
        .yields("log/hostile/impossible-dates.log", findings: [events(1), warning("impossible_time", count: 4)]),
        .yields("log/hostile/long-line.log", findings: [events(3), events(1, ["message_cut": true]), warning("line_cut", count: 1)]),
        .yields("log/hostile/nul-bytes.log", findings: [events(3), warning("nul_bytes", count: 1)]),
        .yields("log/hostile/utf16.log", findings: [events(2), warning("wide_text", count: 1)]),
        .yields("log/hostile/utf16-nobom.log", findings: [events(2), warning("wide_text", count: 1)]),
        .yields("log/hostile/feb29.log", findings: [events(0), warning("no_year_anchor", count: 1)]),
        .declines("log/hostile/binary.log"),
        // Not logs: a configuration, an archive.
        .declines("config/generation_config.json"),
        .declines("archive/code.zip"),
    ]
}
