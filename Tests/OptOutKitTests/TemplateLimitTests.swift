import Foundation
import Testing
@testable import OptOutKit

/// Templates are checked before they are parsed (Mustache's parser recurses once per section) and
/// read only when a command needs them.
@Suite struct TemplateLimitTests {
    static let campaign = Campaign(name: "C", nameKey: "c", issuer: "I", category: .aiDeveloper, deadline: Fixture.today,
                                   requests: .all, template: "ai-developer", createdAt: "")
    static let recipient = Recipient(name: "R", category: .aiDeveloper)

    static func letter(_ files: [String: String]) throws -> Letter {
        let renderer = try LetterRenderer(directory: try TemplateFolderTests.folder(files), fallBackToBuiltIn: true)
        return try renderer.letter(for: recipient, in: campaign, date: Fixture.today, deadline: Fixture.today, reference: nil)
    }

    static func expectRefused(_ files: [String: String], _ words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) { try letter(files) } throws: { error in
            words.allSatisfy { "\(error)".contains($0) }
        }
    }

    @Test func aTemplateNested3000DeepIsRefusedBeforeItIsParsed() throws {
        let deep = String(repeating: "{{#a}}", count: 3_000) + "x" + String(repeating: "{{/a}}", count: 3_000)
        Self.expectRefused(["letters/ai-developer.mustache": deep], "letters/ai-developer.mustache, line 1", "more than 64 deep")
        Self.expectRefused(["letters/ai-developer.mustache": String(repeating: "{{^a}}\n", count: 5_000)], "line 65", "more than 64 deep")
        // Set-delimiter tags do not hide the nesting.
        Self.expectRefused(["letters/ai-developer.mustache": "{{=<% %>=}}" + String(repeating: "<%#a%>", count: 100)], "more than 64 deep")
        // Nesting that a letter can use is fine.
        let fine = String(repeating: "{{#recipient}}", count: 10) + "{{name}}" + String(repeating: "{{/recipient}}", count: 10)
        #expect(try Self.letter(["letters/ai-developer.mustache": fine]).text == "R")
    }

    @Test func aTemplatePast1MBIsRefused() throws {
        Self.expectRefused(["letters/ai-developer.mustache": String(repeating: "x", count: (1 << 20) + 1)], "at most 1 MB")
    }

    @Test(arguments: ["", "  \n\t\n"])
    func anEmptyTemplateIsAnError(_ text: String) {
        Self.expectRefused(["letters/ai-developer.mustache": text], "letters/ai-developer.mustache is empty")
    }

    @Test func aLetterThatRendersToNothingIsNeverLogged() {
        Self.expectRefused(["letters/ai-developer.mustache": "{{#nothing}}text{{/nothing}}\n"], "renders an empty letter")
    }

    @Test func aPartialThatDoesNotExistIsAnErrorNamingIt() throws {
        Self.expectRefused(["letters/ai-developer.mustache": "Dear {{recipient.name}}\n{{> letters/footer}}\n"],
                           "line 2", "{{> letters/footer}} does not exist", "letters/footer.mustache")
        let letter = try Self.letter(["letters/ai-developer.mustache": "Dear {{recipient.name}}\n{{> letters/footer}}",
                                      "letters/footer.mustache": "Yours, {{issuer}}"])
        #expect(letter.text == "Dear R\nYours, I")
        Self.expectRefused(["letters/ai-developer.mustache": "A {{> letters/footer}}", "letters/footer.mustache": "B {{> letters/ai-developer}}"],
                           "includes itself")
        Self.expectRefused(["letters/ai-developer.mustache": "A {{> ../../etc/passwd}}"], "does not exist")
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
        #expect { try Self.letterFrom(folder) } throws: { "\($0)".contains("not a regular file") }
    }

    static func letterFrom(_ folder: String) throws -> Letter {
        try LetterRenderer(directory: folder, fallBackToBuiltIn: true)
            .letter(for: recipient, in: campaign, date: Fixture.today, deadline: Fixture.today, reference: nil)
    }
}
