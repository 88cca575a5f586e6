import Foundation

/// How names are matched: invisible format characters removed, trimmed, inner white space
/// collapsed to one space, Unicode-normalised and case-folded, so `  MÜLLER   KI GMBH ` names
/// `Müller KI GmbH`, `STRASSE` names `Straße`, and `Clear\u{200B} Labs` names `Clear Labs`.
public enum NameKey {
    public static func of(_ name: String) -> String {
        let collapsed = tidy(withoutFormatCharacters(name))
        // Upper- then lower-casing folds the special cases plain lower-casing leaves (ß → ss).
        return collapsed.precomposedStringWithCanonicalMapping.uppercased().lowercased()
    }

    /// `text` without the characters of Unicode category Cf (format): zero-width space, joiner
    /// and non-joiner, bidirectional marks and overrides, the byte-order mark, the soft hyphen.
    /// They show as nothing, so two names differing only by them look the same.
    public static func withoutFormatCharacters(_ text: String) -> String {
        // Plain ASCII has none (the common case, checked fast).
        guard text.utf8.contains(where: { $0 >= 0x80 }),
              text.unicodeScalars.contains(where: { $0.properties.generalCategory == .format })
        else { return text }
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: text.unicodeScalars.filter { $0.properties.generalCategory != .format })
        return String(kept)
    }

    /// `text` without white space (new lines included) at either end.
    public static func trimmed(_ text: String) -> String {
        // Most cells start and end with a printable ASCII character: nothing to trim.
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F {
            return text
        }
        guard let first = text.firstIndex(where: { !$0.isWhitespace }),
            let last = text.lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        if first == text.startIndex && text.index(after: last) == text.endIndex { return text }
        return String(text[first...last])
    }

    /// Trims the ends and collapses every run of white space to one space.
    public static func tidy(_ text: String) -> String {
        if isTidyASCII(text) { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Printable ASCII with single inner spaces: already tidy (the common case, checked fast).
    private static func isTidyASCII(_ text: String) -> Bool {
        var previous: UInt8 = 0x20
        for byte in text.utf8 {
            guard byte >= 0x20, byte < 0x7F, !(byte == 0x20 && previous == 0x20) else { return false }
            previous = byte
        }
        return previous != 0x20
    }
}
