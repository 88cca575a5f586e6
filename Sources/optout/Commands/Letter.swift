import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout letter`: print a case's letter, or check that a file is a letter that was logged.
    struct Letter: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "letter",
            abstract:
                "Print the campaign's letter for a recipient; `notice send` stores the SHA-256 of exactly this text.",
            discussion: """
                Once the notice is logged, the letter is printed as it was logged (its date, deadline and
                reference). --reminder prints the reminder instead. --verify FILE says whether FILE is,
                byte for byte, a letter logged for the case; a FILE ending in .eml, whether it is a
                message delivered for the case (`notice send --deliver`) whose body is the logged letter.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Option(help: "The campaign (may be left out while the recipient has one case).") var campaign: String?
        @Option(help: "The letter's date (default: the logged letter's date, else today).", transform: parseDay)
        var date: Day?
        @Flag(help: "The reminder of the case's deadline instead of the notice.") var reminder = false
        @Option(
            help: ArgumentHelp(
                "Check that this file is a letter logged for the case (exit 1 if not).", valueName: "file"))
        var verify: String?
        @OptionGroup var templates: TemplateOptions

        func validate() throws {
            if verify != nil && (date != nil || reminder) {
                throw ValidationError(
                    "--verify checks a file against every letter logged for the case; leave out --date and --reminder")
            }
        }

        func run() throws {
            let tracker = try database.open(.read, templates: templates)
            if let verify, verify.lowercased().hasSuffix(".eml") {
                let found = try tracker.verifyMessage(recipient: recipient, campaign: campaign, file: verify)
                return emit(Messages.messageVerified(found, file: verify))
            }
            if let verify {
                let found = try tracker.verifyLetter(recipient: recipient, campaign: campaign, file: verify)
                return emit(Messages.letterVerified(found, file: verify))
            }
            let printed = try tracker.letter(recipient: recipient, campaign: campaign, date: date, reminder: reminder)
            emitVerbatim(printed.letter.text)
            if let logged = printed.logged, logged.letterSha256 != printed.letter.sha256 {
                emitNote(Messages.letterDiffers(from: logged))
            }
        }
    }
}
