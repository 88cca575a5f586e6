import ArgumentParser
import Foundation
import OptOutKit

/// `--deliver` of `notice send` and `notice remind`.
struct DeliverOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Deliver each letter: `email` (to the case's address, through $OPTOUT_SENDMAIL, default `sendmail -t -oi`) or `eml-dir:FOLDER` (one .eml file each). Needs $OPTOUT_FROM.",
            valueName: "way"))
    var deliver: String?

    /// The settings, from the environment; `nil` without `--deliver`.
    func settings(channel: Channel) throws -> DeliverySettings? {
        guard let deliver else { return nil }
        let method = try DeliveryMethod(parsing: deliver)
        guard channel == .email else { throw DeliveryError.channelNotEmail(channel: channel) }
        return try DeliverySettings.fromEnvironment(ProcessInfo.processInfo.environment, method: method)
    }

    /// Prints what was delivered, one `error:` line per failed notice, and throws the summary if any failed.
    static func report(_ outcome: DeliveryOutcome) throws {
        emit(Messages.delivered(outcome))
        for failure in outcome.failed {
            StandardStreams.writeError(
                "error: \(TerminalText.escaped(Messages.deliveryFailed(failure), keepingLines: false))\n")
        }
        if !outcome.failed.isEmpty {
            throw DeliveryError.someFailed(
                failed: outcome.failed.count, delivered: outcome.delivered.count, kind: outcome.kind)
        }
    }
}
