/// The ways logs and notebooks write times, which ``TimestampParser`` reads.
public enum TimestampFormat: String, Sendable, Hashable, Codable, CaseIterable {
    /// RFC 3339 / ISO 8601 extended: `2024-05-01T12:00:00.5+02:00`, `T` or a space, a dot or a
    /// comma before the fraction, `Z`, `±hh:mm`, `±hhmm`, `±hh` or no zone (Python logging's
    /// `2024-05-01 12:00:00,123`, RFC 5424's stamp, DeepSpeed's and Megatron-LM's bracketed times).
    case iso8601
    /// ISO 8601 basic: `20240501T120000Z`.
    case iso8601Basic = "iso8601_basic"
    /// Apache and nginx common and combined logs: `10/Oct/2000:13:55:36 -0700`.
    case commonLog = "common_log"
    /// RFC 3164 syslog: `May  1 12:00:00` — no year, no zone.
    case syslog
    /// glog: `I0501 12:00:00.123456` — a severity letter, no year, no zone.
    case glog
}
