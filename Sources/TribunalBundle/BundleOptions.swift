import BundleVerification
import CaseStore
import EvidenceKit
import Foundation

/// How `exhibit bundle` exports a case.
public struct BundleOptions: Sendable {
    /// Copy the originals into `data/exhibits/` (`--exhibits all`), or leave them out (`none`).
    public var includeExhibits: Bool
    /// Sign the tag manifest with this key.
    public var signingKey: SigningKey?
    /// Also write `<folder>.tar`.
    public var tar: Bool
    /// `SOURCE_DATE_EPOCH`: the export time, for byte-identical exports; now when `nil`.
    public var sourceDateEpoch: Int64?
    /// Who exports, where, with which command: the export's custody entry.
    public var examiner: String
    public var host: String
    public var command: String
    /// The exporting program's extractors, for kinds the case did not record descriptors of.
    public var descriptors: [ExtractorDescriptor]

    public init(includeExhibits: Bool = true, signingKey: SigningKey? = nil, tar: Bool = false,
                sourceDateEpoch: Int64? = nil, examiner: String, host: String = ProcessInfo.processInfo.hostName,
                command: String, descriptors: [ExtractorDescriptor] = []) {
        self.descriptors = descriptors
        self.includeExhibits = includeExhibits
        self.signingKey = signingKey
        self.tar = tar
        self.sourceDateEpoch = sourceDateEpoch
        self.examiner = examiner
        self.host = host
        self.command = command
    }
}

/// What an export wrote.
public struct BundleResult: Sendable {
    public let folder: String
    public let tar: String?
    public let payloadFiles: Int
    public let payloadBytes: Int64
    public let signed: Bool
    /// The custody entry of this export, also inside the bundle; the caller records it in the case.
    public let exportEntry: CustodyRecord
}
