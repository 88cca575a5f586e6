import Foundation
import OptOutKit

/// Makes the disclosures of one recipient's replies.
struct DemoDisclosures {
    /// How this recipient mostly got the works.
    let usualMethod: AccessMethod

    static let methodWeights: [(AccessMethod, Int)] = [
        (.webScrape, 35), (.thirdPartyDataset, 22), (.streamingService, 12), (.licensedDataset, 10),
        (.userUpload, 9), (.purchased, 7), (.other, 5),
    ]

    static func method(_ random: inout DemoRandom) -> AccessMethod {
        let index = random.index(weightedBy: methodWeights.map(\.1)) ?? 0
        return methodWeights.indices.contains(index) ? methodWeights[index].0 : .webScrape
    }

    init(usualMethod: AccessMethod) { self.usualMethod = usualMethod }

    init(_ random: inout DemoRandom) { usualMethod = Self.method(&random) }

    /// How many works a disclosing recipient names.
    static func count(_ random: inout DemoRandom) -> Int {
        switch random.int(0...9) {
        case 0...3: return random.int(1...3)
        case 4...7: return random.int(4...8)
        default: return random.int(9...25)
        }
    }

    /// A disclosure with all six facts, for a reply on `replyDate`. `stillHeld` forces whether the
    /// copies still exist; `withISRC` keeps the ISRC (needed for a later reply to supersede it).
    func complete(
        _ work: DemoCatalogue.Work, replyDate: Day, stillHeld: Bool? = nil, withISRC: Bool = false,
        _ random: inout DemoRandom
    ) -> DisclosureInput {
        var input = DisclosureInput(title: work.title, artist: work.artist, isrc: work.isrc)
        if !withISRC {
            switch random.int(0...99) {
            case 0...11:
                input.title = nil
                input.artist = nil
            case 12...19:
                input.isrc = nil
                let written = DemoCatalogue.asWritten(work)
                input.title = written.title
                input.artist = written.artist
            default: break
            }
        }
        input.accessMethod = random.percent(75) ? usualMethod : Self.method(&random)
        switch random.int(0...99) {
        case 0...49: input.copiesMade = random.int(1...3)
        case 50...84: input.copiesMade = random.int(4...20)
        default: input.copiesMade = random.int(50...600)
        }
        let exists = stillHeld ?? random.percent(45)
        input.copiesExist = exists
        let earliest = Day(year: 2020, month: 6, day: 1)
        let latest = Day(year: 2024, month: 4, day: 30)
        let from = earliest.adding(days: random.int(0...latest.days(since: earliest)))
        input.heldFrom = from
        if !exists {
            input.heldUntil = min(from.adding(days: random.int(14...900)), max(from, replyDate.adding(days: -1)))
        }
        input.justification = random.pick(DemoNames.justifications)
        return input
    }

    /// The same disclosure with one or two of its facts left out. The ISRC stays, so a follow-up
    /// supersedes it, unless `unidentified`: then only the title is given and the work stays missing.
    func withGaps(
        _ complete: DisclosureInput, work: DemoCatalogue.Work, unidentified: Bool = false,
        _ random: inout DemoRandom
    ) -> DisclosureInput {
        var input = complete
        input.isrc = work.isrc
        if unidentified {
            input.title = work.title
            input.artist = nil
            input.isrc = nil
            return input
        }
        let gaps = random.int(1...2)
        for _ in 0..<gaps {
            switch random.int(0...5) {
            case 0: input.justification = nil
            case 1: input.copiesMade = nil
            case 2: input.heldFrom = nil
            case 3:
                if input.copiesExist == false { input.heldUntil = nil } else { input.copiesExist = nil }
            case 4: input.accessMethod = nil
            default: input.copiesExist = nil
            }
        }
        return input
    }
}
