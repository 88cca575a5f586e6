import Crypto
import Foundation
import Mustache
import Testing

@testable import OptOutKit

/// The flat letter renderer gives swift-mustache's bytes, for the built-in letter templates over
/// many generated values and for custom templates with the constructs it takes or declines.
@Suite struct FlatLetterTests {
    /// Values that have broken renderers: markup, quotes, newlines, tags, Unicode, empty, long.
    static let hostile: [String] = [
        "", " ", "&<>\"'`=", "a & b <c> \"d\" 'e' `f` =g", "line one\nline two", "\r\n", "\t",
        "Ünïcødé Müller KI GmbH", "東京レコード株式会社", "Москва Музыка", "🎵🎶 émoji", "e\u{301}",
        "{{#x}}{{/x}} Labs", "{{name}}", "{{{issuer}}}", "}}{{", "\u{200B}zero width", "nul\u{0}byte",
        String(repeating: "very long name ", count: 700), "true", "false", "nil", "\\", "%s %@ %d",
    ]

    /// A seeded generator (SplitMix64), so a failure repeats.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func text(_ random: inout Seeded) -> String {
        let count = Int.random(in: 1...3, using: &random)
        return (0..<count).map { _ in hostile.randomElement(using: &random) ?? "" }.joined()
    }

    static func maybe(_ random: inout Seeded) -> FlatValue? {
        Bool.random(using: &random) ? .text(text(&random)) : nil
    }

    /// The values of a notice or (with `reminder`) a reminder, as `LetterRenderer` builds them.
    static func values(_ random: inout Seeded, reminder: Bool) -> [String: FlatValue] {
        var recipient: [String: FlatValue] = ["name": .text(text(&random))]
        recipient["contact"] = maybe(&random)
        recipient["email"] = maybe(&random)
        recipient["country"] = maybe(&random)
        var values: [String: FlatValue] = [
            "issuer": .text(text(&random)), "campaign": .text(text(&random)),
            "date": .text(text(&random)), "deadline": .text(text(&random)),
            "recipient": .object(recipient),
        ]
        values["reference"] = maybe(&random)
        guard reminder else { return values }
        values["noticeOn"] = maybe(&random)
        values["lastReplyOn"] = maybe(&random)
        let late = Int.random(in: -3...3, using: &random)
        values["passed"] = .flag(late > 0)
        values["dueToday"] = .flag(late == 0)
        values["daysPast"] = .text("\(late) days")
        values["daysLeft"] = .text("\(-late) days")
        values["requestsDisclosures"] = .flag(Bool.random(using: &random))
        let missing: [FlatValue] = (0..<Int.random(in: 0...3, using: &random)).map { _ in
            .object(["work": .text(text(&random)), "items": .text(text(&random))])
        }
        values["missing"] = .list(missing)
        values["hasMissing"] = .flag(!missing.isEmpty)
        return values
    }

    static func mustache(_ template: MustacheTemplate, _ values: [String: FlatValue]) -> [UInt8] {
        Array(template.render(values.mapValues(\.any) as [String: Any]).utf8)
    }

    /// Where two renderings first differ, with a little of each, for a readable failure.
    static func difference(_ flat: [UInt8]?, _ expected: [UInt8]) -> String? {
        guard let flat else { return "no flat rendering" }
        guard flat != expected else { return nil }
        let at = zip(flat, expected).prefix { $0 == $1 }.count
        func near(_ bytes: [UInt8]) -> String {
            String(decoding: bytes[max(0, at - 40)..<min(bytes.count, at + 40)], as: UTF8.self).debugDescription
        }
        return "differs at byte \(at): flat \(near(flat)) swift-mustache \(near(expected))"
    }

    static func flat(_ template: FlatTemplate, _ values: [String: FlatValue]) -> [UInt8]? {
        var buffer: [UInt8] = []
        return template.render(values, into: &buffer) ? buffer : nil
    }

    @Test(arguments: ["letters/ai-developer", "letters/streaming-service", "letters/reminder"])
    func builtInTemplatesRenderAsSwiftMustache(name: String) throws {
        let prepared = try LetterRenderer().flatPrepared(name)
        let flat = try #require(prepared.flat, "the built-in template \(name) has a flat form")
        var random = Seeded(state: 42)
        for _ in 0..<400 {
            let values = Self.values(&random, reminder: name == "letters/reminder")
            let expected = Self.mustache(prepared.template, values)
            let difference = Self.difference(Self.flat(flat, values), expected)
            #expect(difference == nil)
        }
    }

    /// Custom templates: whitespace and standalone tags, nesting, dotted names, set delimiters,
    /// comments, a section over text, a list and flags, a name missing at any depth.
    static let customTemplates: [String] = [
        "{{issuer}}\n  {{#reference}}\n  Ref: {{reference}}\n  {{/reference}}\nEnd",
        "\n\n{{#recipient}}{{name}} {{issuer}}{{/recipient}}\n",
        "  {{#missing}}\n  - {{work}}: {{items}} ({{issuer}})\n  {{/missing}}\n{{^missing}}none{{/missing}}",
        "{{#reference}}{{#reference}}twice {{reference}}{{/reference}}{{/reference}}",
        "{{^recipient.contact}}no contact{{/recipient.contact}}|{{recipient.nothing.deeper}}|{{nothing}}",
        "{{! a comment }}\n{{=<% %>=}}\n<%issuer%> <%#passed%>late<%/passed%>\n<%={{ }}=%>\n{{date}}",
        "{{{issuer}}} {{&campaign}} {{ date }}\r\n{{#passed}}\r\n{{daysPast}}\r\n{{/passed}}\r\n",
        "{{passed}} {{dueToday}} {{#dueToday}}today{{/dueToday}}{{^dueToday}}not today{{/dueToday}}",
        "\t{{#hasMissing}}\t\n{{#missing}}{{work}};{{/missing}}\n\t{{/hasMissing}}\t\nx",
        "{{#recipient.name}}{{recipient.name}}{{/recipient.name}}{{#recipient}}{{#country}}[{{country}}]{{/country}}{{/recipient}}",
        "{{% CONTENT_TYPE: TEXT}}{{issuer}}",
        "a{{#passed}}\n{{/passed}}b {{^passed}}  {{/passed}}  \n",
    ]

    @Test func customTemplatesRenderAsSwiftMustache() throws {
        var random = Seeded(state: 7)
        for text in Self.customTemplates {
            let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            let flat = try #require(FlatTemplate(template), "flat form of \(text.debugDescription)")
            for _ in 0..<60 {
                let values = Self.values(&random, reminder: true)
                let difference = Self.difference(Self.flat(flat, values), Self.mustache(template, values))
                #expect(difference == nil, "\(text.debugDescription)")
            }
        }
    }

    /// What the flat renderer does not take is left to swift-mustache: partials, transforms, the
    /// current item, names it does not read alike, inheritance, HTML content.
    @Test func unsupportedConstructsHaveNoFlatForm() throws {
        for text in [
            "{{> footer}}", "{{uppercased(issuer)}}", "{{#missing}}{{.}}{{/missing}}", "{{.issuer}}",
            "{{_guts}}", "{{a..b}}", "{{issuer?}}", "{{$block}}x{{/block}}", "{{<parent}}{{/parent}}",
            "{{% CONTENT_TYPE: HTML}}{{issuer}}", "{{#first()}}x{{/first()}}",
        ] {
            let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
            #expect(FlatTemplate(template) == nil, "\(text)")
        }
        #expect(FlatTemplate(try MustacheTemplate(string: "{{issuer}}")) == nil, "HTML content by default")
    }

    /// A variable naming an object or a list is declined at render time; the letter then comes
    /// from swift-mustache, byte for byte.
    @Test func objectVariablesFallBackToSwiftMustache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("letters"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "Items: {{missing}}{{#passed}} late{{/passed}}\n".write(
            to: folder.appendingPathComponent("letters/reminder.mustache"), atomically: true, encoding: .utf8)
        let renderer = try LetterRenderer(directory: folder.path, fallBackToBuiltIn: true)
        let prepared = try renderer.flatPrepared("letters/reminder")
        let flat = try #require(prepared.flat)
        var random = Seeded(state: 1)
        let values = Self.values(&random, reminder: true)
        #expect(Self.flat(flat, values) == nil)
        var buffer: [UInt8] = []
        try renderer.renderLetter("letters/reminder", values, into: &buffer)
        #expect(buffer == Self.mustache(prepared.template, values))
    }

    /// The digests `notice send --all` stores are those of the letters `optout letter` prints.
    @Test func bulkDigestsMatchSingleLetters() throws {
        let renderer = LetterRenderer()
        var random = Seeded(state: 3)
        let recipients = (0..<300).map { index in
            Recipient(
                name: "\(index) \(Self.text(&random))", category: .aiDeveloper,
                country: Self.maybe(&random).map { _ in Self.text(&random) },
                email: Bool.random(using: &random) ? "a\(index)@x.example" : nil,
                contact: Self.maybe(&random).map { _ in Self.text(&random) })
        }
        for template in ["ai-developer", "streaming-service"] {
            let campaign = Campaign(
                id: 1, name: "C <&> \(template)", nameKey: "c", issuer: "Harmonia \"Music\"",
                category: .aiDeveloper, deadline: Fixture.day("2026-02-10"), responseDays: nil,
                requests: .all, template: template, createdAt: "")
            let date = Fixture.day("2026-01-10")
            let deadline = Fixture.day("2026-02-10")
            let digests = renderer.letterDigests(
                for: recipients, in: campaign, date: date, deadline: deadline,
                reference: "R&D-1")
            for (recipient, digest) in zip(recipients, digests) {
                let letter = try renderer.letter(
                    for: recipient, in: campaign, date: date, deadline: deadline, reference: "R&D-1")
                let expected = try Self.mustacheLetter(renderer, template, recipient, campaign, date, deadline, "R&D-1")
                #expect(letter.text == expected)
                #expect(try digest.get() == letter.sha256)
                #expect(letter.sha256 == Letter(template: template, text: expected).sha256)
            }
        }
    }

    /// The letter as swift-mustache renders it from the values the renderer always gave it.
    static func mustacheLetter(
        _ renderer: LetterRenderer, _ template: String, _ recipient: Recipient, _ campaign: Campaign,
        _ date: Day, _ deadline: Day, _ reference: String?
    ) throws -> String {
        var recipientValues: [String: Any] = ["name": recipient.name]
        recipientValues["contact"] = recipient.contact
        recipientValues["email"] = recipient.email
        recipientValues["country"] = recipient.country
        var values: [String: Any] = [
            "issuer": campaign.issuer, "campaign": campaign.name, "date": date.description,
            "deadline": deadline.description, "recipient": recipientValues,
        ]
        values["reference"] = reference
        return try renderer.render("letters/\(template)", values, contentType: "TEXT")
    }

    /// A letter of white space only is refused, whether its bytes are ASCII or not.
    @Test func whiteSpaceLettersAreRefused() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("flat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: folder.appendingPathComponent("letters"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{#recipient.contact}}x{{/recipient.contact}}{{recipient.country}}\n".write(
            to: folder.appendingPathComponent("letters/blank.mustache"), atomically: true, encoding: .utf8)
        let renderer = try LetterRenderer(directory: folder.path, fallBackToBuiltIn: true)
        let campaign = Campaign(
            id: 1, name: "C", nameKey: "c", issuer: "I", category: .aiDeveloper,
            deadline: Fixture.day("2026-02-10"), responseDays: nil, requests: .all,
            template: "blank", createdAt: "")
        let day = Fixture.day("2026-01-10")
        let recipients = [
            Recipient(name: "A", category: .aiDeveloper),
            Recipient(name: "B", category: .aiDeveloper, country: "\u{2003}\u{00A0}"),
            Recipient(name: "C", category: .aiDeveloper, country: "é"),
            Recipient(name: "D", category: .aiDeveloper, contact: "y"),
        ]
        let digests = renderer.letterDigests(for: recipients, in: campaign, date: day, deadline: day, reference: nil)
        for (recipient, digest) in zip(recipients, digests) {
            let single = Result {
                try renderer.letter(for: recipient, in: campaign, date: day, deadline: day, reference: nil)
            }
            let blank = recipient.name == "A" || recipient.name == "B"
            #expect((try? digest.get()) == nil ? blank : !blank, "\(recipient.name)")
            #expect((try? single.get()) == nil ? blank : !blank, "\(recipient.name)")
            if let letter = try? single.get() { #expect(try digest.get() == letter.sha256) }
        }
    }
}
