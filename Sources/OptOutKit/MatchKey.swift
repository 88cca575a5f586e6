import Foundation

/// How a disclosed work is matched to the catalogue by its title and artist: both folded so that
/// the ways people write the same work meet. Case and accents are folded (`Chloé` is `chloe`,
/// `Sørensen` is `sorensen`, `Straße` is `strasse`), punctuation separates words (`Paper-Thin` is
/// `paper thin`, `Don't` is `dont`), `&` is `and`, white space is collapsed, and featured-artist
/// credits are removed: `Song (feat. X)`, `Song [ft. X]`, `Artist featuring X`, `Song (with X)`.
public enum MatchKey {
    /// The key of a work: its title and artist folded and joined; `nil` when either is missing or
    /// folds to nothing.
    public static func of(title: String?, artist: String?) -> String? {
        guard let title, let artist else { return nil }
        let titleKey = fold(title)
        let artistKey = fold(artist)
        guard !titleKey.isEmpty, !artistKey.isEmpty else { return nil }
        return titleKey + "\u{1F}" + artistKey
    }

    /// The words of `text`, folded, without featured-artist credits, joined by single spaces.
    public static func fold(_ text: String) -> String {
        withoutCredits(tokens(text)).joined(separator: " ")
    }

    /// Words that start a featured-artist credit anywhere but at the start of the text.
    static let creditWords: Set<String> = ["feat", "ft", "featuring"]
    /// Words that start a credit as the first word in brackets: `(with X)`.
    static let bracketedCreditWords: Set<String> = ["feat", "ft", "featuring", "with"]

    enum Token: Equatable {
        case word(String)
        case open
        case close
    }

    /// The folded words of `text`, and its brackets.
    static func tokens(_ text: String) -> [Token] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiTokens(text) }
        var tokens: [Token] = []
        var word = String.UnicodeScalarView()
        func endWord() {
            if !word.isEmpty {
                tokens.append(.word(String(word)))
                word = String.UnicodeScalarView()
            }
        }
        for scalar in text.decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9": word.append(scalar)
            case "A"..."Z": word.append(Unicode.Scalar(scalar.value + 32) ?? scalar)
            case "(", "[", "{":
                endWord()
                tokens.append(.open)
            case ")", "]", "}":
                endWord()
                tokens.append(.close)
            case "'", "\u{2019}", "\u{2018}", "`": continue  // don't, dont
            case "&":
                endWord()
                tokens.append(.word("and"))
            case _ where scalar.isASCII: endWord()
            default:
                let properties = scalar.properties
                switch properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark: continue  // accents, after decomposition
                default: break
                }
                if let folded = letters[scalar] {
                    word.append(contentsOf: folded.unicodeScalars)
                } else if properties.isAlphabetic || properties.numericType != nil {
                    word.append(contentsOf: properties.lowercaseMapping.unicodeScalars)
                } else {
                    endWord()
                }
            }
        }
        endWord()
        return tokens
    }

    /// `tokens` of ASCII text, byte by byte (most titles; a catalogue has millions).
    private static func asciiTokens(_ text: String) -> [Token] {
        var tokens: [Token] = []
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty {
                tokens.append(.word(String(decoding: word, as: UTF8.self)))
                word.removeAll(keepingCapacity: true)
            }
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): word.append(byte)
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): word.append(byte + 32)
            case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                endWord()
                tokens.append(.open)
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                endWord()
                tokens.append(.close)
            case UInt8(ascii: "'"), UInt8(ascii: "`"): continue
            case UInt8(ascii: "&"):
                endWord()
                tokens.append(.word("and"))
            default: endWord()
            }
        }
        endWord()
        return tokens
    }

    /// Letters that do not decompose into a base letter and an accent.
    static let letters: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe", "ł": "l", "Ł": "l",
        "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ı": "i", "ħ": "h", "Ħ": "h",
    ]

    /// The words, without featured-artist credits: a bracket that starts with a credit word goes
    /// whole; elsewhere a credit word (not the first word) runs to the next bracket or the end.
    static func withoutCredits(_ tokens: [Token]) -> [String] {
        var words: [String] = []
        var index = 0
        while index < tokens.count {
            switch tokens[index] {
            case .open:
                if index + 1 < tokens.count, case .word(let first) = tokens[index + 1],
                    bracketedCreditWords.contains(first)
                {
                    var depth = 0
                    while index < tokens.count {
                        if tokens[index] == .open { depth += 1 }
                        if tokens[index] == .close {
                            depth -= 1
                            if depth == 0 { break }
                        }
                        index += 1
                    }
                }
            case .close:
                break
            case .word(let word):
                if creditWords.contains(word) && !words.isEmpty {
                    while index + 1 < tokens.count, case .word = tokens[index + 1] { index += 1 }
                } else {
                    words.append(word)
                }
            }
            index += 1
        }
        return words
    }
}
