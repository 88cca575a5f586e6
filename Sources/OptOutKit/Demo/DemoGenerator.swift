import Foundation
import GRDB

/// What the demo built, for the command to print.
public struct DemoSummary: Sendable {
    /// Recipients added, of every category.
    public var recipients: Int
    /// The campaigns, in the order they were added.
    public var campaigns: [String]
    /// The day the demo's story has reached: every notice and reply is dated on or before it, so
    /// the report and the overdue list read best `--as-of` this day.
    public var asOf: Day
    /// The rights-holder that sent the letters.
    public var issuer: String
    /// Cases opened (one per recipient per campaign of its category).
    public var cases: Int
    /// Notices logged.
    public var notices: Int
    /// Replies recorded, of every kind.
    public var replies: Int
    /// Works named in disclosure replies, counting each reply's works (before later replies of
    /// the same work supersede them).
    public var worksDisclosed: Int
    public var extensionsGranted: Int
    public var escalations: Int
    public var resolutions: Int
    /// Cases left in `draft`: recipients found after the last notices went out.
    public var drafts: Int
    /// Works in the rights-holder's catalogue.
    public var catalogueWorks: Int
    /// Recipients whose cases are worth a look, to suggest commands with.
    public var examples: [DemoExample]
}

/// A recipient whose case shows one part of the workflow, for `optout demo` to suggest
/// (`optout history NAME`).
public struct DemoExample: Sendable, Equatable {
    public var recipient: String
    public var campaign: String
    /// What happened to the case, in a few words.
    public var story: String
}

/// Builds the sample database of `optout demo`: a fictional label's 2024 notice wave, with one
/// campaign to 700-odd AI developers (a fixed deadline, every disclosure requested) and one
/// advisory letter to streaming services (a 30-day response window, no disclosures requested),
/// then a realistic mix of replies, disclosures, extensions, escalations and closures.
///
/// Every name is invented from the word lists of `DemoNames`. The script is driven by a seeded
/// generator, so the same seed gives the same database on every run and machine; it plans each
/// case's actions against `StateMachine` before performing them, so it never asks for a refused
/// transition.
public enum DemoGenerator {
    /// The fictional rights-holder that sends the letters.
    public static let issuer = "Harmonia Music Group"
    public static let aiCampaign = "AI training notice 2024"
    public static let streamingCampaign = "Streaming advisory 2024"
    /// The last day of the script: no action is dated later.
    public static let asOf = Day(year: 2024, month: 9, day: 30)

    static let aiNoticeDate = Day(year: 2024, month: 5, day: 14)
    static let aiDeadline = Day(year: 2024, month: 6, day: 14)
    static let streamingResponseDays = 30

    /// The streaming-service notices go out in batches, as services were identified.
    static let streamingBatches: [(date: Day, size: Int, channel: Channel, reference: String)] = [
        (Day(year: 2024, month: 5, day: 16), 30, .courier, "HMG-ADV-2024-01"),
        (Day(year: 2024, month: 6, day: 3), 6, .email, "HMG-ADV-2024-02"),
        (Day(year: 2024, month: 7, day: 22), 2, .email, "HMG-ADV-2024-03"),
        (Day(year: 2024, month: 9, day: 16), 2, .email, "HMG-ADV-2024-04"),
    ]
    /// Streaming services found after the last batch: their cases stay `draft`.
    static let streamingDrafts = 2
    /// AI developers, all told (showcase firms and subsidiaries included).
    static let aiDeveloperCount = 722
    static let subsidiaryCount = 30

