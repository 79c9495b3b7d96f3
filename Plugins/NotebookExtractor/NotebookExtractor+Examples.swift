import EvidenceKit

extension NotebookExtractor {
    private static func warning(_ check: String, count: Int? = nil) -> ExpectedFinding {
        ExpectedFinding("extraction.warning", ["check": .string(check)], count: count)
    }

    private static func setting(_ name: String, _ value: Value) -> ExpectedFinding {
        ExpectedFinding("training.hyperparameter", ["name": .string(name), "value": value])
    }

    /// Sample files under `samples/formats/notebook/` and what they must yield: the extractor's tests.
    static let examples: [ExtractorExample] = [
        // nbformat 4.5, SFT: installs, a GPU, a progress table, a PNG, JupyterLab's execution times.
        .yields("notebook/sft-v4.5.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.5", "kernel": "python3", "language": "python",
                                                 "language_version": "3.11.9", "cell_count": 7, "executed_cells": 5,
                                                 "images": 1, "cells": ["code": 6, "markdown": 1, "raw": 0]], count: 1),
            ExpectedFinding("notebook.cell", count: 7),
            ExpectedFinding("notebook.cell", ["index": 0, "id": "sft-00", "cell_type": "markdown", "line_count": 3]),
            // Every code cell with Python in it fingerprinted, as a file would be (not the cell of ! lines only).
            ExpectedFinding("code.fingerprints", ["language": "python", "recipe": "exhibit-winnow-v2"], count: 5),
            ExpectedFinding("notebook.execution", ["time_source": "execution", "zone_source": "utc"], count: 5),
            ExpectedFinding("code.import", count: 5),
            ExpectedFinding("code.import", ["module": "trl", "names": ["SFTConfig", "SFTTrainer"]]),
            ExpectedFinding("code.model_reference", ["model": "aurora-dynamics/aurora-1b", "role": "model"]),
            ExpectedFinding("code.model_reference", ["model": "checkpoints/aurora-1b-sft/checkpoint-60", "role": "checkpoint"]),
            ExpectedFinding("code.dataset_reference", ["dataset": "aurora-dynamics/helpful-chats"]),
            setting("learning_rate", 2e-05), setting("num_train_epochs", 3), setting("per_device_train_batch_size", 4),
            setting("gradient_accumulation_steps", 8), setting("scheduler", "cosine"), setting("bf16", true), setting("seed", 1234),
            ExpectedFinding("rl.technique", count: 0),
            ExpectedFinding("environment.package", ["package": "trl", "version": "0.14.0", "source": "pip install"]),
            ExpectedFinding("environment.package", ["package": "trl", "version": "0.14.0", "source": "pip output"]),
            ExpectedFinding("environment.package", ["package": "cuda", "version": "12.2"]),
            ExpectedFinding("environment.gpu", ["model": "NVIDIA A100-SXM4-80GB"], count: 1),
            ExpectedFinding("environment.user_path", ["user": "mkovacs"]),
            ExpectedFinding("training.progress", ["rows": 3, "last_training_loss": 1.3421]),
            ExpectedFinding("notebook.image", ["mime_type": "image/png", "member": "cell-5/output-0.png"], count: 1),
            ExpectedFinding("extraction.warning", count: 0),
        ], members: ["cell-5/output-0.png"]),
        // nbformat 4.4, DPO: run out of order, ExecuteTime, log times in an output, a JPEG.
        .yields("notebook/dpo-v4.4.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.4", "cell_count": 7, "executed_cells": 6,
                                                 "execution_order": ["out_of_order": 1, "gap": 2, "duplicate": 0,
                                                                     "executed": 6, "highest_count": 8]]),
            ExpectedFinding("notebook.execution_order", ["anomaly": "out_of_order", "execution_count": 3, "previous_count": 5]),
            ExpectedFinding("notebook.execution", ["time_source": "ExecuteTime"], count: 2),
            ExpectedFinding("notebook.output_time", count: 2),
            ExpectedFinding("training.progress", ["source": "trainer_log_lines", "rows": 2, "last_loss": 0.412,
                                                  "last_rewards/margins": 0.85]),
            ExpectedFinding("rl.technique", ["technique": "DPO",
                                             "non_default": ["beta": ["value": 0.05, "default": 0.1]]]),
            setting("learning_rate", 5e-07), setting("beta", 0.05),
            ExpectedFinding("code.dataset_reference", ["dataset": "borealis-labs/pairwise-prefs"]),
            ExpectedFinding("notebook.image", ["mime_type": "image/jpeg", "member": "cell-6/output-0.jpg"]),
            warning("id_before_4_5", count: 0),
        ], members: ["cell-6/output-0.jpg"]),
        // nbformat 4.5 from Colab, GRPO: reward functions, %env with a token, an attachment, an error, a prompt.
        .yields("notebook/grpo-v4.5.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.5", "widget_states": 2, "techniques": ["GRPO"], "images": 1]),
            ExpectedFinding("rl.technique", ["technique": "GRPO"], count: 1),
            setting("learning_rate", 1e-06), setting("beta", 0.04), setting("num_generations", 8),
            setting("per_device_train_batch_size", 4),
            ExpectedFinding("code.model_reference", ["model": "borealis-labs/borealis-1b-sft", "role": "model"]),
            ExpectedFinding("secret.candidate", ["secret_kind": "huggingface_token", "last4": "0aEu"]),
            ExpectedFinding("environment.variable", ["name": "WANDB_PROJECT", "value": "borealis-grpo"]),
            ExpectedFinding("environment.variable", ["name": "HF_TOKEN", "masked": true]),
            ExpectedFinding("notebook.error", ["ename": "OutOfMemoryError"]),
            ExpectedFinding("environment.user_path", ["user": "jlindqvist"]),
            ExpectedFinding("environment.host", ["host": "gpu-node-07.borealis.internal", "user": "jlindqvist"]),
            ExpectedFinding("notebook.image", ["member": "cell-0/attachments/reward.png", "attachment": "reward.png"]),
        ], members: ["cell-0/attachments/reward.png"]),
        // Every other nbformat 4 minor.
        .yields("notebook/ppo-v4.0.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.0", "techniques": ["PPO"]]),
            ExpectedFinding("rl.technique", ["technique": "PPO",
                                             "non_default": ["init_kl_coef": ["value": 0.05, "default": 0.2]]], count: 1),
            ExpectedFinding("code.model_reference", ["model": "aurora-dynamics/aurora-1b-sft"]),
        ]),
        .yields("notebook/reward-v4.1.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.1", "cells": ["code": 1, "markdown": 0, "raw": 1],
                                                 "kaggle": ["accelerator": "nvidiaTeslaT4", "isGpuEnabled": true,
                                                            "isInternetEnabled": false, "language": "python",
                                                            "dataSources": [["datasetId": 4417301, "sourceId": 7590211,
                                                                             "sourceType": "datasetVersion"]]]]),
            ExpectedFinding("rl.technique", ["technique": "REWARD_MODELING"]),
        ]),
        .yields("notebook/kto-v4.2.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.2", "title": "KTO experiments",
                                                 "authors": ["Ines Marchetti", "Tomas Varga"]]),
            ExpectedFinding("rl.technique", ["technique": "KTO"]),
        ]),
        .yields("notebook/eval-v4.3.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.3", "techniques": []]),
            ExpectedFinding("code.import", ["module": "json"]),
            // A user's home in a string of the code, not only in outputs.
            ExpectedFinding("environment.user_path", ["user": "tvarga", "path": "/Users/tvarga/eval/scores.json"]),
            ExpectedFinding("notebook.image", ["mime_type": "image/svg+xml", "member": "cell-2/output-0.svg", "bytes": 110]),
        ], members: ["cell-2/output-0.svg"]),
        // A notebook papermill ran: the run's parameters and times (UTC without an offset, as papermill
        // writes them), the template's defaults and the injected values told apart, a cell never reached.
        .yields("notebook/papermill-v4.5.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.5", "cells": ["code": 4, "markdown": 0, "raw": 0]]),
            ExpectedFinding("notebook.execution", ["time_source": "papermill", "zone_source": "utc"], count: 4),
            ExpectedFinding("notebook.cell", ["index": 1, "tags": ["injected-parameters"]]),
            ExpectedFinding("training.hyperparameter", ["name": "learning_rate", "value": 3e-05, "papermill": "injected"]),
            ExpectedFinding("training.hyperparameter", ["name": "learning_rate", "value": 1e-05, "papermill": "default"]),
            ExpectedFinding("extraction.warning", count: 0),
        ]),
        // A later minor: unknown cell and output types kept and reported.
        .yields("notebook/future-v4.7.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "4.7", "cells": ["code": 1, "markdown": 0, "raw": 0, "sketch": 1]]),
            warning("unknown_cell_type", count: 1), warning("unknown_output_type", count: 1),
        ]),
        // nbformat 3: worksheets, heading cells, short MIME keys, a cell running when saved.
        .yields("notebook/sft-v3.ipynb", findings: [
            ExpectedFinding("notebook.summary", ["nbformat": "3.0", "cell_count": 5, "title": "aurora-sft-2015-style",
                                                 "cells": ["code": 3, "markdown": 1, "raw": 0, "heading": 1],
                                                 "trust_signature": "sha256:1f0e3dad99908345f7439f8ffabdffc4"]),
            ExpectedFinding("notebook.cell", ["cell_type": "heading", "level": 1]),
            warning("running_prompt", count: 1),
            setting("learning_rate", 0.0003), setting("per_device_train_batch_size", 32),
            ExpectedFinding("notebook.image", ["mime_type": "image/png", "member": "cell-2/output-0.png"]),
            ExpectedFinding("notebook.error", ["ename": "KeyboardInterrupt"]),
        ], members: ["cell-2/output-0.png"]),
        .yields("notebook/old-v2.ipynb", findings: [
            ExpectedFinding("notebook.unsupported_version", ["nbformat": "2"], count: 1),
            ExpectedFinding("notebook.cell", count: 0),
        ]),
        // Hostile notebooks: warnings with their cells, and the rest read.
        .yields("notebook/hostile/truncated.ipynb", findings: [
            warning("malformed_json", count: 1), ExpectedFinding("notebook.cell", count: 1),
            setting("learning_rate", 0.0001),
        ]),
        .yields("notebook/hostile/invalid-base64.ipynb", findings: [
            warning("invalid_base64", count: 1), ExpectedFinding("notebook.image", count: 1),
        ], members: ["cell-1/output-0.png"]),
        .yields("notebook/hostile/deep-metadata.ipynb", findings: [
            ExpectedFinding("code.import", ["module": "numpy", "alias": "np"]), ExpectedFinding("extraction.warning", count: 0),
        ]),
        .yields("notebook/hostile/invalid-utf8.ipynb", findings: [warning("invalid_utf8", count: 1)]),
        .yields("notebook/hostile/bad-ids.ipynb", findings: [
            warning("duplicate_id", count: 1), warning("invalid_id", count: 1), warning("missing_id", count: 1),
            warning("missing_key", count: 1), ExpectedFinding("notebook.cell", count: 4),
        ]),
        .yields("notebook/hostile/cells-not-a-list.ipynb", findings: [warning("not_a_list", count: 1)]),
        .declines("notebook/hostile/really-a-zip.ipynb"),
    ]
}
