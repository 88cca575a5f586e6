import Foundation

/// Checks on the values users type and files carry.
public enum Validation {
    /// ISO 3166-1 alpha-2 codes in use.
    static let countryCodes: Set<String> = Set(
        """
        AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS
        BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
        EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM
        HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC
        LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
        NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
        SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
        TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
        """.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))

    /// The upper-cased ISO 3166-1 alpha-2 code, or `nil` when `text` is not one.
    public static func countryCode(_ text: String) -> String? {
        let code = text.uppercased()
        return countryCodes.contains(code) ? code : nil
    }

    /// Whether `text` looks like one e-mail address: `local@domain.tld`, no spaces, one `@`.
    public static func isEmail(_ text: String) -> Bool {
        if let ascii = isASCIIEmail(text) { return ascii }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.count <= 64, text.count <= 254,
            !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// `isEmail` on the bytes of an all-ASCII `text` (`nil` otherwise), with the same answer: in
    /// ASCII a byte is a character, but for CR LF, which is white space either way. Imports check
    /// 100,000 addresses, and the characters cost most of reading the file.
    static func isASCIIEmail(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            var at: Int?
            for (index, byte) in bytes.enumerated() {
                switch byte {
                case 0x80...: return nil
                case 0x09...0x0D, 0x20, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                    // Not an address; the rest is only read to know it is all ASCII.
                    return bytes.allSatisfy { $0 < 0x80 } ? false : nil
                case UInt8(ascii: "@"):
                    if at != nil { return bytes.allSatisfy { $0 < 0x80 } ? false : nil }
                    at = index
                default: break
                }
            }
            guard let at, at > 0, at <= 64, bytes.count <= 254 else { return false }
            var labels = 0
            var start = at + 1
            for index in (at + 1)...bytes.count {
                guard index == bytes.count || bytes[index] == UInt8(ascii: ".") else { continue }
                let count = index - start
                if count == 0 || bytes[start] == UInt8(ascii: "-") || bytes[index - 1] == UInt8(ascii: "-") {
                    return false
                }
                labels += 1
                start = index + 1
            }
            return labels >= 2
        }
    }

    /// Country codes of ISRCs beyond ISO 3166-1: prefixes the International ISRC Agency allocates
    /// to national agencies whose own code ran out (BC, BK, BP, BX for Brazil; CB Canada; FX
    /// France; GX, UK the United Kingdom; KS Korea; QM, QT, QZ the United States; ZB South
    /// Africa), keeps for itself
    /// (CP, DG, QN, and ZZ, which it allocates when a national agency cannot: ISRC Bulletin 2007/01),
    /// or allocated to territories that have since changed (CS Serbia and Montenegro, YU
    /// Yugoslavia, XK Kosovo). Sources: International ISRC Agency, "Valid characters for the
    /// country code element" (isrc.ifpi.org/downloads/Valid_Characters.pdf) and Bulletin 2015/01,
    /// "Validating an International Standard Recording Code".
    static let isrcAgencyCodes: Set<String> = [
        "BC", "BK", "BP", "BX", "CB", "CP", "CS", "DG", "FX", "GX", "KS", "QM", "QN", "QT", "QZ", "UK", "XK",
        "YU", "ZB", "ZZ",
    ]

    /// The normalised ISRC (`CCXXXYYNNNNN`, upper case, hyphens removed), or `nil` when `text`
    /// is not one (`isrcFault` says why).
    public static func isrc(_ text: String) -> String? {
        isrcFault(text) == nil ? compactISRC(text) : nil
    }

    /// Why `text` is not an ISRC: a country code (ISO 3166-1 alpha-2, or one the ISRC agency
    /// allocates), a 3-character registrant, a 2-digit year and a 5-digit designation (ISO 3901);
    /// hyphens may separate them. `nil` when it is one.
    public static func isrcFault(_ text: String) -> IdentifierFault? {
        let code = compactISRC(text)
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 12 else { return .isrcLength(text: text, characters: scalars.count) }
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        guard scalars[0..<2].allSatisfy(isLetter),
            scalars[2..<5].allSatisfy({ isLetter($0) || isDigit($0) }),
            scalars[5..<12].allSatisfy(isDigit)
        else { return .isrcCharacters(text: text) }
        let country = String(code.prefix(2))
        guard countryCodes.contains(country) || isrcAgencyCodes.contains(country) else {
            return .isrcCountry(text: text, country: country)
        }
        return nil
    }

    /// `gb-aye-24-00001` as `GBAYE2400001`: upper case, without hyphens. (By scalar: Foundation's
    /// `replacingOccurrences` dominated the import of a large catalogue.)
    private static func compactISRC(_ text: String) -> String {
        var code = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where scalar != "-" {
            if ("a"..."z").contains(scalar), let upper = Unicode.Scalar(scalar.value - 32) {
                code.append(upper)
            } else {
                code.append(scalar)
            }
        }
        return String(code)
    }

    /// The normalised ISWC (`T` and ten digits), or `nil` when `text` is not one (`iswcFault` says why).
    public static func iswc(_ text: String) -> String? {
        iswcFault(text) == nil ? compactISWC(text) : nil
    }

    /// Why `text` is not an ISWC: `T`, a 9-digit work identifier and a check digit (ISO 15707),
    /// commonly written `T-034.524.680-1`; hyphens, dots and spaces may separate them. The check
    /// digit C satisfies C = (10 − (1 + Σ i·dᵢ) mod 10) mod 10 over the nine digits dᵢ, i = 1…9.
    /// `nil` when it is one.
    public static func iswcFault(_ text: String) -> IdentifierFault? {
        let code = compactISWC(text)
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 11, scalars.first == "T", scalars.dropFirst().allSatisfy({ ("0"..."9").contains($0) })
        else { return .iswcShape(text: text) }
        let digits = scalars.dropFirst().map { Int($0.value) - 48 }
        let check = iswcCheckDigit(Array(digits.prefix(9)))
        guard digits[9] == check else { return .iswcCheckDigit(text: text, found: digits[9], expected: check) }
        return nil
    }

    /// The ISO 15707 check digit of an ISWC's nine digits.
    public static func iswcCheckDigit(_ digits: [Int]) -> Int {
        var sum = 1
        for (index, digit) in digits.enumerated() { sum += (index + 1) * digit }
        return (10 - sum % 10) % 10
    }

    /// `T-034.524.680-1` as `T0345246801`: upper case, without hyphens, dots or spaces.
    private static func compactISWC(_ text: String) -> String {
        String(String.UnicodeScalarView(compactISRC(text).unicodeScalars.filter { $0 != "." && $0 != " " }))
    }

    /// `T0345246801` as people write it: `T-034.524.680-1`.
    public static func formattedISWC(_ code: String) -> String {
        let digits = Array(code.dropFirst())
        guard code.count == 11, digits.count == 10 else { return code }
        return "T-\(String(digits[0..<3])).\(String(digits[3..<6])).\(String(digits[6..<9]))-\(digits[9])"
    }
}

