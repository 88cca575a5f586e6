import Foundation
import Testing

@testable import OptOutKit

/// The problems of the `badFile` error `body` throws; an issue when it throws anything else or nothing.
func fileProblems<T>(
    path expectedPath: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> T
) -> [FileProblem] {
    do {
        _ = try body()
        Issue.record("the file was accepted", sourceLocation: sourceLocation)
    } catch FileError.rejected(let path, let problems, _) {
        if let expectedPath { #expect(path == expectedPath, sourceLocation: sourceLocation) }
        return problems
    } catch {
        Issue.record("expected a bad-file error, got \(error)", sourceLocation: sourceLocation)
    }
    return []
}

// MARK: - Recipients

@Suite struct RecipientFileTests {
    @Test func readsEveryColumnTidyingNamesAndCountryCodes() throws {
        // Given a file with a BOM, CRLF lines, columns in another order and in upper case
        let text =
            "\u{FEFF}Category,NAME,country,email,contact,parent\r\n"
            + "ai-developer,\"  Müller   KI GmbH \",de,legal@mueller-ki.example,Dr. Anna  Weber,Müller Holding\r\n"
            + "STREAMING-SERVICE,Tunes,,,,\r\n"
        // When it is read
        let recipients = try RecipientFile.read(text: text)
        // Then names are tidied, categories and countries read case-insensitively, empty cells are nil
        #expect(recipients.count == 2)
        let first = try #require(recipients.first)
        let second = try #require(recipients.last)
        #expect(first.name == "Müller KI GmbH")
        #expect(first.category == .aiDeveloper)
        #expect(first.country == "DE")
        #expect(first.email == "legal@mueller-ki.example")
        #expect(first.contact == "Dr. Anna Weber")
        #expect(first.parent == "Müller Holding")
        #expect(second.name == "Tunes")
        #expect(second.category == .streamingService)
        #expect(second.country == nil && second.email == nil && second.contact == nil && second.parent == nil)
    }

    @Test func optionalColumnsMayBeLeftOut() throws {
        let recipients = try RecipientFile.read(text: "name,category\nAcme AI,ai-developer\n")
        #expect(recipients.map(\.name) == ["Acme AI"])
    }

    @Test func everyBadRowIsReportedByLineInOneError() {
        // Given a file whose rows 3 to 6 are each bad in one way
        let text = """
            name,category,country,email
            Good AI,ai-developer,DE,legal@good.example
            ,ai-developer,DE,legal@nameless.example
            Odd Co,robot-maker,US,legal@odd.example
            Mail AI,ai-developer,FR,not-an-email
            Where AI,ai-developer,XX,legal@where.example
            Also Good,other,,

            """
        // When it is read, then one bad-file error lists each bad row by its line
        let problems = fileProblems(path: "recipients.csv") { try RecipientFile.read(text: text) }
        #expect(problems.map(\.line) == [3, 4, 5, 6])
        #expect(problems.count == 4)
        if problems.count == 4 {
            #expect(problems[0].message.contains("name is missing"))
            #expect(problems[1].message.contains("robot-maker"))
            #expect(problems[2].message.contains("not-an-email"))
            #expect(problems[3].message.contains("'XX'"))
        }
    }

    @Test func rowWithSeveralFaultsIsReportedOnceWithAllOfThem() {
        let problems = fileProblems { try RecipientFile.read(text: "name,category,country,email\n,,ZZ,@\n") }
        #expect(problems.map(\.line) == [2])
        let message = problems.first?.message ?? ""
        #expect(
            message.contains("name is missing") && message.contains("category is missing")
                && message.contains("'ZZ'") && message.contains("'@'"))
    }

    @Test(arguments: [
        "a@b", "a b@c.example", "@c.example", "a@.example", "a@c..example", "a@-c.example", "a,b@c.example",
        "a@b@c.example",
    ])
    func malformedEmailRejectsTheFile(email: String) {
        let problems = fileProblems { try RecipientFile.read(text: "name,category,email\nAcme,other,\"\(email)\"\n") }
        #expect(problems.map(\.line) == [2])
    }

    @Test func sameNameTwiceInOneFileIsReportedAtTheSecondRow() {
        // Given the same firm on lines 2 and 4, spelled differently
        let text = "name,category\nAcme AI,ai-developer\nOther,other\n  ACME   ai ,ai-developer\n"
        // Then line 4 is reported, naming line 2
        let problems = fileProblems { try RecipientFile.read(text: text) }
        #expect(problems.map(\.line) == [4])
        #expect(problems.first?.message.contains("line 2") == true)
    }

    @Test func headerWithoutARequiredColumnIsReported() {
        let problems = fileProblems { try RecipientFile.read(text: "name,country\nAcme,DE\n") }
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("category") == true)
    }

    @Test func emptyFileIsReported() {
        let problems = fileProblems { try RecipientFile.read(text: "") }
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("empty") == true)
    }

    @Test func rowWithTooFewOrTooManyFieldsIsReported() {
        let problems = fileProblems {
            try RecipientFile.read(text: "name,category\nAcme\nBeta,other,extra\nGood,other\n")
        }
        #expect(problems.map(\.line) == [2, 3])
    }

    @Test func syntaxErrorIsReportedAfterTheBadRowsBeforeIt() {
        let problems = fileProblems {
            try RecipientFile.read(text: "name,category\n,other\nGood,other\n\"Open,other\n")
        }
        #expect(problems.map(\.line) == [2, 4])
    }

    @Test func fileOnDiskIsReadByItsPath() throws {
        let path = try CSVFileTests.temporaryFile(Array("name,category\nAcme,other\n".utf8))
        #expect(try RecipientFile.read(path: path).map(\.name) == ["Acme"])
    }

    @Test func badFileOnDiskIsReportedUnderItsPath() throws {
        let path = try CSVFileTests.temporaryFile(Array("name,category\nAcme,nonsense\n".utf8))
        let problems = fileProblems(path: path) { try RecipientFile.read(path: path) }
        #expect(problems.map(\.line) == [2])
    }

    @Test func badFileErrorSaysNothingWasWrittenAndListsTheLines() {
        let error = FileError.rejected(
            path: "r.csv", problems: [FileProblem(line: 3, .missing("name")), FileProblem(line: 7, .nulByte)])
        #expect(error.description.contains("nothing was written"))
        #expect(error.description.contains("line 3: the name is missing"))
        #expect(error.description.contains("line 7"))
    }
}