    /// Fills an empty tracker with the sample campaigns. Deterministic for a given seed.
    /// The tracker's clock (`tracker.now`) is not used for dates: every date comes from the script.
    ///
    /// The tracker refuses actions dated after its clock's today, so its clock must read a day
    /// after `DemoGenerator.asOf` (2024-09-30); `optout demo` passes the real clock. The history
    /// records the clock's time as the moment each action was entered. Each action is its own
    /// transaction: if this throws, the database holds part of the demo, so build it in a new
    /// file and remove that file on failure.
    public static func populate(_ tracker: Tracker, seed: UInt64 = 2024) throws -> DemoSummary {
        guard tracker.today > asOf else {
            throw TrackerError.invalid("the demo's story runs to \(asOf), but the tracker's clock says today is \(tracker.today); run it with a clock after \(asOf)")
        }
        let (recipientCount, campaignCount) = try tracker.writer.read { db in
            (try Recipient.fetchCount(db), try Campaign.fetchCount(db))
        }
        guard recipientCount == 0, campaignCount == 0 else {
            throw TrackerError.invalid("the demo fills an empty database, and this one has \(recipientCount) recipients and \(campaignCount) campaigns; give `optout demo` a new --db file")
        }

        var random = DemoRandom(seed: seed)
        let catalogue = DemoCatalogue.make(&random)
        let roster = DemoRoster.make(&random)

        let imported = try tracker.importCatalog(.entries(catalogue.catalogue(seed: seed), name: "the demo catalogue"))
        _ = try tracker.importRecipients(roster.recipients)
        var cases = 0
        cases += try tracker.addCampaign(name: aiCampaign, issuer: issuer, category: .aiDeveloper, deadline: aiDeadline,
                                         responseDays: nil, requests: .all, template: nil).casesOpened
        cases += try tracker.addCampaign(name: streamingCampaign, issuer: issuer, category: .streamingService, deadline: nil,
                                         responseDays: streamingResponseDays, requests: Requests.none, template: nil).casesOpened

        // Plan every case's story, then run all actions in date order.
        var scripts: [CaseScript] = []
        var schedule: [Scheduled] = []
        schedule.append(Scheduled(date: aiNoticeDate, rank: 0, script: 0, step: 0, operation: .notices(
            campaign: aiCampaign, targets: .allDrafts, channel: .email, reference: "HMG-TDM-2024")))
        for firm in roster.aiDevelopers {
            var script = CaseScript(recipient: firm.name, campaign: aiCampaign, requestsAll: true, sentOn: aiNoticeDate,
                                    deadline: aiDeadline, lastDay: asOf)
            DemoStories.aiDeveloper(&script, showcase: firm.showcase, catalogue: catalogue, &random)
            scripts.append(script)
        }
        var nextService = 0
        for (batchIndex, batch) in streamingBatches.enumerated() {
            let end = min(nextService + batch.size, roster.streamingServices.count)
            let firms = roster.streamingServices[nextService..<end]
            nextService = end
            guard !firms.isEmpty else { continue }
            schedule.append(Scheduled(date: batch.date, rank: 0, script: batchIndex, step: 0, operation: .notices(
                campaign: streamingCampaign, targets: .named(firms.map(\.name)), channel: batch.channel,
                reference: batch.reference)))
            for firm in firms {
                var script = CaseScript(recipient: firm.name, campaign: streamingCampaign, requestsAll: false,
                                        sentOn: batch.date, deadline: batch.date.adding(days: streamingResponseDays),
                                        lastDay: asOf)
                DemoStories.streamingService(&script, showcase: firm.showcase, &random)
                scripts.append(script)
            }
        }
        for (scriptIndex, script) in scripts.enumerated() {
            for (stepIndex, step) in script.steps.enumerated() {
                schedule.append(Scheduled(date: step.date, rank: 1, script: scriptIndex, step: stepIndex, operation: .step))
            }
        }
        schedule.sort { ($0.date, $0.rank, $0.script, $0.step) < ($1.date, $1.rank, $1.script, $1.step) }

        var summary = DemoSummary(
            recipients: roster.recipients.count, campaigns: [aiCampaign, streamingCampaign], asOf: asOf, issuer: issuer,
            cases: cases, notices: 0, replies: 0, worksDisclosed: 0, extensionsGranted: 0, escalations: 0, resolutions: 0,
            drafts: roster.streamingServices.count - nextService, catalogueWorks: imported.works, examples: roster.examples)
        for item in schedule {
            switch item.operation {
            case .notices(let campaign, let targets, let channel, let reference):
                let sent = try tracker.sendNotices(to: targets, campaign: campaign, date: item.date, channel: channel,
                                                   reference: reference)
                summary.notices += sent.logged.count
            case .step:
                let script = scripts[item.script]
                let step = script.steps[item.step]
                let changed: CaseChanged
                switch step.action {
                case .reply(let kind, let text, let disclosures):
                    changed = try tracker.recordReply(recipient: script.recipient, campaign: script.campaign, date: step.date,
                                                      kind: kind, summary: text, disclosures: disclosures)
                    summary.replies += 1
                    summary.worksDisclosed += disclosures.count
                case .extend(let until, let note):
                    changed = try tracker.grantExtension(recipient: script.recipient, campaign: script.campaign,
                                                         until: until, note: note)
                    summary.extensionsGranted += 1
                case .escalate(let note):
                    changed = try tracker.escalate(recipient: script.recipient, campaign: script.campaign, note: note)
                    summary.escalations += 1
                case .resolve(let reason, let note):
                    changed = try tracker.resolve(recipient: script.recipient, campaign: script.campaign, reason: reason,
                                                  note: note)
                    summary.resolutions += 1
                }
                guard changed.to == step.expected else {
                    throw TrackerError.invalid("the demo script expected the case of \(script.recipient) in \(script.campaign) to be \(step.expected.rawValue) after step \(item.step + 1), but it is \(changed.to.rawValue)")
                }
            }
        }
        return summary
    }

    /// One thing to do on a date: a batch of notices, or one step of a case's script.
    struct Scheduled {
        enum Operation {
            case notices(campaign: String, targets: NoticeTargets, channel: Channel, reference: String)
            case step
        }
        let date: Day
        /// Notices (0) go before the replies (1) of the same day.
        let rank: Int
        let script: Int
        let step: Int
        let operation: Operation
    }
}

// MARK: - The seeded generator