// MARK: - Limits a legal record never needs

/// A value past a limit no legal record needs (SPEC: a name is one line; names, cells and notes
/// are bounded so that a typing or file error cannot fill the memory, the disk or the terminal).
public enum InputLimitError: Error, Equatable, Sendable, CustomStringConvertible, LocalizedError {
    /// `what` (`the recipient name`, `--issuer`) has `length` characters, past `Validation.maximumNameLength`.
    case nameTooLong(what: String, length: Int)
    /// A free-text option (`--summary`, `--note`, `--reference`) of `bytes` bytes, past `Validation.maximumTextBytes`.
    case textTooLong(option: String, bytes: Int)

    public var description: String {
        switch self {
        case .nameTooLong(let what, let length):
            return
                "\(what) is \(length) characters long; a name may have at most \(Validation.maximumNameLength) characters, so shorten it"
        case .textTooLong(let option, let bytes):
            return
                "\(option) is \(bytes / 1024) KB long; it may be at most \(Validation.maximumTextBytes / 1024) KB, so shorten it (keep long texts in a file of your own and give its name)"
        }
    }

    public var errorDescription: String? { description }
}

extension Validation {
    /// The most characters a name (of a recipient, campaign, contact, parent or issuer) may have.
    public static let maximumNameLength = 1_000
    /// The most bytes (UTF-8) a free-text option may have: 64 KB.
    public static let maximumTextBytes = 64 << 10

    /// Throws unless `name` (already tidied) is within `maximumNameLength`.
    public static func checkName(_ name: String?, what: String) throws {
        guard let name else { return }
        let length = name.count
        if length > maximumNameLength { throw InputLimitError.nameTooLong(what: what, length: length) }
    }

    /// Throws unless `text` is within `maximumTextBytes`.
    public static func checkText(_ text: String?, option: String) throws {
        guard let text else { return }
        if text.utf8.count > maximumTextBytes {
            throw InputLimitError.textTooLong(option: option, bytes: text.utf8.count)
        }
    }
}
