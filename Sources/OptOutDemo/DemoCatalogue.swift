import Foundation
import OptOutKit

/// The issuer's (fictional) recordings that disclosures name, and the catalogue the demo imports:
/// these works (but for a few the catalogue lacks, so some disclosures name unknown works) and
/// a few thousand more that nobody disclosed.
struct DemoCatalogue {
    struct Work {
        let title: String
        let artist: String
        /// `CCHMGYYNNNNN`: the artist's country, the label's registrant code, the year, a number.
        let isrc: String
        /// The number the ISRC ends with (1, 2, ...): it picks how a recipient misspells the work.
        let number: Int
    }

    let works: [Work]

    static func make(_ random: inout DemoRandom) -> DemoCatalogue {
        var works: [Work] = []
        var seen: Set<String> = []
        var attempts = 0
        while works.count < 320 && attempts < 5_000 {
            attempts += 1
            let title = "\(random.pick(DemoNames.titleFirst)) \(random.pick(DemoNames.titleSecond))"
            let artist = random.pick(DemoNames.artists, else: (name: "Mara Quill", isrcCountry: "GB"))
            guard seen.insert(NameKey.of(title) + "\u{1F}" + NameKey.of(artist.name)).inserted else { continue }
            let year = random.int(8...24)
            works.append(
                Work(
                    title: title, artist: artist.name,
                    isrc: isrc(artist.isrcCountry, year: year, number: works.count + 1),
                    number: works.count + 1))
        }
        return DemoCatalogue(works: works)
    }

    static func isrc(_ country: String, year: Int, number: Int) -> String {
        let digits = String(number)
        return country + "HMG" + (year < 10 ? "0" : "") + String(year)
            + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// `count` different works.
    func sample(_ count: Int, _ random: inout DemoRandom) -> [Work] {
        random.sample(count, of: works.count).map { works[$0] }
    }

    /// Whether the rights-holder's catalogue lacks the work: one in sixteen of those disclosed, so
    /// that their disclosures are unknown works (a recording of another label, a mistaken ISRC).
    static func isMissing(_ work: Work) -> Bool { work.number % 16 == 0 }

    /// Works in the catalogue the demo imports.
    static let catalogueSize = 3_000

    /// The catalogue the demo imports: the works disclosures name (but the missing ones), then
    /// others to `catalogueSize`, drawn from their own generator so the story's draws stay as they
    /// were. About a third carry the ISWC of their composition; each names its label and year.
    func catalogue(seed: UInt64) -> [CatalogEntry] {
        var random = DemoRandom(seed: seed ^ 0xCA7A_1061_0000_0000)
        var entries: [CatalogEntry] = []
        var seen = Set(works.map { NameKey.of($0.title) + "\u{1F}" + NameKey.of($0.artist) })
        func entry(_ title: String, _ artist: (name: String, isrcCountry: String), isrc: String, year: Int)
            -> CatalogEntry
        {
            var digits = (0..<9).map { _ in random.int(0...9) }
            digits.append(Validation.iswcCheckDigit(digits))
            let iswc = random.percent(35) ? "T" + digits.map(String.init).joined() : nil
            let owner =
                artist.isrcCountry == "GB" || artist.isrcCountry == "IE"
                ? "Harmonia Records UK"
                : artist.isrcCountry == "US" || artist.isrcCountry == "CA"
                    ? "Harmonia Records US" : "Harmonia Music International"
            return CatalogEntry(
                title: title, artist: artist.name, isrc: isrc, iswc: iswc, owner: owner,
                released: "20\(year < 10 ? "0" : "")\(year)")
        }
        for work in works where !Self.isMissing(work) {
            let artist = DemoNames.artists.first { $0.name == work.artist } ?? (name: work.artist, isrcCountry: "GB")
            let year = Int(work.isrc.dropFirst(5).prefix(2)) ?? 20
            entries.append(entry(work.title, artist, isrc: work.isrc, year: year))
        }
        var number = works.count
        var attempts = 0
        while entries.count < Self.catalogueSize && attempts < 100_000 {
            attempts += 1
            let title =
                "\(random.pick(DemoNames.titleFirst)) \(random.pick(DemoNames.titleSecond))\(random.pick(DemoNames.titleEndings))"
            let artist = random.pick(DemoNames.artists, else: (name: "Mara Quill", isrcCountry: "GB"))
            guard seen.insert(NameKey.of(title) + "\u{1F}" + NameKey.of(artist.name)).inserted else { continue }
            number += 1
            let year = random.int(1...24)
            entries.append(
                entry(title, artist, isrc: Self.isrc(artist.isrcCountry, year: year, number: number), year: year))
        }
        return entries
    }

    /// How a recipient that names a work by title and artist alone writes it: as the catalogue
    /// does, or in capitals without accents, with a featured artist, or with the `&` spelt out.
    static func asWritten(_ work: Work) -> (title: String, artist: String) {
        switch work.number % 5 {
        case 1: return (DemoText.plain(work.title).uppercased(), DemoText.plain(work.artist))
        case 2:
            let guest = DemoNames.artists[work.number % DemoNames.artists.count].name
            return ("\(work.title) (feat. \(guest == work.artist ? "DJ Kestrel" : guest))", work.artist)
        case 3: return (work.title.lowercased(), work.artist.replacingOccurrences(of: "&", with: "and"))
        default: return (work.title, work.artist)
        }
    }
}
