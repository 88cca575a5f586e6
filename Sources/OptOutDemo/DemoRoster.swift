import Foundation
import OptOutKit

/// Every recipient of the demo, in the order they are imported.
struct DemoRoster {
    var recipients: [Recipient] = []
    var aiDevelopers: [DemoFirm] = []
    /// In the order their notices go out; the last `DemoGenerator.streamingDrafts` get none.
    var streamingServices: [DemoFirm] = []
    var examples: [DemoExample] = []
    private var usedNames: Set<String> = []

    /// A firm name the roster does not have yet.
    func isFree(_ name: String) -> Bool { !usedNames.contains(NameKey.of(name)) }

    mutating func add(_ recipient: Recipient, showcase: Showcase? = nil) {
        guard usedNames.insert(recipient.nameKey).inserted else { return }
        recipients.append(recipient)
        let firm = DemoFirm(name: recipient.name, showcase: showcase)
        switch recipient.category {
        case .aiDeveloper: aiDevelopers.append(firm)
        case .streamingService: streamingServices.append(firm)
        case .other: break
        }
    }

    /// A generated firm: its name, the part of it a domain is made from, where it is.
    struct Made {
        let name: String
        /// The name without its legal form, for subsidiaries to build on.
        let core: String
        let domain: String
        let country: DemoNames.Country
    }

    static func make(_ random: inout DemoRandom) -> DemoRoster {
        var roster = DemoRoster()
        roster.addShowcases()

        // AI developers: independent firms, then subsidiaries of some of them.
        let showcaseCount = roster.aiDevelopers.count
        let independents = DemoGenerator.aiDeveloperCount - showcaseCount - DemoGenerator.subsidiaryCount
        var made: [Made] = []
        while made.count < independents {
            let country = DemoNames.country(weightedBy: \.aiWeight, &random)
            guard let firm = roster.newAIFirm(in: country, &random) else { continue }
            made.append(firm)
            roster.add(roster.recipient(firm, category: .aiDeveloper, parent: nil, mailboxSuffix: nil, &random))
        }
        var subsidiaries = 0
        var attempts = 0
        let places = DemoNames.subsidiaryPlaces
        while !made.isEmpty && !places.isEmpty && subsidiaries < DemoGenerator.subsidiaryCount
            && attempts < 10 * DemoGenerator.subsidiaryCount
        {
            attempts += 1
            // Groups: parents drawn from the first few dozen firms, so several have more than one.
            let parent = made[random.int(0...min(40, made.count - 1))]
            let place = places[random.int(0...(places.count - 1))]
            guard place.country != parent.country.code else { continue }
            let name = "\(parent.core) \(place.suffix) \(place.legalForm)"
            guard roster.isFree(name) else { continue }
            let country = DemoNames.countries.first { $0.code == place.country } ?? parent.country
            let firm = Made(name: name, core: parent.core, domain: parent.domain, country: country)
            roster.add(
                roster.recipient(
                    firm, category: .aiDeveloper, parent: parent.name,
                    mailboxSuffix: DemoText.slug(place.suffix), &random))
            subsidiaries += 1
        }

        // Streaming services, in the order their notices go out (showcases in the first batch).
        var services: [Made] = []
        var stems = DemoNames.streamingStems
        random.shuffle(&stems)
        let regionalArms = [("Japan", "JP", "G.K."), ("Brasil", "BR", "Ltda.")]
        let wanted =
            DemoGenerator.streamingBatches.reduce(0) { $0 + $1.size } + DemoGenerator.streamingDrafts
            - roster.streamingServices.count - regionalArms.count
        var stemIndex = 0
        while services.count < wanted && stemIndex < stems.count * 4 {
            let stem = stems[stemIndex % stems.count]
            stemIndex += 1
            let country = DemoNames.country(weightedBy: \.streamingWeight, &random)
            var name = "\(stem) \(random.pick(DemoNames.streamingKinds))"
            let core = name
            if random.percent(40), case let form = random.pick(country.legalForms), !form.isEmpty { name += " \(form)" }
            guard roster.isFree(name) else { continue }
            let firm = Made(
                name: name, core: core, domain: DemoText.slug(core) + "." + random.pick(country.domains),
                country: country)
            services.append(firm)
            roster.add(roster.recipient(firm, category: .streamingService, parent: nil, mailboxSuffix: nil, &random))
        }
        // Two regional arms of the first services.
        for (index, place) in regionalArms.enumerated() where index < services.count {
            let parent = services[index]
            let country = DemoNames.countries.first { $0.code == place.1 } ?? parent.country
            let firm = Made(
                name: "\(parent.core) \(place.0) \(place.2)", core: parent.core, domain: parent.domain,
                country: country)
            roster.add(
                roster.recipient(
                    firm, category: .streamingService, parent: parent.name,
                    mailboxSuffix: DemoText.slug(place.0), &random))
        }
        // Keep the showcases first, shuffle the rest: that is the order of the notice batches.
        let showcases = roster.streamingServices.filter { $0.showcase != nil }
        var rest = roster.streamingServices.filter { $0.showcase == nil }
        random.shuffle(&rest)
        roster.streamingServices = showcases + rest

        for other in DemoNames.others {
            roster.add(
                Recipient(
                    name: other.name, category: .other, country: other.country,
                    email: "info@\(other.domain)", contact: nil, parent: nil))
        }
        return roster
    }

