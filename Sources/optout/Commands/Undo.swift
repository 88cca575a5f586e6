import ArgumentParser
import Foundation
import OptOutKit

extension OptOut {
    /// `optout undo`.
    struct Undo: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Reverse your last command on cases (a notice, reminder, reply, extension, escalation or resolution), keeping the trail.",
            discussion: """
                Undo says what it will reverse and asks first (or give --yes). The cases go back to how
                they were through new events that name the events they reverse; the original events stay
                in the history, marked as undone. Run it again to reverse the command before.
                """)

        @OptionGroup var database: DatabaseOptions
        @Flag(help: "Reverse it without asking.") var yes = false

        func run() throws {
            let tracker = try database.open()
            let plan = try tracker.undoPlan()
            emit(Messages.undoPlan(plan))
            if plan.delivered > 0 { emit(Messages.undoDelivered(plan.delivered)) }
            if !yes {
                guard isatty(STDIN_FILENO) != 0 else {
                    throw CommandError.undoNotConfirmed
                }
                emit("Reverse it? [y/N] ")
                StandardStreams.flush()
                guard let answer = readLine(),
                    ["y", "yes"].contains(answer.lowercased().trimmingCharacters(in: .whitespaces))
                else {
                    emit("Nothing was reversed.\n")
                    return
                }
            }
            emit(Messages.undone(try tracker.undo(plan)))
        }
    }
}
