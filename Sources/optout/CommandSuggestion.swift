import ArgumentParser
import OptOutKit

/// "unknown command 'reploy'; did you mean 'reply'?": the error line for a mistyped command or
/// subcommand, worked out only once parsing has failed.
enum CommandSuggestion {
    /// The message for `arguments` (the program's name left out) when one of them stands where a
    /// command or subcommand goes and names none; `nil` when the arguments fail for another reason.
    static func unknownCommand(in arguments: [String], root: any ParsableCommand.Type = OptOut.self) -> String? {
        var command = root
        var path: [String] = []
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty, !argument.hasPrefix("-") else { return nil }
            // `optout help COMMAND` is ArgumentParser's own subcommand of the root.
            if path.isEmpty && argument == "help" { return nil }
            if let next = subcommands.first(where: { names(of: $0).contains(argument) }) {
                command = next
                path.append(next._commandName)
                continue
            }
            var known = subcommands.flatMap(names(of:))
            if path.isEmpty { known.append("help") }
            let suggestions = Suggestions.closest(to: argument, among: known)
            let help = (["optout", "help"] + path).joined(separator: " ")
            // Named with the commands before it: 'notice sned', did you mean 'notice send'?
            let quoted = suggestions.map { "'\((path + [$0]).joined(separator: " "))'" }
            let guess =
                quoted.count > 1
                ? quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "") : quoted.joined()
            return "unknown command '\((path + [argument]).joined(separator: " "))'"
                + (suggestions.isEmpty ? "" : "; did you mean \(guess)?") + " (see `\(help)`)"
        }
        return nil
    }

    /// The names a command answers to: its name and its aliases.
    private static func names(of command: any ParsableCommand.Type) -> [String] {
        [command._commandName] + command.configuration.aliases
    }
}