// MARK: - Disclosures

@Suite struct DisclosureFileTests {
    static let header = "title,artist,isrc,access_method,copies_made,copies_exist,held_from,held_until,justification\n"

    @Test func readsEveryFactOfACompleteRow() throws {
        let text =
            Self.header + "Song,Artist,gb-aye-24-00001,Web-Scrape,12,yes,2023-01-01,,\"model v2, pre-training\"\n"
        let inputs = try DisclosureFile.read(text: text)
        #expect(
            inputs == [
                DisclosureInput(
                    title: "Song", artist: "Artist", isrc: "GBAYE2400001", accessMethod: .webScrape, copiesMade: 12,
                    copiesExist: true, heldFrom: Fixture.day("2023-01-01"), heldUntil: nil,
                    justification: "model v2, pre-training")
            ])
    }

    @Test func emptyCellsAreReadAsMissing() throws {
        let inputs = try DisclosureFile.read(text: Self.header + "Only a title,,,,,,,,\n")
        #expect(inputs == [DisclosureInput(title: "Only a title")])
    }

    @Test func emptyCellsBecomeTheMissingItemsOfTheCase() throws {
        // Given a notified case and a disclosure naming the work but nothing else
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        let inputs = try DisclosureFile.read(text: Self.header + "Song,Artist,,,,,,,\n")
        // When it is recorded
        let changed = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: inputs)
        // Then the case is incomplete and every empty fact is missing
        #expect(changed.to == .incomplete)
        #expect(
            changed.missing == [
                "Song — Artist: access_method, copies_made, copies_exist, held_from, held_until, justification"
            ])
    }

    @Test func negativeCopiesRejectTheFile() {
        let problems = fileProblems {
            try DisclosureFile.read(text: Self.header + "Song,Artist,,web-scrape,-1,no,,,\n")
        }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("copies_made") == true)
    }

    @Test(arguments: ["2.5", "many", "1e3"])
    func copiesThatAreNotAWholeNumberRejectTheFile(copies: String) {
        let problems = fileProblems { try DisclosureFile.read(text: Self.header + "Song,Artist,,,\(copies),,,,\n") }
        #expect(problems.map(\.line) == [2])
    }

    @Test(arguments: ["2024-02-30", "2023-02-29", "01/02/2024", "2024-1-01", "yesterday"])
    func badDateRejectsTheFile(date: String) {
        let problems = fileProblems { try DisclosureFile.read(text: Self.header + "Song,Artist,,,,,\(date),,\n") }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("held_from") == true)
    }

    @Test func heldUntilBeforeHeldFromRejectsTheFile() {
        let problems = fileProblems {
            try DisclosureFile.read(text: Self.header + "Song,Artist,,,,no,2024-05-01,2024-04-30,\n")
        }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("before held_from") == true)
    }

    @Test func heldUntilOnTheDayOfHeldFromIsAccepted() throws {
        let inputs = try DisclosureFile.read(text: Self.header + "Song,Artist,,,,no,2024-05-01,2024-05-01,\n")
        #expect(inputs.first?.heldUntil == Fixture.day("2024-05-01"))
    }

    @Test(arguments: [
        "GB-AYE-24-0001", "GBAYE24000012", "12AYE2400001", "GBAYE24A0001", "GB AYE 24 00001", "GBÄYE2400001",
    ])
    func badISRCRejectsTheFile(isrc: String) {
        let problems = fileProblems { try DisclosureFile.read(text: Self.header + "Song,Artist,\(isrc),,,,,,\n") }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("ISRC") == true)
    }

    @Test(arguments: ["GBAYE2400001", "gbaye2400001", "GB-AYE-24-00001", "US-S1Z-99-00001"])
    func isrcIsStoredInItsNormalForm(isrc: String) throws {
        let inputs = try DisclosureFile.read(text: Self.header + "Song,Artist,\(isrc),,,,,,\n")
        #expect(inputs.first?.isrc == isrc.replacingOccurrences(of: "-", with: "").uppercased())
    }

    @Test func unknownAccessMethodRejectsTheFile() {
        let problems = fileProblems { try DisclosureFile.read(text: Self.header + "Song,Artist,,telepathy,,,,,\n") }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("telepathy") == true)
    }

    @Test func everyAccessMethodOfTheSpecIsAccepted() throws {
        let methods = [
            "web-scrape", "streaming-service", "licensed-dataset", "third-party-dataset", "purchased", "user-upload",
            "other",
        ]
        let text = Self.header + methods.map { "Song \($0),Artist,,\($0),,,,,\n" }.joined()
        #expect(try DisclosureFile.read(text: text).compactMap(\.accessMethod?.rawValue) == methods)
    }

    @Test func copiesExistMustBeYesOrNo() {
        let problems = fileProblems { try DisclosureFile.read(text: Self.header + "Song,Artist,,,,maybe,,,\n") }
        #expect(problems.map(\.line) == [2])
    }

    @Test func everyBadRowIsReportedTogether() {
        let text =
            Self.header + "Good,Artist,,,,,,,\n" + "A,B,,,-3,,,,\n" + "\n" + "C,D,,,,,2024-13-01,,\n" + "E,F,XX,,,,,,\n"
        let problems = fileProblems(path: "disclosures.csv") { try DisclosureFile.read(text: text) }
        #expect(problems.map(\.line) == [3, 5, 6])
    }

    @Test func headerWithoutEveryColumnIsReported() {
        let problems = fileProblems { try DisclosureFile.read(text: "title,artist\nSong,Artist\n") }
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("access_method") == true)
    }
}

