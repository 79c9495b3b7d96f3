import ArgumentParser
import BuiltInExtractors
import ExtractorPlugin

/// `exhibit plugin serve ID`: this program serving one of its built-in extractors over the
/// external-extractor protocol (docs/plugin-protocol.md) on standard input and output — what
/// `add --isolate` starts, one sandboxed child per extractor in use.
struct PluginCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plugin", abstract: "Serve a built-in extractor over the external-extractor protocol.",
        subcommands: [Serve.self])

    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Speak the protocol on standard input and output, as the built-in extractor ID (used by add --isolate).")

        @Argument(help: "The built-in extractor's id.") var id: String

        func run() throws {
            guard let entry = BuiltInExtractors.all.first(where: { $0.descriptor.isNamed(id) }) else {
                throw CLIError.usage("no built-in extractor with id '\(id)'")
            }
            PluginServer.run(entry)
        }
    }
}
