import Foundation
import Testing

@testable import OptOutKit

/// The Internet message composer: RFC 5322 headers (RFC 2047 where not ASCII), a quoted-printable
/// UTF-8 body that decodes to exactly the letter, CRLF line ends, short lines, the same bytes for
/// the same inputs; and the addresses it refuses to write into a header.
struct InternetMessageTests {
    static func address(_ text: String) throws -> MailAddress {
        try MailAddress.parse(text).get()
    }

    static func message(
        body: String, subject: String = "Notice: Reservation 2024 [ref OPTOUT-1]", fromName: String = "Example Music",
        toName: String? = "Dana Whitfield"
    ) throws -> InternetMessage {
        InternetMessage(
            .init(
                fromName: fromName, from: try address("rights@label.example"), toName: toName,
                to: try address("legal@vector-lyre.example"), subject: subject,
                date: Date(timeIntervalSince1970: 1_773_576_000), zone: TimeZone(secondsFromGMT: 3600) ?? .gmt,
                messageId: "0123abcd@label.example", body: body))
    }

    /// Every line ends in CRLF and is at most 78 characters (RFC 5322 2.1.1's "should").
    static func checkLines(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        var line = 0
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A {
                #expect(
                    index > 0 && bytes[index - 1] == 0x0D, "bare LF at byte \(index)", sourceLocation: sourceLocation)
                #expect(line - 1 <= 78, "a line of \(line - 1) characters", sourceLocation: sourceLocation)
                line = 0
            } else {
                if byte == 0x0D {
                    #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A, sourceLocation: sourceLocation)
                }
                line += 1
            }
        }
        #expect(bytes.suffix(2) == [0x0D, 0x0A], "the message ends with CRLF", sourceLocation: sourceLocation)
    }

    static func decodedBody(_ message: InternetMessage) -> String? {
        InternetMessage.parse(message.bytes).map { String(decoding: $0.body, as: UTF8.self) }
    }

    @Test func headersAreTheStandardOnesAndTheSameInputsGiveTheSameBytes() throws {
        let one = try Self.message(body: "Dear Dana Whitfield,\n\nPlease stop.\n")
        let two = try Self.message(body: "Dear Dana Whitfield,\n\nPlease stop.\n")
        #expect(one.bytes == two.bytes)
        #expect(one.sha256 == two.sha256)
        let text = String(decoding: one.bytes, as: UTF8.self)
        #expect(
            text.hasPrefix(
                "From: Example Music <rights@label.example>\r\nTo: Dana Whitfield <legal@vector-lyre.example>\r\n"))
        #expect(text.contains("\r\nSubject: Notice: Reservation 2024 [ref OPTOUT-1]\r\n"))
        #expect(text.contains("\r\nDate: Sun, 15 Mar 2026 13:00:00 +0100\r\n"))
        #expect(text.contains("\r\nMessage-ID: <0123abcd@label.example>\r\n"))
        #expect(text.contains("\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"))
        #expect(text.contains("\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"))
        Self.checkLines(one.bytes)
        #expect(Self.decodedBody(one) == "Dear Dana Whitfield,\n\nPlease stop.\n")
        #expect(try Self.message(body: "Dear Dana Whitfield,\n\nPlease stop!\n").bytes != one.bytes)
    }

    @Test func nonASCIIAndLongLinesSurviveTheBody() throws {
        let long = String(repeating: "Müller KI GmbH — ", count: 40)
        let letters = [
            "Sehr geehrte Frau Müller,\n\n\(long)\nEnde.\n",
            "trailing spaces   \nand a tab\t\nno final line break",
            "From the label\n.a line with a dot\n.\n= equals =3D\n",
            "a carriage return\r in the text\r\n and CRLF\n",
            "日本語の手紙。" + String(repeating: "長い行", count: 100) + "\n",
            "",
            "\n",
            String(repeating: "x", count: 2000),
        ]
        for letter in letters {
            let message = try Self.message(body: letter)
            Self.checkLines(message.bytes)
            #expect(Self.decodedBody(message) == letter, "the body decodes to the letter: \(letter.prefix(30))")
            #expect(!message.bytes.contains { $0 >= 0x80 }, "the message is 7-bit")
        }
    }

    @Test func randomLettersRoundTrip() throws {
        var generator = DeliveryTestGenerator(seed: 17)
        let alphabet = Array("ab =.\t\r\nFrom ü€😀\u{0}\u{7f}x")
        for _ in 0..<300 {
            let count = Int.random(in: 0..<400, using: &generator)
            let letter = String(
                (0..<count).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
            let message = try Self.message(body: letter)
            Self.checkLines(message.bytes)
            #expect(Self.decodedBody(message).map { Array($0.utf8) } == Array(letter.utf8))
        }
    }

    @Test func headersThatAreNotASCIIAreEncodedWords() throws {
        let subject = "Mitteilung: Vorbehalt 2024 für Müller KI GmbH — Zeichen ÄÖÜ ß, ein sehr langer Betreff [ref Ü-1]"
        let message = try Self.message(
            body: "x\n", subject: subject, fromName: "Plattenfirma Müller", toName: "José Ñúñez")
        Self.checkLines(message.bytes)
        let parsed = try #require(InternetMessage.parse(message.bytes))
        func decoded(_ name: String) -> String {
            let value = parsed.headers.first { $0.0 == name }?.1 ?? ""
            var out: [UInt8] = []
            for word in value.split(separator: " ") {
                let base64 = word.dropFirst("=?utf-8?B?".count).dropLast(2)
                out += Data(base64Encoded: String(base64)).map(Array.init) ?? []
            }
            return String(decoding: out, as: UTF8.self)
        }
        #expect(decoded("Subject") == subject)
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(text.contains("From: =?utf-8?B?"))
        #expect(text.contains("<rights@label.example>"))
        #expect(text.contains("To: =?utf-8?B?"))
        // A name with specials is quoted, not encoded.
        let quoted = try Self.message(body: "x\n", toName: "Vector, \"Lyre\" Labs")
        #expect(String(decoding: quoted.bytes, as: UTF8.self).contains("To: \"Vector, \\\"Lyre\\\" Labs\" <legal@"))
        // Text that looks like an encoded word is encoded itself, so no reader decodes it as one.
        let lookalike = try Self.message(body: "x\n", subject: "=?utf-8?B?SGk=?=")
        #expect(!String(decoding: lookalike.bytes, as: UTF8.self).contains("Subject: =?utf-8?B?SGk=?=\r\n"))
    }

    @Test func addressesTheFormatCannotCarryAreRefused() {
        let refused: [(String, MailAddress.AddressProblem)] = [
            ("legal@x.example\r\nBcc: everyone@x.example", .lineBreak),
            ("legal@x.example\nBcc: a@b", .lineBreak),
            ("jörg@x.example", .notASCII),
            ("legal@bücher.example", .notASCII),
            ("le gal@x.example", .spaceOrControl),
            ("legal@x.example\u{0}", .spaceOrControl),
            ("legal.x.example", .noAt),
            ("@x.example", .badLocalPart),
            (".legal@x.example", .badLocalPart),
            ("le..gal@x.example", .badLocalPart),
            ("\"quoted\"@x.example", .badLocalPart),
            ("a,b@x.example", .badLocalPart),
            ("<a>@x.example", .badLocalPart),
            ("legal@", .badDomain),
            ("legal@[127.0.0.1]", .badDomain),
            ("legal@-x.example", .badDomain),
            ("legal@x..example", .badDomain),
            ("a@b@x.example", .badLocalPart),
        ]
        for (text, problem) in refused {
            #expect(throws: Never.self) {
                if case .failure(let found) = MailAddress.parse(text) {
                    #expect(found == problem, "\(text)")
                } else {
                    Issue.record("\(text) was accepted")
                }
            }
        }
        for text in ["legal@vector-lyre.example", "first.last+optout@sub.x.example", "o'brien@x.example"] {
            #expect((try? MailAddress.parse(text).get())?.description == text)
        }
    }

    @Test func namesAndSubjectsCannotInjectHeaders() throws {
        let hostile = "Evil Labs\r\nBcc: everyone@x.example\r\n\r\nforged body"
        let message = try Self.message(body: "x\n", subject: hostile, fromName: hostile, toName: hostile)
        Self.checkLines(message.bytes)
        let text = String(decoding: message.bytes, as: UTF8.self)
        #expect(!text.contains("\r\nBcc:"))
        #expect(!text.contains("forged body"))
        let parsed = try #require(InternetMessage.parse(message.bytes))
        #expect(
            parsed.headers.map(\.0) == [
                "From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type",
                "Content-Transfer-Encoding",
            ])
        #expect(parsed.body == Array("x\n".utf8))
    }

    @Test func fileNamesKeepOnlyLettersAndDigits() {
        #expect(Tracker.fileName("../../etc/passwd") == "etc-passwd")
        #expect(Tracker.fileName("Müller KI GmbH") == "Müller-KI-GmbH")
        #expect(Tracker.fileName("/\\..\u{0}") == "recipient")
        #expect(Tracker.fileName(String(repeating: "a", count: 500)).count == 80)
    }

    @Test func messageIdsAreUniqueAndCarryTheDomain() {
        let ids = (0..<1000).map { _ in InternetMessage.newMessageId(domain: "label.example") }
        #expect(Set(ids).count == 1000)
        #expect(ids.allSatisfy { $0.hasSuffix("@label.example") && $0.count == 32 + "@label.example".count })
    }

    @Test func theAgentCommandIsSplitAsAShellSplitsWordsAndNothingMore() {
        #expect(MailAgent.split("sendmail -t -oi") == ["sendmail", "-t", "-oi"])
        #expect(MailAgent.split("  msmtp   --from='a b@c'  -t ") == ["msmtp", "--from=a b@c", "-t"])
        #expect(MailAgent.split(#"a "b \" c" d\ e ''"#) == ["a", "b \" c", "d e", ""])
        #expect(MailAgent.split("sendmail; rm -rf /") == ["sendmail;", "rm", "-rf", "/"])
        #expect(MailAgent.split("$(reboot) `x` *") == ["$(reboot)", "`x`", "*"])
        #expect(MailAgent.split("a 'b") == nil)
        #expect(MailAgent.split("a \\") == nil)
        #expect(throws: DeliveryError.agentCommandMalformed(command: "'")) {
            try MailAgent.fromEnvironment(["OPTOUT_SENDMAIL": "'"])
        }
        #expect(throws: DeliveryError.agentTimeoutMalformed(value: "-1")) {
            try MailAgent.fromEnvironment(["OPTOUT_SENDMAIL_TIMEOUT": "-1"])
        }
        #expect((try? MailAgent.fromEnvironment([:]))?.words == ["sendmail", "-t", "-oi"])
    }
}

/// A small deterministic generator (SplitMix64).
private struct DeliveryTestGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
