import ArgumentParser
import OptOutKit

extension OptOut.Recipient {
    /// `optout recipient set`.
    struct Set: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Mark a recipient do-not-contact (written to only through its counsel), or clear the mark.",
            discussion: """
                `notice send --all`, `notice remind --all` and `agenda run` skip a do-not-contact recipient's cases
                and say how many; naming it in `notice send` or `notice remind` is refused. Escalation still applies.
                """)

        @OptionGroup var database: DatabaseOptions
        @Argument(help: "The recipient, by name or id.") var recipient: String
        @Flag(help: "Write to it only through its counsel, or not at all.") var doNotContact = false
        @Flag(help: "Clear the do-not-contact mark.") var contactOk = false
        @Option(help: "Why (with --do-not-contact).") var reason: String?

        func validate() throws {
            if doNotContact == contactOk {
                throw ValidationError("give --do-not-contact or --contact-ok (one of them)")
            }
            if contactOk && reason != nil { throw ValidationError("--reason goes with --do-not-contact") }
        }

        func run() throws {
            emit(
                Messages.contactSet(
                    try database.open().setContact(recipient: recipient, doNotContact: doNotContact, reason: reason)))
        }
    }
}
