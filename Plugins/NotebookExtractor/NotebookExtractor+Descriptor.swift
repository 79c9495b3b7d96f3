import EvidenceKit

extension NotebookExtractor {
    public static let descriptor = ExtractorDescriptor(
        id: "notebook",
        version: "1.0.0",
        summary: "Jupyter notebooks (nbformat 3, 4.0–4.5): cells and their hashes, execution order and times, imports, models, datasets, hyperparameters, RL techniques, environment traces in outputs, embedded images as children",
        rationale: """
            Reads a notebook's JSON as it is, streamed through the shared scanner (nothing is held whole, outputs \
            of any size are hashed as they pass, nesting past the budget is skipped), and never executes or repairs \
            it: nbformat's validate() and upgrade() insert random cell ids, so the bytes are hashed and read as \
            saved. nbformat 4.0–4.5 and later 4.x minors and nbformat 3 (worksheets, short MIME keys) are read; \
            nbformat 2 and older are reported as unsupported. Each cell is reported with its id, type, execution \
            count and the SHA-256 of its source and of a normalized source (comments, spacing and quote style \
            removed, so a reformatted cell still matches), and each code cell's winnowed fingerprints as the code \
            extractor makes them for a file (so compare.code matches a cell against a script, at its lines); the execution order's anomalies, Jupyter's, ExecuteTime's \
            and papermill's execution times (with the zone their text states), and schema problems (missing, \
            duplicate or invalid ids, missing keys, a prompt_number of "*") are reported per cell. Python cells are \
            tokenized, not run: imports, from_pretrained / load_dataset / hf_hub_download references and checkpoint \
            paths, training settings from assignments and keyword arguments (named through the shared vocabulary), \
            RL techniques from TRL trainer and config classes, shell and magic lines (pip installs, %env). Output \
            text is scanned for times, paths with user names, host names, GPU models, driver and package versions, \
            and the Trainer's progress table (a series); errors are reported; PNG, JPEG, GIF and PDF outputs and \
            attachments are decoded from base64 and handed on as children (SVG as text). It does not see: what the \
            code did when run (values computed at run time, files it read, a variable bound in a way other than a \
            literal assignment), kernels other than Python beyond the generic findings, output text past the \
            scanning bound (hashed only), widget state (counted, not read), or cells of nbformat 2 and older. \
            Credentials are reported masked, as the config extractor masks them.
            """,
        accepts: Acceptance(namePatterns: ["*.ipynb"], mediaTypes: ["application/x-ipynb+json"]),
        findingKinds: [
            .headline("notebook.summary", "the notebook: nbformat, kernel, language, cell counts by type, executions, outputs, images, metadata of note, execution-order anomalies"),
            .bulk("notebook.cell", "one cell: index, id, type, execution count, lines, SHA-256 of its source and of its normalized source"),
            .detail("notebook.execution_order", "an execution count out of order, a gap or a duplicate: cells rerun, moved or deleted"),
            .events("notebook.execution", "a cell's execution as Jupyter, ExecuteTime or papermill recorded it",
                    timestampDescription: "Notebook cell execution start"),
            .events("notebook.output_time", "a time at the start of a line of a cell's output",
                    timestampDescription: "Time in notebook cell output", presentation: .bulk),
            .bulk("notebook.output", "one output of a cell: type, stream, MIME types, text bytes"),
            .detail("notebook.error", "an error output: exception name, value, traceback length"),
            .detail("notebook.image", "an image or other binary output or attachment, decoded and handed on: MIME type, bytes, SHA-256"),
            .headline("notebook.unsupported_version", "a notebook format this extractor does not read (nbformat 2 and older)"),
            .detail("code.import", "a module a code cell imports"),
            .detail("code.fingerprints", "a code cell's winnowed fingerprints (as the code extractor makes them for a file), at the cell"),
            .detail("code.model_reference", "a model, tokenizer, hub repository or checkpoint a code cell loads or names"),
            .detail("code.dataset_reference", "a dataset a code cell loads"),
            .detail("code.shell", "a shell or magic line of a code cell"),
            .detail("training.hyperparameter", "a training setting from an assignment or a keyword argument, under its normalized name"),
            .headline("rl.technique", "a reinforcement-learning or preference-optimization method shown by trainer classes, configs or arguments"),
            .detail("training.progress", "the Trainer's progress table: its columns as series by step"),
            .detail("environment.package", "a package installed or reported, with its version"),
            .detail("environment.variable", "an environment variable a cell sets (credentials masked)"),
            .detail("environment.user_path", "a path in an output that carries a user name"),
            .detail("environment.host", "a host name in an output"),
            .detail("environment.gpu", "a GPU model in an output"),
            .headline("secret.candidate", "a value in a cell or an output that looks like a credential (masked)"),
        ],
        options: ["output_text_bytes": 1_048_576, "images": true],
        examples: examples)
}