/// SplitMix64: a small seeded generator whose numbers are the same on every machine. The helpers
/// below derive every choice from `next()` alone, so no standard-library algorithm that might change
/// between Swift versions decides the output.
struct DemoRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range` (multiply-shift; the bias is far below what a demo could show).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        let span = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next().multipliedFullWidth(by: span).high)
    }

    /// True `percent` times in a hundred.
    mutating func percent(_ percent: Int) -> Bool { int(0...99) < percent }

    /// One of `items`, or `fallback` when there are none.
    mutating func pick<T>(_ items: [T], else fallback: T) -> T {
        guard !items.isEmpty else { return fallback }
        return items[int(0...(items.count - 1))]
    }

    mutating func pick(_ items: [String]) -> String { pick(items, else: "") }

    /// An index chosen in proportion to `weights` (`nil` when they add up to nothing).
    mutating func index(weightedBy weights: [Int]) -> Int? {
        let total = weights.reduce(0) { $0 + max($1, 0) }
        guard total > 0 else { return nil }
        var roll = int(0...(total - 1))
        for (index, weight) in weights.enumerated() where weight > 0 {
            if roll < weight { return index }
            roll -= weight
        }
        return nil
    }

    /// `count` distinct indices of `0..<size`, in random order.
    mutating func sample(_ count: Int, of size: Int) -> [Int] {
        var indices = Array(0..<size)
        let count = min(max(count, 0), size)
        for i in 0..<count {
            indices.swapAt(i, int(i...(size - 1)))
        }
        return Array(indices[0..<count])
    }

    mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }
}

// MARK: - The recipients

/// A firm the demo adds, with the showcase story it plays, if any.
struct DemoFirm {
    let name: String
    let showcase: Showcase?
}

/// The hand-written firms whose stories the summary points to; every other firm's story is drawn
/// at random.
enum Showcase {
    case partialOverdue, subsidiaryRefusedEscalated, subsidiarySilent, followUpCompleted, noUseConfirmed
    case licensed, escalatedThenReplied, extendedPastAsOf, unidentifiedWork
    case streamingConfirmed, streamingSilent
}

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
            && attempts < 10 * DemoGenerator.subsidiaryCount {
            attempts += 1
            // Groups: parents drawn from the first few dozen firms, so several have more than one.
            let parent = made[random.int(0...min(40, made.count - 1))]
            let place = places[random.int(0...(places.count - 1))]
            guard place.country != parent.country.code else { continue }
            let name = "\(parent.core) \(place.suffix) \(place.legalForm)"
            guard roster.isFree(name) else { continue }
            let country = DemoNames.countries.first { $0.code == place.country } ?? parent.country
            let firm = Made(name: name, core: parent.core, domain: parent.domain, country: country)
            roster.add(roster.recipient(firm, category: .aiDeveloper, parent: parent.name,
                                        mailboxSuffix: DemoText.slug(place.suffix), &random))
            subsidiaries += 1
        }

        // Streaming services, in the order their notices go out (showcases in the first batch).
        var services: [Made] = []
        var stems = DemoNames.streamingStems
        random.shuffle(&stems)
        let regionalArms = [("Japan", "JP", "G.K."), ("Brasil", "BR", "Ltda.")]
        let wanted = DemoGenerator.streamingBatches.reduce(0) { $0 + $1.size } + DemoGenerator.streamingDrafts
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
            let firm = Made(name: name, core: core, domain: DemoText.slug(core) + "." + random.pick(country.domains),
                            country: country)
            services.append(firm)
            roster.add(roster.recipient(firm, category: .streamingService, parent: nil, mailboxSuffix: nil, &random))
        }
        // Two regional arms of the first services.
        for (index, place) in regionalArms.enumerated() where index < services.count {
            let parent = services[index]
            let country = DemoNames.countries.first { $0.code == place.1 } ?? parent.country
            let firm = Made(name: "\(parent.core) \(place.0) \(place.2)", core: parent.core, domain: parent.domain,
                            country: country)
            roster.add(roster.recipient(firm, category: .streamingService, parent: parent.name,
                                        mailboxSuffix: DemoText.slug(place.0), &random))
        }
        // Keep the showcases first, shuffle the rest: that is the order of the notice batches.
        let showcases = roster.streamingServices.filter { $0.showcase != nil }
        var rest = roster.streamingServices.filter { $0.showcase == nil }
        random.shuffle(&rest)
        roster.streamingServices = showcases + rest

        for other in DemoNames.others {
            roster.add(Recipient(name: other.name, category: .other, country: other.country,
                                 email: "info@\(other.domain)", contact: nil, parent: nil))
        }
        return roster
    }

    /// The hand-written firms and the stories the summary tells about them.
    private mutating func addShowcases() {
        let ai = DemoGenerator.aiCampaign
        let streaming = DemoGenerator.streamingCampaign
        func firm(_ name: String, _ category: Category, _ country: String, _ email: String, _ contact: String?,
                  parent: String? = nil, _ showcase: Showcase, story: String?) {
            add(Recipient(name: name, category: category, country: country, email: email, contact: contact, parent: parent),
                showcase: showcase)
            if let story {
                examples.append(DemoExample(recipient: name, campaign: category == .aiDeveloper ? ai : streaming, story: story))
            }
        }
        firm("Vector Lyre Labs", .aiDeveloper, "US", "legal@vectorlyre.ai", "Dana Whitfield", .partialOverdue,
             story: "disclosed twelve works, most of them incomplete; overdue since the deadline")
        firm("Vector Lyre Labs Europe GmbH", .aiDeveloper, "DE", "legal-europe@vectorlyre.ai", "Katrin Becker",
             parent: "Vector Lyre Labs", .subsidiaryRefusedEscalated,
             story: "subsidiary of Vector Lyre Labs: refused, then escalated")
        firm("Vector Lyre Labs UK Ltd", .aiDeveloper, "GB", "legal-uk@vectorlyre.ai", nil,
             parent: "Vector Lyre Labs", .subsidiarySilent, story: nil)
        firm("Müller KI GmbH", .aiDeveloper, "DE", "recht@mueller-ki.de", "Dr. Anja Köhler", .followUpCompleted,
             story: "extension, an incomplete disclosure, then a follow-up that completed it; copies deleted")
        firm("Søndergaard Lydteknik ApS", .aiDeveloper, "DK", "jura@sondergaard-lyd.dk", "Søren Kjær", .noUseConfirmed,
             story: nil)
        firm("Étoile Numérique SAS", .aiDeveloper, "FR", "juridique@etoile-numerique.fr", "Hélène Mercier", .licensed,
             story: "full disclosure with copies still held; closed with a licence")
        firm("Núñez Inteligencia S.L.", .aiDeveloper, "ES", "legal@nunez-ia.es", "Íñigo Núñez", .escalatedThenReplied,
             story: "no reply by the deadline; escalated, then a late refusal")
        firm("Åkesson Röstteknik AB", .aiDeveloper, "SE", "legal@akesson-rost.se", "Åsa Lindqvist", .extendedPastAsOf,
             story: "extension granted to 2024-10-31, so not overdue yet")
        firm("Quill & Fathom Research Ltd", .aiDeveloper, "GB", "counsel@quillfathom.co.uk", "Marcus Pemberton",
             .unidentifiedWork, story: nil)
        firm("Wavelet Music", .streamingService, "US", "trust@waveletmusic.com", "Rachel Okafor", .streamingConfirmed,
             story: "streaming service that confirmed the recommended measures")
        firm("Écoute Libre SAS", .streamingService, "FR", "juridique@ecoute-libre.fr", "Loïc Gauthier", .streamingSilent,
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
        let domain = words.map(DemoText.slug).joined(separator: random.percent(25) ? "-" : "") + "."
            + random.pick(country.domains)
        return Made(name: name, core: core, domain: domain, country: country)
    }

    /// The recipient for a made firm, with a contact and an address at its domain.
    func recipient(_ firm: Made, category: Category, parent: String?, mailboxSuffix: String?,
                   _ random: inout DemoRandom) -> Recipient {
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
        return Recipient(name: firm.name, category: category, country: country, email: email, contact: contact,
                         parent: parent)
    }
}

extension DemoNames {
    /// A country chosen in proportion to one of its weights.
    static func country(weightedBy weight: KeyPath<Country, Int>, _ random: inout DemoRandom) -> Country {
        let index = random.index(weightedBy: countries.map { $0[keyPath: weight] }) ?? 0
        return countries.indices.contains(index) ? countries[index] : fallbackCountry
    }

    static let fallbackCountry = Country(code: "US", aiWeight: 1, streamingWeight: 1, domains: ["com"], legalForms: [""],
                                         localShare: 0, localStems: [], localWords: [], people: .english)
}

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

// MARK: - The works

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
            works.append(Work(title: title, artist: artist.name, isrc: isrc(artist.isrcCountry, year: year, number: works.count + 1),
                              number: works.count + 1))
        }
        return DemoCatalogue(works: works)
    }

    static func isrc(_ country: String, year: Int, number: Int) -> String {
        let digits = String(number)
        return country + "HMG" + (year < 10 ? "0" : "") + String(year) + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
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
        func entry(_ title: String, _ artist: (name: String, isrcCountry: String), isrc: String, year: Int) -> CatalogEntry {
            var digits = (0..<9).map { _ in random.int(0...9) }
            digits.append(Validation.iswcCheckDigit(digits))
            let iswc = random.percent(35) ? "T" + digits.map(String.init).joined() : nil
            let owner = artist.isrcCountry == "GB" || artist.isrcCountry == "IE" ? "Harmonia Records UK"
                : artist.isrcCountry == "US" || artist.isrcCountry == "CA" ? "Harmonia Records US" : "Harmonia Music International"
            return CatalogEntry(title: title, artist: artist.name, isrc: isrc, iswc: iswc, owner: owner, released: "20\(year < 10 ? "0" : "")\(year)")
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
            let title = "\(random.pick(DemoNames.titleFirst)) \(random.pick(DemoNames.titleSecond))\(random.pick(DemoNames.titleEndings))"
            let artist = random.pick(DemoNames.artists, else: (name: "Mara Quill", isrcCountry: "GB"))
            guard seen.insert(NameKey.of(title) + "\u{1F}" + NameKey.of(artist.name)).inserted else { continue }
            number += 1
            let year = random.int(1...24)
            entries.append(entry(title, artist, isrc: Self.isrc(artist.isrcCountry, year: year, number: number), year: year))
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
    func complete(_ work: DemoCatalogue.Work, replyDate: Day, stillHeld: Bool? = nil, withISRC: Bool = false,
                  _ random: inout DemoRandom) -> DisclosureInput {
        var input = DisclosureInput(title: work.title, artist: work.artist, isrc: work.isrc)
        if !withISRC {
            switch random.int(0...99) {
            case 0...11: input.title = nil; input.artist = nil
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
    func withGaps(_ complete: DisclosureInput, work: DemoCatalogue.Work, unidentified: Bool = false,
                  _ random: inout DemoRandom) -> DisclosureInput {
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

// MARK: - Planning a case

/// One case's actions, planned ahead with the state each leaves the case in, so the demo asks the
/// tracker only for what the state machine allows (and checks that the tracker agrees).
struct CaseScript {
    enum Action {
        case reply(ReplyKind, summary: String, disclosures: [DisclosureInput])
        case extend(until: Day, note: String)
        case escalate(note: String)
        case resolve(Resolution, note: String)
    }

    struct Step {
        let date: Day
        let action: Action
        /// The case's state after the step.
        let expected: CaseState
    }

    /// A current (not superseded) disclosure of the case, as the tracker matches them.
    private struct Disclosed {
        let isrc: String?
        let workKey: String?
        let complete: Bool
    }

    let recipient: String
    let campaign: String
    let requestsAll: Bool
    let sentOn: Day
    /// No step is dated after this.
    let lastDay: Day
    private(set) var state: CaseState = .notified
    private(set) var deadline: Day
    /// The date of the last step (the notice's at first).
    private(set) var date: Day
    private(set) var steps: [Step] = []
    private var disclosed: [Disclosed] = []

    init(recipient: String, campaign: String, requestsAll: Bool, sentOn: Day, deadline: Day, lastDay: Day) {
        self.recipient = recipient
        self.campaign = campaign
        self.requestsAll = requestsAll
        self.sentOn = sentOn
        self.deadline = deadline
        self.lastDay = lastDay
        date = sentOn
    }

    /// `days` after the last step.
    func later(_ days: Int) -> Day { date.adding(days: days) }

    /// `days` after the current deadline.
    func afterDeadline(_ days: Int) -> Day { deadline.adding(days: days) }

    /// Whether the story has room for another step before `lastDay`.
    var hasTime: Bool { date < lastDay }

    func allows(_ action: CaseAction) -> Bool { StateMachine.outcome(of: action, from: state) != nil }

    /// The date a step gets: not before the last step, not after `lastDay`.
    private func settle(_ day: Day) -> Day { min(max(day, date), lastDay) }

    private mutating func append(_ action: Action, on day: Day, to next: CaseState) {
        date = settle(day)
        state = next
        steps.append(Step(date: date, action: action, expected: next))
    }

    /// Plans a reply; `false` (and nothing planned) when the case's state does not allow it.
    @discardableResult
    mutating func reply(_ kind: ReplyKind, on day: Day, _ summary: String, _ disclosures: [DisclosureInput] = []) -> Bool {
        guard let outcome = StateMachine.outcome(of: .reply(kind), from: state) else { return false }
        if kind == .disclosure {
            for input in disclosures { supersede(with: input) }
        }
        var next = state
        switch outcome {
        case .moveTo(let moved): next = moved
        case .unchanged: break
        case .fromDisclosures:
            next = !requestsAll || (!disclosed.isEmpty && disclosed.allSatisfy(\.complete)) ? .responded : .incomplete
        }
        append(.reply(kind, summary: summary, disclosures: kind == .disclosure ? disclosures : []), on: max(day, sentOn), to: next)
        return true
    }

    /// Plans an extension to `until`; `false` when not allowed or not later than the deadline.
    @discardableResult
    mutating func extend(until: Day, on day: Day, _ note: String) -> Bool {
        guard allows(.grantExtension), until > deadline else { return false }
        deadline = until
        append(.extend(until: until, note: note), on: day, to: state)
        return true
    }

    @discardableResult
    mutating func escalate(on day: Day, _ note: String) -> Bool {
        guard case .moveTo(let next)? = StateMachine.outcome(of: .escalate, from: state) else { return false }
        append(.escalate(note: note), on: day, to: next)
        return true
    }

    @discardableResult
    mutating func resolve(_ reason: Resolution, on day: Day, _ note: String) -> Bool {
        guard case .moveTo(let next)? = StateMachine.outcome(of: .resolve, from: state) else { return false }
        append(.resolve(reason, note: note), on: day, to: next)
        return true
    }

    /// What the tracker does with a new disclosure: it replaces the current one of the same work
    /// (same ISRC; else, where either lacks one, same title and artist).
    private mutating func supersede(with input: DisclosureInput) {
        let key = input.title.flatMap { title in input.artist.map { NameKey.of(title) + "\u{1F}" + NameKey.of($0) } }
        if input.isrc != nil || key != nil {
            disclosed.removeAll { old in
                if let isrc = input.isrc, old.isrc == isrc { return true }
                return (input.isrc == nil || old.isrc == nil) && key != nil && old.workKey == key
            }
        }
        let record = Disclosure(replyId: 0, caseId: 0, title: input.title, artist: input.artist, isrc: input.isrc,
                                workKey: key, accessMethod: input.accessMethod, copiesMade: input.copiesMade,
                                copiesExist: input.copiesExist, heldFrom: input.heldFrom, heldUntil: input.heldUntil,
                                justification: input.justification)
        disclosed.append(Disclosed(isrc: input.isrc, workKey: key, complete: record.isComplete))
    }
}

// MARK: - The stories

/// The stories cases follow, drawn at random in realistic proportions, and the fixed stories of
/// the showcase firms.
enum DemoStories {
    /// Deadlines an extension may run to.
    static let extensionDeadlines = [
        Day(year: 2024, month: 7, day: 15), Day(year: 2024, month: 7, day: 31), Day(year: 2024, month: 8, day: 15),
        Day(year: 2024, month: 8, day: 30), Day(year: 2024, month: 10, day: 15), Day(year: 2024, month: 10, day: 31),
    ]

    static func newDeadline(after current: Day, _ random: inout DemoRandom) -> Day {
        let later = extensionDeadlines.filter { $0 > current }
        return random.pick(later, else: current.adding(days: 30))
    }

    static func extensionNote(_ random: inout DemoRandom) -> String {
        random.pick(["Granted on request", "Granted once; no further extension", "Granted to allow the data audit",
                     "Granted at counsel's request"])
    }

    // MARK: AI developers

    static func aiDeveloper(_ script: inout CaseScript, showcase: Showcase?, catalogue: DemoCatalogue,
                            _ random: inout DemoRandom) {
        if let showcase {
            aiShowcase(&script, showcase, catalogue: catalogue, &random)
            return
        }
        switch random.int(0...99) {
        case 0...29: silent(&script, &random)
        case 30...41: acknowledgedOnly(&script, &random)
        case 42...60: noUse(&script, &random)
        case 61...69: refusal(&script, catalogue: catalogue, &random)
        case 70...78: fullDisclosure(&script, catalogue: catalogue, &random)
        case 79...90: partialDisclosure(&script, catalogue: catalogue, &random)
        case 91...97: extensionFirst(&script, catalogue: catalogue, &random)
        default: withdrawn(&script, &random)
        }
    }

    /// No reply: overdue; some are escalated, and a few of those answer late.
    static func silent(_ script: inout CaseScript, _ random: inout DemoRandom) {
        guard random.percent(22) else { return }
        script.escalate(on: script.afterDeadline(random.int(10...90)),
                        random.pick(["No reply by the deadline; referred to outside counsel",
                                     "No reply after a reminder; escalated", "Silent past the deadline; escalated"]))
        if random.percent(20) {
            let kind = random.pick([ReplyKind.refusal, .acknowledgement, .extensionRequest], else: .refusal)
            script.reply(kind, on: script.later(random.int(5...40)), random.pick(DemoNames.afterEscalation))
        }
        if random.percent(10) {
            script.resolve(.settled, on: script.later(random.int(20...60)), "Settlement signed")
        }
    }

    /// Acknowledged, then nothing more; some ask for and get more time, some are escalated.
    static func acknowledgedOnly(_ script: inout CaseScript, _ random: inout DemoRandom) {
        script.reply(.acknowledgement, on: script.later(random.int(1...20)), random.pick(DemoNames.acknowledgements))
        switch random.int(0...99) {
        case 0...29:
            script.reply(.extensionRequest, on: script.later(random.int(2...15)), random.pick(DemoNames.extensionRequests))
            script.extend(until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                          extensionNote(&random))
            if script.deadline < DemoGenerator.asOf && random.percent(30) {
                script.escalate(on: script.afterDeadline(random.int(10...45)), "Deadline passed after the extension; escalated")
            }
        case 30...44:
            script.escalate(on: script.afterDeadline(random.int(15...80)), "Acknowledged but never answered; escalated")
        default:
            break
        }
    }

    /// An attestation of no use, sometimes late; many are then closed.
    static func noUse(_ script: inout CaseScript, _ random: inout DemoRandom) {
        if random.percent(40) {
            script.reply(.acknowledgement, on: script.later(random.int(1...14)), random.pick(DemoNames.acknowledgements))
        }
        let day = random.percent(10) ? script.afterDeadline(random.int(5...60)) : script.later(random.int(5...30))
        script.reply(.noUse, on: day, random.pick(DemoNames.noUseAttestations))
        if random.percent(50) {
            script.resolve(.noUseConfirmed, on: script.later(random.int(5...40)),
                           random.pick(["No-use attestation accepted", "Attestation checked against crawler logs; accepted"]))
        }
    }

    /// A refusal: some are escalated (a few then settle or license), some change their mind.
    static func refusal(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) {
        if random.percent(30) {
            script.reply(.acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
        }
        script.reply(.refusal, on: script.later(random.int(7...30)), random.pick(DemoNames.refusals))
        switch random.int(0...99) {
        case 0...39:
            script.escalate(on: script.later(random.int(10...60)), "Refusal referred to litigation counsel")
            switch random.int(0...99) {
            case 0...19: script.resolve(.settled, on: script.later(random.int(20...70)), "Settlement signed")
            case 20...29: script.resolve(.licensed, on: script.later(random.int(20...70)), "Licence agreed after escalation")
            default: break
            }
        case 40...54:
            let maker = DemoDisclosures(&random)
            let day = script.later(random.int(20...80))
            let works = catalogue.sample(DemoDisclosures.count(&random), &random)
            let disclosures = works.map { work -> DisclosureInput in
                let full = maker.complete(work, replyDate: day, &random)
                return random.percent(30) ? maker.withGaps(full, work: work, &random) : full
            }
            script.reply(.disclosure, on: day, "Discloses after its refusal, on the advice of new counsel", disclosures)
        case 55...64:
            script.reply(.noUse, on: script.later(random.int(15...60)), "Withdraws its refusal and attests that it used none of the content")
        default:
            break
        }
    }

    /// A complete disclosure; many end in a licence, deleted copies or a settlement.
    static func fullDisclosure(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) {
        if random.percent(35) {
            script.reply(.acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
        }
        if random.percent(15) {
            script.reply(.extensionRequest, on: script.later(random.int(3...15)), random.pick(DemoNames.extensionRequests))
            script.extend(until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                          extensionNote(&random))
        }
        let maker = DemoDisclosures(&random)
        let day = script.later(random.int(7...35))
        let works = catalogue.sample(DemoDisclosures.count(&random), &random)
        script.reply(.disclosure, on: day, random.pick(DemoNames.completeDisclosures),
                     works.map { maker.complete($0, replyDate: day, &random) })
        switch random.int(0...99) {
        case 0...24:
            script.resolve(.licensed, on: script.later(random.int(15...90)), "Licence agreed for the works disclosed")
        case 25...39:
            script.resolve(.copiesDeleted, on: script.later(random.int(10...60)), "Deletion of all copies certified")
        case 40...47:
            script.resolve(.settled, on: script.later(random.int(20...90)), "Settlement signed")
        case 48...59:
            let later = script.later(random.int(10...60))
            let more = catalogue.sample(random.int(1...4), &random)
                .map { maker.complete($0, replyDate: later, &random) }
            script.reply(.disclosure, on: later, random.pick(DemoNames.supplements), more)
        default:
            break
        }
    }

    /// A disclosure with gaps: some complete it with a follow-up, some get more time, some are
    /// escalated, the rest stay incomplete and overdue.
    static func partialDisclosure(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) {
        if random.percent(35) {
            script.reply(.acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
        }
        let ending = random.int(0...99)
        let maker = DemoDisclosures(&random)
        let day = script.later(random.int(14...40))
        let works = catalogue.sample(DemoDisclosures.count(&random), &random)
        var sent: [DisclosureInput] = []
        var completions: [DisclosureInput] = []
        for (index, work) in works.enumerated() {
            let full = maker.complete(work, replyDate: day, withISRC: true, &random)
            // The first work always has a gap; about half the others do.
            if index == 0 || random.percent(50) {
                let unidentified = ending >= 60 && random.percent(10)
                sent.append(maker.withGaps(full, work: work, unidentified: unidentified, &random))
                completions.append(full)
            } else {
                sent.append(full)
            }
        }
        script.reply(.disclosure, on: day, random.pick(DemoNames.partialDisclosures), sent)
        switch ending {
        case 0...39:
            script.reply(.disclosure, on: script.later(random.int(10...60)), random.pick(DemoNames.followUps), completions)
            if random.percent(30) {
                let reason = random.pick([Resolution.licensed, .copiesDeleted], else: .licensed)
                script.resolve(reason, on: script.later(random.int(10...50)),
                               reason == .licensed ? "Licence agreed for the works disclosed" : "Deletion of all copies certified")
            }
        case 40...59:
            script.reply(.extensionRequest, on: script.later(random.int(2...10)), random.pick(DemoNames.extensionRequests))
            script.extend(until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                          extensionNote(&random))
            if random.percent(50) && script.later(10) < script.deadline {
                script.reply(.disclosure, on: script.later(random.int(5...25)), random.pick(DemoNames.followUps), completions)
            }
        case 60...74:
            script.escalate(on: script.later(random.int(20...70)), "Incomplete disclosure and no follow-up; escalated")
        default:
            break
        }
    }

    /// Asks for more time before anything else; some then answer, some do not.
    static func extensionFirst(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) {
        script.reply(.extensionRequest, on: script.later(random.int(5...28)), random.pick(DemoNames.extensionRequests))
        script.extend(until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...5)),
                      extensionNote(&random))
        guard random.percent(50) else { return }
        let day = min(script.later(random.int(10...45)), script.deadline)
        switch random.int(0...99) {
        case 0...34:
            let maker = DemoDisclosures(&random)
            let works = catalogue.sample(DemoDisclosures.count(&random), &random)
            script.reply(.disclosure, on: day, random.pick(DemoNames.completeDisclosures),
                         works.map { maker.complete($0, replyDate: day, &random) })
        case 35...69:
            script.reply(.noUse, on: day, random.pick(DemoNames.noUseAttestations))
        default:
            let maker = DemoDisclosures(&random)
            let works = catalogue.sample(DemoDisclosures.count(&random), &random)
            script.reply(.disclosure, on: day, random.pick(DemoNames.partialDisclosures),
                         works.map { maker.withGaps(maker.complete($0, replyDate: day, &random), work: $0, &random) })
        }
    }

    /// The notice should not have gone out (or the firm is gone): the case is closed.
    static func withdrawn(_ script: inout CaseScript, _ random: inout DemoRandom) {
        script.resolve(.withdrawn, on: script.later(random.int(3...40)),
                       random.pick(["Notice withdrawn: the company was dissolved",
                                    "Withdrawn: the notice went to the wrong entity",
                                    "Withdrawn: covered by its parent company's case",
                                    "Withdrawn: the firm does not develop AI systems"]))
    }

    static func aiShowcase(_ script: inout CaseScript, _ showcase: Showcase, catalogue: DemoCatalogue,
                           _ random: inout DemoRandom) {
        func day(_ month: Int, _ day: Int) -> Day { Day(year: 2024, month: month, day: day) }
        switch showcase {
        case .partialOverdue:
            script.reply(.acknowledgement, on: day(5, 20), "Acknowledged through outside counsel")
            let maker = DemoDisclosures(usualMethod: .webScrape)
            let works = catalogue.sample(12, &random)
            let disclosures = works.enumerated().map { index, work -> DisclosureInput in
                let full = maker.complete(work, replyDate: day(6, 12), withISRC: true, &random)
                return index < 8 ? maker.withGaps(full, work: work, &random) : full
            }
            script.reply(.disclosure, on: day(6, 12), "Partial disclosure; states the crawl logs are still being reviewed",
                         disclosures)
        case .subsidiaryRefusedEscalated:
            script.reply(.refusal, on: day(6, 10), "Declines: refers all questions to its parent company")
            script.escalate(on: day(7, 2), "Refusal referred to litigation counsel")
        case .subsidiarySilent:
            break
        case .followUpCompleted:
            script.reply(.acknowledgement, on: day(5, 21), "Eingang bestätigt; acknowledges receipt")
            script.reply(.extensionRequest, on: day(6, 5), "Asks for a month to finish its training-data audit")
            script.extend(until: day(7, 15), on: day(6, 7), "Granted to allow the data audit")
            let maker = DemoDisclosures(usualMethod: .thirdPartyDataset)
            let works = catalogue.sample(3, &random)
            let complete = works.map { maker.complete($0, replyDate: day(7, 10), stillHeld: false, withISRC: true, &random) }
            let gapped = zip(works, complete).map { work, full in maker.withGaps(full, work: work, &random) }
            script.reply(.disclosure, on: day(7, 10), "Discloses three works; copy counts and dates to follow", gapped)
            script.reply(.disclosure, on: day(7, 29), "Follow-up with the missing copy counts and dates", complete)
            script.resolve(.copiesDeleted, on: day(8, 20), "Deletion of all copies certified")
        case .noUseConfirmed:
            script.reply(.noUse, on: day(6, 3), "Attests that its speech models never used music or lyrics")
            script.resolve(.noUseConfirmed, on: day(6, 20), "No-use attestation accepted")
        case .licensed:
            script.reply(.acknowledgement, on: day(5, 17), "Acknowledges receipt; proposes a call")
            let maker = DemoDisclosures(usualMethod: .licensedDataset)
            let works = catalogue.sample(5, &random)
            script.reply(.disclosure, on: day(6, 13), "Full disclosure; copies kept pending a licence",
                         works.map { maker.complete($0, replyDate: day(6, 13), stillHeld: true, withISRC: true, &random) })
            script.resolve(.licensed, on: day(9, 2), "Licence agreed for the training catalogue")
        case .escalatedThenReplied:
            script.escalate(on: day(7, 15), "No reply by the deadline; referred to outside counsel")
            script.reply(.refusal, on: day(8, 1), "Replies after escalation, through litigation counsel")
        case .extendedPastAsOf:
            script.reply(.extensionRequest, on: day(6, 7), "Asks for time until after its model release")
            script.extend(until: day(10, 31), on: day(6, 10), "Granted once; no further extension")
        case .unidentifiedWork:
            let maker = DemoDisclosures(usualMethod: .userUpload)
            let works = catalogue.sample(4, &random)
            let disclosures = works.enumerated().map { index, work -> DisclosureInput in
                let full = maker.complete(work, replyDate: day(6, 14), withISRC: true, &random)
                return index == 0 ? maker.withGaps(full, work: work, unidentified: true, &random) : full
            }
            script.reply(.disclosure, on: day(6, 14), "Discloses four works; cannot identify the artist of one", disclosures)
        case .streamingConfirmed, .streamingSilent:
            break
        }
    }

    // MARK: Streaming services

    static func streamingService(_ script: inout CaseScript, showcase: Showcase?, _ random: inout DemoRandom) {
        switch showcase {
        case .streamingConfirmed?:
            script.reply(.acknowledgement, on: Day(year: 2024, month: 5, day: 20), "Acknowledged; forwarded to its trust and safety team")
            script.reply(.noUse, on: Day(year: 2024, month: 6, day: 10), "Confirms the recommended measures are in place")
            return
        case .some:
            return
        case nil:
            break
        }
        switch random.int(0...99) {
        case 0...44:
            if random.percent(30) {
                script.reply(.acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.streamingAcknowledgements))
            }
            let kind: ReplyKind = random.percent(70) ? .noUse : .disclosure
            script.reply(kind, on: script.later(random.int(3...30)), random.pick(DemoNames.streamingConfirmations))
            if random.percent(40) {
                script.resolve(.noUseConfirmed, on: script.later(random.int(5...30)), "Confirmation accepted; no further action")
            }
        case 45...56:
            script.reply(.acknowledgement, on: script.later(random.int(2...15)), random.pick(DemoNames.streamingAcknowledgements))
        case 57...76:
            if random.percent(15) {
                script.escalate(on: script.afterDeadline(random.int(15...60)), "No reply to the advisory letter; escalated")
            }
        case 77...82:
            script.reply(.refusal, on: script.later(random.int(5...25)), random.pick(DemoNames.streamingRefusals))
            if random.percent(50) {
                script.escalate(on: script.later(random.int(10...40)), "Refusal referred to the licensing team and counsel")
            }
        case 83...92:
            script.reply(.extensionRequest, on: script.later(random.int(5...25)), random.pick(DemoNames.streamingExtensionRequests))
            script.extend(until: script.afterDeadline(30), on: script.later(random.int(1...3)), extensionNote(&random))
            if random.percent(50) {
                script.reply(.noUse, on: script.later(random.int(5...30)), random.pick(DemoNames.streamingConfirmations))
            }
        default:
            script.reply(.acknowledgement, on: script.later(random.int(2...10)), random.pick(DemoNames.streamingAcknowledgements))
            script.resolve(.licensed, on: script.later(random.int(20...60)), "Agreed licensing terms for AI features")
        }
    }
}
