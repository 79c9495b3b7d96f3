import Foundation

/// The case's header: who examines what, for whom.
public struct CaseInfo: Sendable, Codable, Hashable {
    /// A UUID naming the case; the bundle's External-Identifier.
    public var caseID: String
    public var title: String
    public var examiner: String
    public var organization: String
    /// When the case was created, UTC, ISO 8601.
    public var created: String
    /// The schema the file was written with.
    public var schemaVersion: Int

    public init(caseID: String, title: String, examiner: String, organization: String,
                created: String, schemaVersion: Int = CaseSchema.currentVersion) {
        self.caseID = caseID
        self.title = title
        self.examiner = examiner
        self.organization = organization
        self.created = created
        self.schemaVersion = schemaVersion
    }
}
