/// Text from the evidence made safe to show to a person, on a terminal or in the report: a
/// member named `"\u{1B}[2Jinvoice.pdf"` must not clear the examiner's screen, one named
/// `"a\nEX-0002 …"` must not print a line that looks like another record, and a right-to-left
/// override must not make `invoice\u{202E}fdp.exe` read as `invoiceexe.pdf`.
///
/// Control characters (C0, DEL, C1) and the Unicode bidirectional controls are written as
/// escapes (`\n`, `\t`, `\r`, `\x1b`, `\u{202E}`), and a backslash as `\\`, so what is shown maps
/// back to one name only, as GNU tar lists names. Machine-readable output (JSON, CSV) carries
/// the exact value.
public enum VisibleText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x80:
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default:
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x5C, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
