import Foundation

/// An extractor that takes options: a small `Codable` value whose defaults its descriptor
/// states (``ExtractorDescriptor/options``), which an investigator overrides on the command line
/// (`--extractor-option ID.KEY=VALUE`). The options in force are recorded in the custody log with
/// every run, so a finding can always be traced to the settings that produced it.
///
/// Keys are snake_case; each override must have the type of its default.
///
/// ```swift
/// struct ConfigExtractor: ConfigurableExtractor {
///     struct Options: Codable, Sendable { var maxEntries: Int
///         enum CodingKeys: String, CodingKey { case maxEntries = "max_entries" } }
///     static let descriptor = ExtractorDescriptor(id: "config", …, options: ["max_entries": 50_000])
///     let options: Options
///     init(options: Options) { self.options = options }
/// }
/// ```
public protocol ConfigurableExtractor: Extractor {
    /// The options, decoded from the descriptor's defaults merged with the overrides.
    associatedtype Options: Codable & Sendable

    /// Creates the extractor with these options.
    init(options: Options)
}

extension ConfigurableExtractor {
    /// The extractor with the descriptor's default options.
    public init() {
        // The defaults decode (ExampleVerifier checks it for every configurable extractor).
        self.init(options: try! Self.options(from: Self.descriptor.options))
    }

    /// Decodes options from a JSON object of values (the defaults with overrides applied).
    ///
    /// - Throws: ``EvidenceError/invalidOptions(extractor:reason:)`` when they do not decode.
    public static func options(from values: [String: Value]) throws -> Options {
        do {
            let data = try JSONEncoder().encode(values)
            return try JSONDecoder().decode(Options.self, from: data)
        } catch {
            throw EvidenceError.invalidOptions(extractor: descriptor.id, reason: "\(error)")
        }
    }
}
