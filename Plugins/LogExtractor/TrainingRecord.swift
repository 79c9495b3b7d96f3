/// The metrics one line or record of a training log states: where they come from, the step
/// they are at (when the log says), and each metric's name and value.
struct TrainingRecord {
    /// The format that logged it.
    enum Source: String {
        case megatron = "megatron_lm"
        case deepspeed
        case verl
        case trainerLog = "hf_trainer_log"
        case jsonLines = "json_lines"
        case trainerState = "hf_trainer_state"
        case wandbSummary = "wandb_summary"
    }

    var source: Source
    /// The step the record states; `nil` when it states none (the Trainer's printed dicts).
    var step: Int?
    var metrics: [(name: String, value: Double)]
    /// Whether it closes its run (the Trainer's final dict, with `train_runtime`).
    var endsRun = false
}
