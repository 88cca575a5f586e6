import Foundation

extension Messages {
    /// `notice send|remind --deliver`: what was delivered and logged, and the cases left out.
    /// The failed notices are `deliveryFailed` lines on standard error.
    public static func delivered(_ outcome: DeliveryOutcome) -> String {
        let kind = outcome.kind.rawValue
        let count = outcome.delivered.count
        var text = "Delivered and logged \(count) \(kind)\(plural(count)) in campaign \(outcome.campaign)"
        if outcome.skipped > 0 {
            text +=
                outcome.kind == .notice
                ? "; \(outcome.skipped) case\(outcome.skipped == 1 ? " was" : "s were") past draft and left as they were"
                : "; \(outcome.skipped) case\(outcome.skipped == 1 ? " was" : "s were") already reminded that day and skipped"
        }
        if outcome.doNotContact > 0 {
            text +=
                "; \(outcome.doNotContact) case\(plural(outcome.doNotContact)) of do-not-contact recipients skipped"
        }
        text += ".\n"
        for item in outcome.delivered.prefix(noticesListed) {
            let how =
                item.delivery.method == "email"
                ? "e-mailed to \(item.delivery.address)" : "\(item.delivery.agentOutput) (to \(item.delivery.address))"
            text +=
                "  \(item.recipient): \(how), Message-ID <\(item.delivery.messageId)>, message sha256 \(item.delivery.messageSha256)\n"
        }
        if count > noticesListed {
            text += "  … and \(count - noticesListed) more (`optout delivery RECIPIENT` shows each).\n"
        }
        if !outcome.noAddress.isEmpty {
            text +=
                "\(outcome.noAddress.count) case\(plural(outcome.noAddress.count)) with no e-mail address, skipped (not logged, left as they were):\n"
            for name in outcome.noAddress.prefix(noticesListed) { text += "  \(name)\n" }
            if outcome.noAddress.count > noticesListed {
                text += "  … and \(outcome.noAddress.count - noticesListed) more.\n"
            }
        }
        return text
    }

    /// One failed notice, as its `error:` line says it (without the `error: `).
    public static func deliveryFailed(_ failure: DeliveryFailure) -> String {
        "\(failure.recipient): \(failure.error.errorLine)"
    }

    /// Said by `undo` when the command it reverses delivered messages.
    public static func undoDelivered(_ count: Int) -> String {
        "Note: \(count) message\(plural(count)) that command delivered by e-mail cannot be recalled; undo takes back only what the database logs (its deliveries go with their notices).\n"
    }
}

extension Messages {
    /// `optout letter --verify FILE.eml`, when FILE is a logged delivery.
    public static func messageVerified(_ found: VerifiedMessage, file: String) -> String {
        let notice = found.notice
        let delivery = found.delivery
        var text =
            "Verified: \(file) is the message delivered for the \(notice.kind.rawValue) logged for \(found.recipient) in campaign \(found.campaign), sent \(notice.sentOn) to \(delivery.address) (Message-ID <\(delivery.messageId)>, message sha256 \(delivery.messageSha256)); its body is the letter logged (template \(notice.template), sha256 \(notice.letterSha256))"
        if found.traceLines > 0 {
            text +=
                "; the \(found.traceLines) line\(plural(found.traceLines)) before it (added in transit, such as Received:) \(found.traceLines == 1 ? "is" : "are") not part of the digest"
        }
        if found.lineEndsConverted { text += "; the file's LF line ends were read as the message's CRLF" }
        return text + ".\n"
    }
}

extension Messages {
    /// `optout letter --all --format eml`: the letters left out, not having gone out as a message.
    public static func lettersUndelivered(_ written: LettersWritten) -> String {
        let count = written.undelivered
        return
            "\(count) letter\(plural(count)) left out: \(count == 1 ? "its notice was" : "their notices were") not delivered with --deliver (or the letter changed since), so there is no logged message to write; `notice send --deliver eml-dir:FOLDER` writes and logs them\n"
    }
}
