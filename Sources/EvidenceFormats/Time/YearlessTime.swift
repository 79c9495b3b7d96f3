import EvidenceKit

/// A time written without its year (syslog, glog), which the reader dates: from the file's own
/// modification time, stepping the year as months go back (as plaso does), and saying so.
public struct YearlessTime: Sendable, Hashable {
    public let month: Int
    public let day: Int
    public let hour: Int
    public let minute: Int
    public let second: Int
    public let nanoseconds: Int32
    /// The text as written.
    public let original: String

    /// The time in `year`, as a wall-clock reading (its zone unspecified: the host decides it),
    /// or `nil` when the date does not exist that year (February 29 of a common year).
    public func timestamp(year: Int) -> Timestamp? {
        guard day <= CivilTime.daysIn(month: month, year: year) else { return nil }
        let seconds = CivilTime.seconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        return Timestamp(secondsSinceEpoch: seconds, nanoseconds: nanoseconds, original: original, zone: .unspecified)
    }
}
