import ArgumentParser

/// `--json`, shared by every command that prints data.
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (stable shapes, documented in docs/cli.md).")
    var json = false
}

/// The case file argument.
struct CaseArgument: ParsableArguments {
    @Argument(help: "The case file (*.exhibit).")
    var casePath: String
}
