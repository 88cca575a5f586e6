import Foundation

/// An iCalendar file (RFC 5545) of case deadlines: one all-day event per case, whose UID stays
/// the same for the case (`case-<campaign id>-<recipient id>@optout`), so that a calendar that
/// imports the file again moves the event when the deadline moves; its SEQUENCE rises with the
/// case's history.
public enum ICalendar {
    /// The calendar of `due`'s deadlines, stamped `now` (DTSTAMP).
    public static func deadlines(_ due: DueList, stamped now: Date) -> String {
        var out = ""
        // Appending to a string cannot fail.
        try? write(due, stamped: now, to: { out += $0 })
        return out
    }

    /// Writes the calendar to `sink` event by event (100,000 cases are not held twice in memory).
    public static func write(_ due: DueList, stamped now: Date, to sink: TextSink) throws {
        let header = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//OptOutTracker//optout//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + text("Opt-out deadlines"),
        ]
        try sink(header.map(folded).joined())
        let stamp = timestamp(now)
        for item in due.items {
            let lines = [
                "BEGIN:VEVENT",
                "UID:case-\(item.campaignId)-\(item.recipientId)@optout",
                "DTSTAMP:\(stamp)",
                "SEQUENCE:\(item.revision)",
                "DTSTART;VALUE=DATE:\(compact(item.deadline))",
                "DTEND;VALUE=DATE:\(compact(item.deadline.adding(days: 1)))",
                "SUMMARY:" + text("Deadline: \(item.recipient) (\(item.campaign))"),
                "DESCRIPTION:"
                    + text(
                        "Campaign: \(item.campaign)\nRecipient: \(item.recipient)\nState: \(item.state.rawValue)\nNotice sent: \(item.sentOn?.description ?? "-")\nDeadline: \(item.deadline)"
                            + (item.doNotContact ? "\nDo not contact: write through counsel" : "")),
                "CATEGORIES:" + text(item.campaign),
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
            try sink(lines.map(folded).joined())
        }
        try sink(folded("END:VCALENDAR"))
    }

    /// A TEXT value escaped: backslash, semicolon, comma and line breaks (RFC 5545 3.3.11);
    /// other control characters, which a content line may not hold, dropped.
    static func text(_ value: String) -> String {
        var out = ""
        var previousCR = false
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r", "\n", "\u{2028}", "\u{2029}", "\u{85}":
                // CR LF is one line break.
                if !(scalar == "\n" && previousCR) { out += "\\n" }
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value): break
            default: out.unicodeScalars.append(scalar)
            }
            previousCR = scalar == "\r"
        }
        return out
    }

    /// A content line folded at 75 octets (a continuation starts with one space, counted in
    /// its 75), never inside a UTF-8 sequence, and ended with CR LF.
    static func folded(_ line: String) -> String {
        var out = ""
        var octets = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if octets + size > limit {
                out += "\r\n "
                octets = 1
                limit = 75
            }
            out.unicodeScalars.append(scalar)
            octets += size
        }
        return out + "\r\n"
    }

    /// `20260302` for 2026-03-02.
    static func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    /// `20261201T223000Z`.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }
}
