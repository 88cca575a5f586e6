import Foundation
import OptOutKit

/// Small text helpers of the demo.
enum DemoText {
    /// Lower-case ASCII letters and digits only, accents dropped: `Müller KI` → `mullerki`.
    static func slug(_ text: String) -> String {
        var out = ""
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "ß": out += "ss"
            case "ø", "Ø": out += "o"
            case "æ", "Æ": out += "ae"
            case "œ", "Œ": out += "oe"
            case "ł", "Ł": out += "l"
            case "đ", "Đ": out += "d"
            case "a"..."z", "0"..."9": out.unicodeScalars.append(scalar)
            case "A"..."Z":
                if let lower = Unicode.Scalar(scalar.value + 32) { out.unicodeScalars.append(lower) }
            default: break
            }
        }
        return out.isEmpty ? "firm" : out
    }

    /// `text` with its accents dropped, as a keyboard without them writes it: `Chloé` → `Chloe`.
    static func plain(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar {
            case "ø": out.append("o")
            case "Ø": out.append("O")
            case "ß": out.append(contentsOf: "ss".unicodeScalars)
            case _ where scalar.properties.generalCategory == .nonspacingMark: continue
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