// MARK: - Notices

@Suite struct NoticeFileTests {
    @Test func readsEveryColumn() throws {
        let inputs = try NoticeFile.read(
            text: """
                recipient,date,channel,reference,deadline
                Müller KI GmbH,2026-01-10,Courier,REF-1,2026-02-10
                Acme AI,2026-01-11,,,

                """)
        #expect(
            inputs == [
                NoticeInput(
                    line: 2, recipient: "Müller KI GmbH", date: Fixture.day("2026-01-10"), channel: .courier,
                    reference: "REF-1", deadline: Fixture.day("2026-02-10")),
                NoticeInput(
                    line: 3, recipient: "Acme AI", date: Fixture.day("2026-01-11"), channel: .email,
                    reference: nil, deadline: nil),
            ])
    }

    @Test func onlyRecipientAndDateAreRequired() throws {
        #expect(try NoticeFile.read(text: "date,recipient\n2026-01-10,Acme AI\n").map(\.recipient) == ["Acme AI"])
    }

    @Test func everyBadRowIsReportedByLine() {
        let text = """
            recipient,date,channel,deadline
            Good AI,2026-01-10,email,
            ,2026-01-10,email,
            Bad Date AI,2026-02-30,email,
            Bad Channel AI,2026-01-10,pigeon,
            Bad Deadline AI,2026-01-10,post,soon
            No Date AI,,post,

            """
        let problems = fileProblems(path: "notices.csv") { try NoticeFile.read(text: text) }
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7])
        if problems.count == 5 {
            #expect(problems[0].message.contains("recipient is missing"))
            #expect(problems[1].message.contains("2026-02-30"))
            #expect(problems[2].message.contains("pigeon"))
            #expect(problems[3].message.contains("soon"))
            #expect(problems[4].message.contains("date is missing"))
        }
    }

    @Test func headerWithoutDateIsReported() {
        let problems = fileProblems { try NoticeFile.read(text: "recipient,channel\nAcme,email\n") }
        #expect(problems.map(\.line) == [1])
        #expect(problems.first?.message.contains("date") == true)
    }
}
