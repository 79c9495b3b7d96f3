import ArgumentParser
import BundleVerification
import Foundation

struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key", abstract: "Manage the examiner's signing key.", subcommands: [Generate.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate an Ed25519 key: the private key (PKCS #8 PEM, mode 0600) and the public key (.pub) beside it.")

        @Argument(help: "Where to write the private key (e.g. examiner.key).") var path: String
        @OptionGroup var output: OutputOptions

        func run() throws {
            let key = try SigningKey.generate(at: path)
            let publicPath = SigningKey.publicKeyPath(for: path)
            if output.json {
                try Printer.json(["private_key": path, "public_key": publicPath, "key_id": key.keyID])
            } else {
                Printer.line("private key: \(path) (keep it secret)")
                Printer.line("public key:  \(publicPath)  (publish it)")
                Printer.line("key id:      \(key.keyID)")
            }
        }
    }
}
