import Foundation

/// A notice that could not be delivered (`--deliver`), or a message file that is not a logged
/// delivery (`letter --verify FILE.eml`). A notice that failed is not logged: its case stays as it was.
public enum DeliveryError: OptOutError, Equatable, Sendable {
    /// `--deliver` is neither `email` nor `eml-dir:DIR`.
    case methodMalformed(text: String)
    /// `--deliver` with a `--channel` other than email.
    case channelNotEmail(channel: Channel)
    /// `$OPTOUT_FROM` is not set: a message needs a sender.
    case noSender
    /// `$OPTOUT_FROM` cannot be written into a header.
    case senderNotCarried(address: String, problem: MailAddress.AddressProblem)
    /// The recipient's e-mail address cannot be written into a header.
    case addressNotCarried(recipient: String, address: String, problem: MailAddress.AddressProblem)
    /// `$OPTOUT_SENDMAIL` has an unbalanced quote (or no words).
    case agentCommandMalformed(command: String)
    /// `$OPTOUT_SENDMAIL_TIMEOUT` is not a number of seconds from 0 to 3600.
    case agentTimeoutMalformed(value: String)
    /// The transfer agent's program is not found.
    case agentMissing(command: String)
    /// The transfer agent's program could not be started.
    case agentCannotRun(command: String, reason: String)
    /// The transfer agent did not finish within `seconds`; it was stopped.
    case agentTimedOut(command: String, seconds: Double)
    /// The transfer agent exited with a non-zero status: it did not take the message.
    case agentRefused(command: String, status: Int32, output: String)
    /// The `.eml` file exists already; it is never overwritten.
    case messageFileExists(path: String)
    /// The `.eml` file (or its folder) cannot be written.
    case messageFileUnwritable(path: String, reason: String)
    /// The message went out, but logging it failed (the case changed meanwhile, or the database
    /// could not be written): its proof is in this error.
    case sentButNotLogged(recipient: String, messageId: String, sha256: String, reason: String)
    /// Some notices of the command failed (each reported on its own line).
    case someFailed(failed: Int, delivered: Int, kind: NoticeKind)
    /// `letter --verify FILE.eml`: the file is not a message optout wrote.
    case notAMessage(path: String)
    /// `letter --verify FILE.eml`: no delivery of the case has this message's digest.
    case notALoggedMessage(path: String, recipient: String, campaign: String, digest: String, logged: Int)
    /// `letter --verify FILE.eml` without a recipient: no delivery of any case has this message's digest.
    case noLoggedMessageMatches(path: String, digest: String)
    /// `letter --verify FILE.eml`: the message's digest is logged, but its body is not the logged letter.
    case bodyNotTheLetter(path: String, recipient: String, campaign: String)

    public var description: String {
        switch self {
        case .methodMalformed(let text):
            return
                "--deliver \(quoted(text)) is not a way to deliver; give --deliver email (through $OPTOUT_SENDMAIL, default `sendmail -t -oi`) or --deliver eml-dir:FOLDER (one .eml file per notice)"
        case .channelNotEmail(let channel):
            return
                "--deliver sends e-mail, but --channel is \(channel.rawValue); leave out --channel (or give --channel email)"
        case .noSender:
            return
                "a message needs a sender: set OPTOUT_FROM to the address the notices come from (e.g. export OPTOUT_FROM=rights@label.example), then run the command again"
        case .senderNotCarried(let address, let problem):
            return
                "OPTOUT_FROM \(quoted(address)) cannot be written into an e-mail header: \(problem.rawValue); set it to a plain address such as rights@label.example"
        case .addressNotCarried(let recipient, let address, let problem):
            return
                "the e-mail address of \(recipient), \(quoted(address)), cannot be written into an e-mail header: \(problem.rawValue); correct it with `optout recipient add` or a recipient import, then send again (not logged, the case stays as it was)"
        case .agentCommandMalformed(let command):
            return
                "OPTOUT_SENDMAIL \(quoted(command)) is not a command (an unbalanced quote, or empty); set it to a program and its arguments, e.g. `msmtp -t`"
        case .agentTimeoutMalformed(let value):
            return
                "OPTOUT_SENDMAIL_TIMEOUT \(quoted(value)) is not a number of seconds from 0 to 3600; set it to e.g. 60"
        case .agentMissing(let command):
            return
                "the mail transfer agent `\(command)` was not found; install one (e.g. msmtp or a sendmail), or set OPTOUT_SENDMAIL to its command, or write .eml files with --deliver eml-dir:FOLDER"
        case .agentCannotRun(let command, let reason):
            return "the mail transfer agent `\(command)` could not be started (\(reason)); check OPTOUT_SENDMAIL"
        case .agentTimedOut(let command, let seconds):
            return
                "the mail transfer agent `\(command)` did not finish within \(Self.seconds(seconds)) s and was stopped; the message may not have gone out (not logged, the case stays as it was); check the agent, or raise OPTOUT_SENDMAIL_TIMEOUT"
        case .agentRefused(let command, let status, let output):
            let said = output.isEmpty ? "" : ": " + TerminalText.escaped(output, keepingLines: false)
            return
                "the mail transfer agent `\(command)` refused the message (exit status \(status))\(said); not logged, the case stays as it was; fix the cause and send again"
        case .messageFileExists(let path):
            return
                "\(path) exists already and is never overwritten; move it away or give --deliver eml-dir: another folder (not logged, the case stays as it was)"
        case .messageFileUnwritable(let path, let reason):
            return "\(path) cannot be written (\(reason)); give --deliver eml-dir: a folder you can write to"
        case .sentButNotLogged(let recipient, let messageId, let sha256, let reason):
            return
                "the message to \(recipient) went out (Message-ID <\(messageId)>, sha256 \(sha256)) but could not be logged: \(reason); keep this line as its proof, and log the notice with `optout notice send` without --deliver"
        case .someFailed(let failed, let delivered, let kind):
            return
                "\(failed) \(kind.rawValue)\(failed == 1 ? "" : "s") could not be delivered (above) and \(failed == 1 ? "was" : "were") not logged, their cases left as they were; \(delivered) delivered and logged; fix the causes and run the command again for the rest"
        case .notAMessage(let path):
            return
                "\(path) is not an Internet message written by optout (no quoted-printable body after its headers); give the .eml file that `notice send --deliver` wrote or a mail program saved"
        case .notALoggedMessage(let path, let recipient, let campaign, let digest, let logged):
            return
                "\(path) is not a message logged for \(recipient) in campaign \(campaign): its SHA-256 is \(digest), which none of the case's \(logged) logged deliver\(logged == 1 ? "y" : "ies") has; the file was changed, or is another message"
        case .noLoggedMessageMatches(let path, let digest):
            return
                "\(path) is not a message logged for any case: its SHA-256 is \(digest), which no logged delivery has; the file was changed, or is another message (name the recipient to compare it with that case's deliveries)"
        case .bodyNotTheLetter(let path, let recipient, let campaign):
            return
                "\(path) has the digest of a message logged for \(recipient) in campaign \(campaign), but its body is not the letter the notice logs; the records were altered outside optout: run `optout verify`"
        }
    }

    private static func seconds(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
