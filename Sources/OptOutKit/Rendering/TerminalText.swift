/// Text for a terminal: control characters taken from stored data (a name, an e-mail, a note, a
/// summary) are shown as `\u{1B}`, the way Swift writes them, so that an ESC, OSC, BEL or
/// carriage return kept in the database cannot clear the screen, retitle the window or hide a line.
/// Escaped: C0 controls, DEL, C1 controls, and the bidirectional overrides and isolates that
/// reorder what is shown (U+202A–U+202E, U+2066–U+2069).
public enum TerminalText {
    /// `text` with its control characters escaped; with `keepingLines`, line feeds and tabs are
    /// kept (a message of several lines).
    public static func escaped(_ text: String, keepingLines: Bool) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0, keepingLines: keepingLines) }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar, keepingLines: keepingLines) {
                out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    static func isControl(_ scalar: Unicode.Scalar, keepingLines: Bool) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: !keepingLines
        case 0x00..<0x20, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
