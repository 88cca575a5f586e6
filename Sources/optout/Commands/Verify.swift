import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout verify`: walk the sealed history.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every seal of the history; print the number of events and the head hash to write down.",
            discussion: """
                Each event is sealed with the SHA-256 of its content and of the event before it, and of
                what it left behind: its case's state and dates, the case's notices, replies and
                disclosures, and the command that wrote it. An event changed, removed or inserted outside
                optout breaks the chain; so does a case, a letter's digest, a reply, a disclosure or a
                command row changed, a guard trigger dropped or the history emptied. verify names the
                first such break and exits 1. Events appended by someone who recomputes every seal can
                only be caught against a head you wrote down earlier: pass it with --head.
                """)

        @OptionGroup var database: DatabaseOptions
        @Option(
            help: ArgumentHelp("A head hash written down earlier: check it is still in the history.", valueName: "hash")
        )
        var head: String?

        func run() throws {
            emit(Messages.verified(try database.open(.read).verifyHistory(expectedHead: head), expectedHead: head))
        }
    }
}
