import Foundation

/// How names are matched: invisible format characters removed, trimmed, inner white space
/// collapsed to one space, Unicode-normalised and case-folded, so `  MÜLLER   KI GMBH ` names
/// `Müller KI GmbH`, `STRASSE` names `Straße`, and `Clear\u{200B} Labs` names `Clear Labs`.
public enum NameKey {
    public static func of(_ name: String) -> String {
        let collapsed = tidy(withoutFormatCharacters(name))
        // Plain ASCII (the common case): normalising changes nothing and case folding is lower-casing.
        if collapsed.utf8.allSatisfy({ $0 < 0x80 }) {
            var bytes = Array(collapsed.utf8)
            for index in bytes.indices where bytes[index] >= 0x41 && bytes[index] <= 0x5A { bytes[index] += 0x20 }
            return String(decoding: bytes, as: UTF8.self)
        }
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
        if let first = text.utf8.first, let last = text.utf8.last, first > 0x20, first < 0x7F, last > 0x20, last < 0x7F
        {
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
        if isTidyASCII(text) || isTidyText(text) { return text }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// Text with single inner spaces and no other white space, its ASCII printable: already tidy.
    /// Checked on the bytes: outside ASCII, white space is U+0085, U+00A0, U+1680, U+2000–U+200A,
    /// U+2028, U+2029, U+202F, U+205F and U+3000, whose UTF-8 starts C2 85, C2 A0, E1 9A 80,
    /// E2 80 or E2 81 9F, E3 80 80; text with any of them, or a space before a non-ASCII
    /// character (a combining mark makes one character of them), takes the slow path.
    private static func isTidyText(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != 0x20 else { return false }
        var previous: UInt8 = 0
        var iterator = text.utf8.makeIterator()
        var window: (UInt8, UInt8, UInt8) = (0, 0, 0)
        while let byte = iterator.next() {
            window = (window.1, window.2, byte)
            if byte < 0x80 {
                guard byte >= 0x20, byte != 0x7F, !(byte == 0x20 && previous == 0x20) else { return false }
            } else if previous == 0x20 {
                return false  // a space with a combining mark is one white-space character
            }
            switch window {
            case (_, 0xC2, 0x85), (_, 0xC2, 0xA0), (0xE1, 0x9A, 0x80), (_, 0xE2, 0x80), (0xE2, 0x81, 0x9F),
                (0xE3, 0x80, 0x80):
                return false
            default: break
            }
            previous = byte
        }
        return previous != 0x20
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
