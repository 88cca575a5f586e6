import ArgumentParser
import OptOutKit

extension OptOut.Campaign {
    /// `optout campaign follow-up`.
    struct FollowUp: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "follow-up",
            abstract:
                "Set a campaign's follow-up ladder: reminders before and after a case's deadline, and escalation.",
            discussion: """
                The steps given replace the campaign's ladder. Days are calendar days from a case's current
                deadline; a step applies while the case awaits an answer, once per deadline. `optout agenda`
                lists what is due; `optout agenda run --yes` does it.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The campaign, by name or id.") var campaign: String
        @Option(help: ArgumentHelp("Remind so many days before the deadline (e.g. 7,1).", valueName: "days,..."))
        var remindBefore: String?
        @Option(help: ArgumentHelp("Remind so many days after the deadline (e.g. 3,10).", valueName: "days,..."))
        var remindAfter: String?
        @Option(help: ArgumentHelp("Escalate so many days after the deadline.", valueName: "days"))
        var escalateAfter: String?
        @Flag(help: "Clear the ladder.") var off = false

        func run() throws {
            let ladder = try FollowUpLadder.given(
                remindBefore: remindBefore, remindAfter: remindAfter, escalateAfter: escalateAfter)
            if off && !ladder.isEmpty { throw FollowUpError.offWithSteps }
            if !off && ladder.isEmpty { throw FollowUpError.nothingToSet(campaign: campaign) }
            emit(Messages.followUpSet(try database.open().setFollowUp(campaign: campaign, ladder: ladder)))
        }
    }
}
