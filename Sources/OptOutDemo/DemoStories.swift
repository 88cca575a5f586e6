import Foundation
import OptOutKit

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
        random.pick([
            "Granted on request", "Granted once; no further extension", "Granted to allow the data audit",
            "Granted at counsel's request",
        ])
    }

    // MARK: AI developers

    static func aiDeveloper(
        _ script: inout CaseScript, showcase: Showcase?, catalogue: DemoCatalogue,
        _ random: inout DemoRandom
    ) throws {
        if let showcase {
            try aiShowcase(&script, showcase, catalogue: catalogue, &random)
            return
        }
        switch random.int(0...99) {
        case 0...29: try silent(&script, &random)
        case 30...41: try acknowledgedOnly(&script, &random)
        case 42...60: try noUse(&script, &random)
        case 61...69: try refusal(&script, catalogue: catalogue, &random)
        case 70...78: try fullDisclosure(&script, catalogue: catalogue, &random)
        case 79...90: try partialDisclosure(&script, catalogue: catalogue, &random)
        case 91...97: try extensionFirst(&script, catalogue: catalogue, &random)
        default: try withdrawn(&script, &random)
        }
    }

    /// No reply: overdue; some are escalated, and a few of those answer late.
    static func silent(_ script: inout CaseScript, _ random: inout DemoRandom) throws {
        guard random.percent(22) else { return }
        try script.escalate(
            on: script.afterDeadline(random.int(10...90)),
            random.pick([
                "No reply by the deadline; referred to outside counsel",
                "No reply after a reminder; escalated", "Silent past the deadline; escalated",
            ]))
        if random.percent(20) {
            let kind = random.pick([ReplyKind.refusal, .acknowledgement, .extensionRequest], else: .refusal)
            try script.reply(kind, on: script.later(random.int(5...40)), random.pick(DemoNames.afterEscalation))
        }
        if random.percent(10) {
            try script.resolve(.settled, on: script.later(random.int(20...60)), "Settlement signed")
        }
    }

    /// Acknowledged, then nothing more; some ask for and get more time, some are escalated.
    static func acknowledgedOnly(_ script: inout CaseScript, _ random: inout DemoRandom) throws {
        try script.reply(
            .acknowledgement, on: script.later(random.int(1...20)), random.pick(DemoNames.acknowledgements))
        switch random.int(0...99) {
        case 0...29:
            try script.reply(
                .extensionRequest, on: script.later(random.int(2...15)), random.pick(DemoNames.extensionRequests))
            try script.extend(
                until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                extensionNote(&random))
            if script.deadline < DemoGenerator.asOf && random.percent(30) {
                try script.escalate(
                    on: script.afterDeadline(random.int(10...45)), "Deadline passed after the extension; escalated")
            }
        case 30...44:
            try script.escalate(
                on: script.afterDeadline(random.int(15...80)), "Acknowledged but never answered; escalated")
        default:
            break
        }
    }

    /// An attestation of no use, sometimes late; many are then closed.
    static func noUse(_ script: inout CaseScript, _ random: inout DemoRandom) throws {
        if random.percent(40) {
            try script.reply(
                .acknowledgement, on: script.later(random.int(1...14)), random.pick(DemoNames.acknowledgements))
        }
        let day = random.percent(10) ? script.afterDeadline(random.int(5...60)) : script.later(random.int(5...30))
        try script.reply(.noUse, on: day, random.pick(DemoNames.noUseAttestations))
        if random.percent(50) {
            try script.resolve(
                .noUseConfirmed, on: script.later(random.int(5...40)),
                random.pick(["No-use attestation accepted", "Attestation checked against crawler logs; accepted"]))
        }
    }

    /// A refusal: some are escalated (a few then settle or license), some change their mind.
    static func refusal(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) throws {
        if random.percent(30) {
            try script.reply(
                .acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
        }
        try script.reply(.refusal, on: script.later(random.int(7...30)), random.pick(DemoNames.refusals))
        switch random.int(0...99) {
        case 0...39:
            try script.escalate(on: script.later(random.int(10...60)), "Refusal referred to litigation counsel")
            switch random.int(0...99) {
            case 0...19: try script.resolve(.settled, on: script.later(random.int(20...70)), "Settlement signed")
            case 20...29:
                try script.resolve(.licensed, on: script.later(random.int(20...70)), "Licence agreed after escalation")
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
            try script.reply(
                .disclosure, on: day, "Discloses after its refusal, on the advice of new counsel", disclosures)
        case 55...64:
            try script.reply(
                .noUse, on: script.later(random.int(15...60)),
                "Withdraws its refusal and attests that it used none of the content")
        default:
            break
        }
    }

    /// A complete disclosure; many end in a licence, deleted copies or a settlement.
    static func fullDisclosure(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) throws
    {
        if random.percent(35) {
            try script.reply(
                .acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
        }
        if random.percent(15) {
            try script.reply(
                .extensionRequest, on: script.later(random.int(3...15)), random.pick(DemoNames.extensionRequests))
            try script.extend(
                until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                extensionNote(&random))
        }
        let maker = DemoDisclosures(&random)
        let day = script.later(random.int(7...35))
        let works = catalogue.sample(DemoDisclosures.count(&random), &random)
        try script.reply(
            .disclosure, on: day, random.pick(DemoNames.completeDisclosures),
            works.map { maker.complete($0, replyDate: day, &random) })
        switch random.int(0...99) {
        case 0...24:
            try script.resolve(
                .licensed, on: script.later(random.int(15...90)), "Licence agreed for the works disclosed")
        case 25...39:
            try script.resolve(
                .copiesDeleted, on: script.later(random.int(10...60)), "Deletion of all copies certified")
        case 40...47:
            try script.resolve(.settled, on: script.later(random.int(20...90)), "Settlement signed")
        case 48...59:
            let later = script.later(random.int(10...60))
            let more = catalogue.sample(random.int(1...4), &random)
                .map { maker.complete($0, replyDate: later, &random) }
            try script.reply(.disclosure, on: later, random.pick(DemoNames.supplements), more)
        default:
            break
        }
    }

    /// A disclosure with gaps: some complete it with a follow-up, some get more time, some are
    /// escalated, the rest stay incomplete and overdue.
    static func partialDisclosure(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom)
        throws
    {
        if random.percent(35) {
            try script.reply(
                .acknowledgement, on: script.later(random.int(1...10)), random.pick(DemoNames.acknowledgements))
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
        try script.reply(.disclosure, on: day, random.pick(DemoNames.partialDisclosures), sent)
        switch ending {
        case 0...39:
            try script.reply(
                .disclosure, on: script.later(random.int(10...60)), random.pick(DemoNames.followUps), completions)
            if random.percent(30) {
                let reason = random.pick([Resolution.licensed, .copiesDeleted], else: .licensed)
                try script.resolve(
                    reason, on: script.later(random.int(10...50)),
                    reason == .licensed ? "Licence agreed for the works disclosed" : "Deletion of all copies certified")
            }
        case 40...59:
            try script.reply(
                .extensionRequest, on: script.later(random.int(2...10)), random.pick(DemoNames.extensionRequests))
            try script.extend(
                until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...4)),
                extensionNote(&random))
            if random.percent(50) && script.later(10) < script.deadline {
                try script.reply(
                    .disclosure, on: script.later(random.int(5...25)), random.pick(DemoNames.followUps), completions)
            }
        case 60...74:
            try script.escalate(
                on: script.later(random.int(20...70)), "Incomplete disclosure and no follow-up; escalated")
        default:
            break
        }
    }

    /// Asks for more time before anything else; some then answer, some do not.
    static func extensionFirst(_ script: inout CaseScript, catalogue: DemoCatalogue, _ random: inout DemoRandom) throws
    {
        try script.reply(
            .extensionRequest, on: script.later(random.int(5...28)), random.pick(DemoNames.extensionRequests))
        try script.extend(
            until: newDeadline(after: script.deadline, &random), on: script.later(random.int(1...5)),
            extensionNote(&random))
        guard random.percent(50) else { return }
        let day = min(script.later(random.int(10...45)), script.deadline)
        switch random.int(0...99) {
        case 0...34:
            let maker = DemoDisclosures(&random)
            let works = catalogue.sample(DemoDisclosures.count(&random), &random)
            try script.reply(
                .disclosure, on: day, random.pick(DemoNames.completeDisclosures),
                works.map { maker.complete($0, replyDate: day, &random) })
        case 35...69:
            try script.reply(.noUse, on: day, random.pick(DemoNames.noUseAttestations))
        default:
            let maker = DemoDisclosures(&random)
            let works = catalogue.sample(DemoDisclosures.count(&random), &random)
            try script.reply(
                .disclosure, on: day, random.pick(DemoNames.partialDisclosures),
                works.map { maker.withGaps(maker.complete($0, replyDate: day, &random), work: $0, &random) })
        }
    }

    /// The notice should not have gone out (or the firm is gone): the case is closed.
    static func withdrawn(_ script: inout CaseScript, _ random: inout DemoRandom) throws {
        try script.resolve(
            .withdrawn, on: script.later(random.int(3...40)),
            random.pick([
                "Notice withdrawn: the company was dissolved",
                "Withdrawn: the notice went to the wrong entity",
                "Withdrawn: covered by its parent company's case",
                "Withdrawn: the firm does not develop AI systems",
            ]))
    }

    static func aiShowcase(
        _ script: inout CaseScript, _ showcase: Showcase, catalogue: DemoCatalogue,
        _ random: inout DemoRandom
    ) throws {
        func day(_ month: Int, _ day: Int) -> Day { Day(year: 2024, month: month, day: day) }
        switch showcase {
        case .partialOverdue:
            try script.reply(.acknowledgement, on: day(5, 20), "Acknowledged through outside counsel")
            let maker = DemoDisclosures(usualMethod: .webScrape)
            let works = catalogue.sample(12, &random)
            let disclosures = works.enumerated().map { index, work -> DisclosureInput in
                let full = maker.complete(work, replyDate: day(6, 12), withISRC: true, &random)
                return index < 8 ? maker.withGaps(full, work: work, &random) : full
            }
            try script.reply(
                .disclosure, on: day(6, 12), "Partial disclosure; states the crawl logs are still being reviewed",
                disclosures)
        case .subsidiaryRefusedEscalated:
            try script.reply(.refusal, on: day(6, 10), "Declines: refers all questions to its parent company")
            try script.escalate(on: day(7, 2), "Refusal referred to litigation counsel")
        case .subsidiarySilent:
            break
        case .followUpCompleted:
            try script.reply(.acknowledgement, on: day(5, 21), "Eingang bestätigt; acknowledges receipt")
            try script.reply(.extensionRequest, on: day(6, 5), "Asks for a month to finish its training-data audit")
            try script.extend(until: day(7, 15), on: day(6, 7), "Granted to allow the data audit")
            let maker = DemoDisclosures(usualMethod: .thirdPartyDataset)
            let works = catalogue.sample(3, &random)
            let complete = works.map {
                maker.complete($0, replyDate: day(7, 10), stillHeld: false, withISRC: true, &random)
            }
            let gapped = zip(works, complete).map { work, full in maker.withGaps(full, work: work, &random) }
            try script.reply(
                .disclosure, on: day(7, 10), "Discloses three works; copy counts and dates to follow", gapped)
            try script.reply(.disclosure, on: day(7, 29), "Follow-up with the missing copy counts and dates", complete)
            try script.resolve(.copiesDeleted, on: day(8, 20), "Deletion of all copies certified")
        case .noUseConfirmed:
            try script.reply(.noUse, on: day(6, 3), "Attests that its speech models never used music or lyrics")
            try script.resolve(.noUseConfirmed, on: day(6, 20), "No-use attestation accepted")
        case .licensed:
            try script.reply(.acknowledgement, on: day(5, 17), "Acknowledges receipt; proposes a call")
            let maker = DemoDisclosures(usualMethod: .licensedDataset)
            let works = catalogue.sample(5, &random)
            try script.reply(
                .disclosure, on: day(6, 13), "Full disclosure; copies kept pending a licence",
                works.map { maker.complete($0, replyDate: day(6, 13), stillHeld: true, withISRC: true, &random) })
            try script.resolve(.licensed, on: day(9, 2), "Licence agreed for the training catalogue")
        case .escalatedThenReplied:
            try script.escalate(on: day(7, 15), "No reply by the deadline; referred to outside counsel")
            try script.reply(.refusal, on: day(8, 1), "Replies after escalation, through litigation counsel")
        case .extendedPastAsOf:
            try script.reply(.extensionRequest, on: day(6, 7), "Asks for time until after its model release")
            try script.extend(until: day(10, 31), on: day(6, 10), "Granted once; no further extension")
        case .unidentifiedWork:
            let maker = DemoDisclosures(usualMethod: .userUpload)
            let works = catalogue.sample(4, &random)
            let disclosures = works.enumerated().map { index, work -> DisclosureInput in
                let full = maker.complete(work, replyDate: day(6, 14), withISRC: true, &random)
                return index == 0 ? maker.withGaps(full, work: work, unidentified: true, &random) : full
            }
            try script.reply(
                .disclosure, on: day(6, 14), "Discloses four works; cannot identify the artist of one", disclosures)
        case .streamingConfirmed, .streamingSilent:
            break
        }
    }

    // MARK: Streaming services

    static func streamingService(_ script: inout CaseScript, showcase: Showcase?, _ random: inout DemoRandom) throws {
        switch showcase {
        case .streamingConfirmed?:
            try script.reply(
                .acknowledgement, on: Day(year: 2024, month: 5, day: 20),
                "Acknowledged; forwarded to its trust and safety team")
            try script.reply(
                .noUse, on: Day(year: 2024, month: 6, day: 10), "Confirms the recommended measures are in place")
            return
        case .some:
            return
        case nil:
            break
        }
        switch random.int(0...99) {
        case 0...44:
            if random.percent(30) {
                try script.reply(
                    .acknowledgement, on: script.later(random.int(1...10)),
                    random.pick(DemoNames.streamingAcknowledgements))
            }
            let kind: ReplyKind = random.percent(70) ? .noUse : .disclosure
            try script.reply(kind, on: script.later(random.int(3...30)), random.pick(DemoNames.streamingConfirmations))
            if random.percent(40) {
                try script.resolve(
                    .noUseConfirmed, on: script.later(random.int(5...30)), "Confirmation accepted; no further action")
            }
        case 45...56:
            try script.reply(
                .acknowledgement, on: script.later(random.int(2...15)), random.pick(DemoNames.streamingAcknowledgements)
            )
        case 57...76:
            if random.percent(15) {
                try script.escalate(
                    on: script.afterDeadline(random.int(15...60)), "No reply to the advisory letter; escalated")
            }
        case 77...82:
            try script.reply(.refusal, on: script.later(random.int(5...25)), random.pick(DemoNames.streamingRefusals))
            if random.percent(50) {
                try script.escalate(
                    on: script.later(random.int(10...40)), "Refusal referred to the licensing team and counsel")
            }
        case 83...92:
            try script.reply(
                .extensionRequest, on: script.later(random.int(5...25)),
                random.pick(DemoNames.streamingExtensionRequests))
            try script.extend(
                until: script.afterDeadline(30), on: script.later(random.int(1...3)), extensionNote(&random))
            if random.percent(50) {
                try script.reply(
                    .noUse, on: script.later(random.int(5...30)), random.pick(DemoNames.streamingConfirmations))
            }
        default:
            try script.reply(
                .acknowledgement, on: script.later(random.int(2...10)), random.pick(DemoNames.streamingAcknowledgements)
            )
            try script.resolve(
                .licensed, on: script.later(random.int(20...60)), "Agreed licensing terms for AI features")
        }
    }
}
