/// How the findings of one kind appear in CASE/UCO besides the annotation every finding gets:
/// as a property of a facet of the artifact's observable.
///
/// ```swift
/// // archive.format fills ArchiveFileFacet.archiveType, and makes the file an ArchiveFile.
/// CaseUCOMapping(facet: "uco-observable:ArchiveFileFacet", property: "uco-observable:archiveType",
///                from: .summary, observableClass: "uco-observable:ArchiveFile")
/// ```
public struct CaseUCOMapping: Sendable, Hashable, Codable {
    /// The facet class (`uco-observable:ArchiveFileFacet`).
    public var facet: String
    /// The property of the facet that the finding sets (`uco-observable:archiveType`).
    public var property: String
    /// Which value of the finding: its summary, or one of its attributes.
    public var from: Source
    /// The class the artifact's observable takes when it has this facet (`uco-observable:ArchiveFile`).
    public var observableClass: String?

    /// Where the property's value comes from.
    public enum Source: Sendable, Hashable, Codable {
        case summary
        case attribute(String)

        public init(from decoder: any Decoder) throws {
            let text = try decoder.singleValueContainer().decode(String.self)
            if text == "summary" {
                self = .summary
            } else if text.hasPrefix("attributes.") {
                self = .attribute(String(text.dropFirst("attributes.".count)))
            } else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                        debugDescription: "expected \"summary\" or \"attributes.NAME\""))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .summary: try container.encode("summary")
            case .attribute(let name): try container.encode("attributes." + name)
            }
        }
    }

    public init(facet: String, property: String, from: Source, observableClass: String? = nil) {
        self.facet = facet
        self.property = property
        self.from = from
        self.observableClass = observableClass
    }

    enum CodingKeys: String, CodingKey {
        case facet, property, from
        case observableClass = "observable_class"
    }
}
