import Foundation
import Testing

@testable import OptOutKit

/// Templates are checked before they are parsed (Mustache's parser recurses once per section) and
/// read only when a command needs them.
@Suite struct TemplateLimitTests {
    static let campaign = Campaign(
        name: "C", nameKey: "c", issuer: "I", category: .aiDeveloper, deadline: Fixture.today,
        requests: .all, template: "ai-developer", createdAt: "")
    static let recipient = Recipient(name: "R", category: .aiDeveloper)

    static func letter(_ files: [String: String]) throws -> Letter {
        let renderer = try LetterRenderer(directory: try TemplateFolderTests.folder(files), fallBackToBuiltIn: true)
        return try renderer.letter(
            for: recipient, in: campaign, date: Fixture.today, deadline: Fixture.today, reference: nil)
    }

    static func expectRefused(
        _ files: [String: String], sourceLocation: SourceLocation = #_sourceLocation,
        _ matches: @escaping (TemplateError) -> Bool
    ) {
        #expect(sourceLocation: sourceLocation) { try letter(files) } throws: { error in
            (error as? TemplateError).map(matches) ?? false
        }
    }

    /// The main template's path ends so.
    static func isMain(_ origin: String) -> Bool { origin.hasSuffix("/letters/ai-developer.mustache") }

    @Test func aTemplateNested3000DeepIsRefusedBeforeItIsParsed() throws {
        let deep = String(repeating: "{{#a}}", count: 3_000) + "x" + String(repeating: "{{/a}}", count: 3_000)
        Self.expectRefused(["letters/ai-developer.mustache": deep]) {
            if case .tooDeep(let origin, 1) = $0 { Self.isMain(origin) } else { false }
        }
        Self.expectRefused(["letters/ai-developer.mustache": String(repeating: "{{^a}}\n", count: 5_000)]) {
            if case .tooDeep(_, 65) = $0 { true } else { false }
        }
        // Set-delimiter tags do not hide the nesting.
        Self.expectRefused(["letters/ai-developer.mustache": "{{=<% %>=}}" + String(repeating: "<%#a%>", count: 100)]) {
            if case .tooDeep = $0 { true } else { false }
        }
        // Nesting that a letter can use is fine.
        let fine =
            String(repeating: "{{#recipient}}", count: 10) + "{{name}}" + String(repeating: "{{/recipient}}", count: 10)
        #expect(try Self.letter(["letters/ai-developer.mustache": fine]).text == "R")
    }

    @Test func aTemplatePast1MBIsRefused() throws {
        Self.expectRefused(["letters/ai-developer.mustache": String(repeating: "x", count: (1 << 20) + 1)]) {
            if case .tooLarge(let origin, (1 << 20) + 1) = $0 { Self.isMain(origin) } else { false }
        }
    }

    @Test(arguments: ["", "  \n\t\n"])
    func anEmptyTemplateIsAnError(_ text: String) {
        Self.expectRefused(["letters/ai-developer.mustache": text]) {
            if case .empty(let origin) = $0 { Self.isMain(origin) } else { false }
        }
    }

    @Test func aLetterThatRendersToNothingIsNeverLogged() {
        Self.expectRefused(["letters/ai-developer.mustache": "{{#nothing}}text{{/nothing}}\n"]) {
            $0 == .emptyLetter(template: "ai-developer")
        }
    }

    @Test func aPartialThatDoesNotExistIsAnErrorNamingIt() throws {
        Self.expectRefused(["letters/ai-developer.mustache": "Dear {{recipient.name}}\n{{> letters/footer}}\n"]) {
            if case .missingPartial(let origin, 2, "letters/footer", .some) = $0 { Self.isMain(origin) } else { false }
        }
        let letter = try Self.letter([
            "letters/ai-developer.mustache": "Dear {{recipient.name}}\n{{> letters/footer}}",
            "letters/footer.mustache": "Yours, {{issuer}}",
        ])
        #expect(letter.text == "Dear R\nYours, I")
        Self.expectRefused([
            "letters/ai-developer.mustache": "A {{> letters/footer}}",
            "letters/footer.mustache": "B {{> letters/ai-developer}}",
        ]) {
            if case .recursivePartial(_, _, ["letters/ai-developer", "letters/footer", "letters/ai-developer"]) = $0 {
                true
            } else {
                false
            }
        }
        Self.expectRefused(["letters/ai-developer.mustache": "A {{> ../../etc/passwd}}"]) {
            if case .missingPartial(_, 1, "../../etc/passwd", _) = $0 { true } else { false }
        }
    }

    @Test func onlyTheTemplatesACommandUsesAreRead() throws {
        let folder = try TemplateFolderTests.folder([
            "letters/ai-developer.mustache": "Dear {{recipient.name}}",
            "elsewhere/deep/broken.mustache": String(repeating: "{{#a}}", count: 5_000),
        ])
        // A FIFO would block whoever opened it.
        #expect(mkfifo(folder + "/elsewhere/pipe.mustache", 0o600) == 0)
        #expect(try Self.letterFrom(folder).text == "Dear R")
        // A template that is a FIFO is refused, not opened.
        try FileManager.default.removeItem(atPath: folder + "/letters/ai-developer.mustache")
        #expect(mkfifo(folder + "/letters/ai-developer.mustache", 0o600) == 0)
        #expect { try Self.letterFrom(folder) } throws: {
            $0 as? TemplateError == .notAFile(path: folder + "/letters/ai-developer.mustache")
        }
    }

    static func letterFrom(_ folder: String) throws -> Letter {
        try LetterRenderer(directory: folder, fallBackToBuiltIn: true)
            .letter(for: recipient, in: campaign, date: Fixture.today, deadline: Fixture.today, reference: nil)
    }
}
