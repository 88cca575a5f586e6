import Foundation

/// How names are matched: trimmed, inner white space collapsed to one space, Unicode-normalised
/// and case-folded, so `  MÜLLER   KI GMBH ` names `Müller KI GmbH` and `STRASSE` names `Straße`.
public enum NameKey {
    public static func of(_ name: String) -> String {
        let collapsed = tidy(name)
        // Upper- then lower-casing folds the special cases plain lower-casing leaves (ß → ss).
        return collapsed.precomposedStringWithCanonicalMapping.uppercased().lowercased()
    }

    /// `text` without white space (new lines included) at either end.
    public static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        if first == text.startIndex && text.index(after: last) == text.endIndex { return text }
        return String(text[first...last])
    }

    /// Trims the ends and collapses every run of white space to one space.
    public static func tidy(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
