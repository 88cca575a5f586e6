/// Checks on the values users type and files carry.
public enum Validation {
    /// ISO 3166-1 alpha-2 codes in use.
    static let countryCodes: Set<String> = Set("""
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
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, let local = parts.first, let domain = parts.last,
            !local.isEmpty, local.count <= 64, text.count <= 254,
            !text.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" || $0 == "<" || $0 == ">" })
        else { return false }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }
    }

    /// The normalised ISRC (`CCXXXYYNNNNN`, upper case, hyphens removed), or `nil` when `text`
    /// is not of the ISRC form: a 2-letter country, a 3-character registrant, a 2-digit year and
    /// a 5-digit designation.
    public static func isrc(_ text: String) -> String? {
        let code = text.replacingOccurrences(of: "-", with: "").uppercased()
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 12 else { return nil }
        func isLetter(_ s: Unicode.Scalar) -> Bool { ("A"..."Z").contains(s) }
        func isDigit(_ s: Unicode.Scalar) -> Bool { ("0"..."9").contains(s) }
        guard scalars[0..<2].allSatisfy(isLetter),
            scalars[2..<5].allSatisfy({ isLetter($0) || isDigit($0) }),
            scalars[5..<12].allSatisfy(isDigit)
        else { return nil }
        return code
    }
}
