import Foundation
import OptOutKit

extension DemoNames {
    /// A country chosen in proportion to one of its weights.
    static func country(weightedBy weight: KeyPath<Country, Int>, _ random: inout DemoRandom) -> Country {
        let index = random.index(weightedBy: countries.map { $0[keyPath: weight] }) ?? 0
        return countries.indices.contains(index) ? countries[index] : fallbackCountry
    }

    static let fallbackCountry = Country(
        code: "US", aiWeight: 1, streamingWeight: 1, domains: ["com"], legalForms: [""],
        localShare: 0, localStems: [], localWords: [], people: .english)
}
