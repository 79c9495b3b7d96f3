import EvidenceKit

extension LogExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "log",
        version: "1.0.0",
        summary: "Logs of any size (syslog, ISO 8601, Python logging, common log, glog, JSON Lines) and the training runs in them",
        rationale: """
            Streams a log line by line in flat memory. A line whose time it can read is a log.event with the time as \
            written, its level, its message (bounded) and its line number and byte offset; the zone of a time that states \
            none is decided by the host, from the evidence's --timezone or UTC, and said on every event. Times it reads: \
            RFC 3339 / ISO 8601 (with or without offset, T or space, comma or dot fractions, basic format), RFC 5424, \
            RFC 3164 syslog (no year: inferred as plaso does, anchored on the file's own modification time, and said), \
            Apache and nginx common and combined logs, Python logging's default, glog (its year from the \
            'Log file created at:' header), DeepSpeed's and Megatron-LM's bracketed times, and in JSON Lines records the \
            time, level and message under their common key names, epoch numbers read in the unit their magnitude \
            implies (said). An impossible time, a corrupt JSON line or a yearless time with no anchor is a warning with \
            its line, never an event. Training logs (Megatron-LM iterations, DeepSpeed steps, verl steps, the Hugging \
            Face Trainer's printed dicts, parsed as Python literals and never evaluated, trainer_state.json and \
            wandb-summary.json; a wandb-metadata.json gives who ran the run, where and how, and its start and last \
            heartbeat in UTC as the wandb client writes them) become one training.run per run and one training.metric per metric with its points as \
            a series; RL techniques are named from metric names, settings from Megatron-LM's arguments and the \
            Trainer's banner. It does not see: what a line means beyond these shapes, lines without a time (counted per \
            file, not listed), times inside a message after the line's first 64 bytes, runs spread over several files \
            (each file is read alone), and whether a log was edited.
            """,
        accepts: Acceptance(namePatterns: ["*.log", "*.log.?", "syslog", "syslog.?", "messages", "trainer_state.json",
                                           "wandb-summary.json", "wandb-metadata.json"],
                            mediaTypes: ["text/x-log"]),
        findingKinds: [
            .events("log.event", "one timestamped line: time as written, level, message, line and byte offset",
                    timestampDescription: "Log line time", presentation: .bulk),
            .headline("log.summary", "a log file: lines, events, lines without a time, formats, levels, first and last times"),
            .detail("log.entity", "a host, address, user, URL, commit or GPU model the log names, with its first line"),
            .headline("training.run", "one training run: format, steps, duration, metric names"),
            .detail("training.metric", "one metric of a run: count, steps, min, max, first and last values, non-finite values; its points as a series"),
            .detail("training.hyperparameter", "a setting the log states, normalized with the shared vocabulary"),
            .headline("rl.technique", "a reinforcement-learning method the metric names show, with those names"),
            .events("training.run_start", "the first timestamped record of a training run", timestampDescription: "Training run start"),
            .events("training.run_end", "the last timestamped record of a training run", timestampDescription: "Training run end"),
            .headline("training.environment", "who ran a W&B run, where and how (wandb-metadata.json): host, user, e-mail, program, arguments, git remote and commit, Python, OS, GPUs"),
            .events("training.heartbeat", "a W&B run's last heartbeat (wandb-metadata.json)", timestampDescription: "W&B run last heartbeat"),
        ],
        options: ["max_message_bytes": 1024, "max_warnings": 1000, "entities": true],
        examples: examples)
}
