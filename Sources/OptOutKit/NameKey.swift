import Foundation

/// How names are matched: trimmed, inner white space collapsed to one space, Unicode-normalised
/// and case-folded, so `  MÜLLER   KI GMBH ` names `Müller KI GmbH` and `STRASSE` names `Straße`.
public enum NameKey {
    public static func of(_ name: String) -> String {
        let collapsed = tidy(name)
        // Upper- then lower-casing folds the special cases plain lower-casing leaves (ß → ss).
        return collapsed.precomposedStringWithCanonicalMapping.uppercased().lowercased()
    }

    /// Trims the ends and collapses every run of white space to one space.
    public static func tidy(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