    /// The hand-written firms and the stories the summary tells about them.
    private mutating func addShowcases() {
        let ai = DemoGenerator.aiCampaign
        let streaming = DemoGenerator.streamingCampaign
        func firm(
            _ name: String, _ category: Category, _ country: String, _ email: String, _ contact: String?,
            parent: String? = nil, _ showcase: Showcase, story: String?
        ) {
            add(
                Recipient(
                    name: name, category: category, country: country, email: email, contact: contact, parent: parent),
                showcase: showcase)
            if let story {
                examples.append(
                    DemoExample(recipient: name, campaign: category == .aiDeveloper ? ai : streaming, story: story))
            }
        }
        firm(
            "Vector Lyre Labs", .aiDeveloper, "US", "legal@vectorlyre.ai", "Dana Whitfield", .partialOverdue,
            story: "disclosed twelve works, most of them incomplete; overdue since the deadline")
        firm(
            "Vector Lyre Labs Europe GmbH", .aiDeveloper, "DE", "legal-europe@vectorlyre.ai", "Katrin Becker",
            parent: "Vector Lyre Labs", .subsidiaryRefusedEscalated,
            story: "subsidiary of Vector Lyre Labs: refused, then escalated")
        firm(
            "Vector Lyre Labs UK Ltd", .aiDeveloper, "GB", "legal-uk@vectorlyre.ai", nil,
            parent: "Vector Lyre Labs", .subsidiarySilent, story: nil)
        firm(
            "Müller KI GmbH", .aiDeveloper, "DE", "recht@mueller-ki.de", "Dr. Anja Köhler", .followUpCompleted,
            story: "extension, an incomplete disclosure, then a follow-up that completed it; copies deleted")
        firm(
            "Søndergaard Lydteknik ApS", .aiDeveloper, "DK", "jura@sondergaard-lyd.dk", "Søren Kjær", .noUseConfirmed,
            story: nil)
        firm(
            "Étoile Numérique SAS", .aiDeveloper, "FR", "juridique@etoile-numerique.fr", "Hélène Mercier", .licensed,
            story: "full disclosure with copies still held; closed with a licence")
        firm(
            "Núñez Inteligencia S.L.", .aiDeveloper, "ES", "legal@nunez-ia.es", "Íñigo Núñez", .escalatedThenReplied,
            story: "no reply by the deadline; escalated, then a late refusal")
        firm(
            "Åkesson Röstteknik AB", .aiDeveloper, "SE", "legal@akesson-rost.se", "Åsa Lindqvist", .extendedPastAsOf,
            story: "extension granted to 2024-10-31, so not overdue yet")
        firm(
            "Quill & Fathom Research Ltd", .aiDeveloper, "GB", "counsel@quillfathom.co.uk", "Marcus Pemberton",
            .unidentifiedWork, story: nil)
        firm(
            "Wavelet Music", .streamingService, "US", "trust@waveletmusic.com", "Rachel Okafor", .streamingConfirmed,
            story: "streaming service that confirmed the recommended measures")
        firm(
            "Écoute Libre SAS", .streamingService, "FR", "juridique@ecoute-libre.fr", "Loïc Gauthier", .streamingSilent,
            story: nil)
    }

    /// A new AI firm's name in `country`, or `nil` when the name drawn is taken.
    func newAIFirm(in country: DemoNames.Country, _ random: inout DemoRandom) -> Made? {
        var words: [String]
        var kind: String?
        if !country.localStems.isEmpty && random.percent(country.localShare) {
            words = [random.pick(country.localStems), random.pick(country.localWords)]
        } else {
            let stem = random.pick(DemoNames.stems)
            switch random.int(0...9) {
            case 0...3:
                let second = random.pick(DemoNames.seconds)
                words = second == stem ? [stem] : [stem, second]
                kind = random.pick(DemoNames.kinds)
            case 4...6:
                words = [stem + random.pick(DemoNames.gluedEndings)]
                kind = random.pick(DemoNames.kinds)
            case 7...8:
                words = [stem]
                kind = random.pick(DemoNames.kinds)
            default:
                let second = random.pick(DemoNames.seconds)
                words = second == stem ? [stem] : [stem, second]
            }
        }
        let core = (words + (kind.map { [$0] } ?? [])).joined(separator: " ")
        let form = random.pick(country.legalForms)
        let name = form.isEmpty ? core : "\(core) \(form)"
        guard isFree(name) else { return nil }
        let domain =
            words.map(DemoText.slug).joined(separator: random.percent(25) ? "-" : "") + "."
            + random.pick(country.domains)
        return Made(name: name, core: core, domain: domain, country: country)
    }

    /// The recipient for a made firm, with a contact and an address at its domain.
    func recipient(
        _ firm: Made, category: Category, parent: String?, mailboxSuffix: String?,
        _ random: inout DemoRandom
    ) -> Recipient {
        let people = DemoNames.people(firm.country.people)
        var contact: String?
        var mailbox = random.pick(DemoNames.mailboxes)
        switch random.int(0...99) {
        case 0...79:
            let given = random.pick(people.given)
            let family = random.pick(people.family)
            contact = "\(given) \(family)"
            if random.percent(40) { mailbox = DemoText.slug(given) + "." + DemoText.slug(family) }
        case 80...91:
            contact = random.pick(["Legal Department", "General Counsel", "Head of Legal", "Data Protection Officer"])
        default:
            contact = nil
        }
        if let mailboxSuffix, contact == nil || !mailbox.contains(".") { mailbox += "-" + mailboxSuffix }
        let email: String? = random.percent(4) ? nil : "\(mailbox)@\(firm.domain)"
        let country: String? = random.percent(2) ? nil : firm.country.code
        return Recipient(
            name: firm.name, category: category, country: country, email: email, contact: contact,
            parent: parent)
    }
}
