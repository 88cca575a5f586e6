import Foundation
import Testing

@testable import OptOutKit

/// A file's problems carry typed faults (the facts), matched here by case; their words are built
/// in one place (`FileFault.description`).
@Suite struct FileFaultTests {
    @Test func csvSyntaxFaultsAreCases() {
        func fault(_ text: String) -> FileFault? {
            do {
                _ = try CSVFileTests.records(text)
            } catch let problem as FileProblem {
                return problem.fault
            } catch {}
            return nil
        }
        #expect(fault("a,\"b\n") == .quoteNeverClosed)
        #expect(fault("a,\"b\"c\n") == .textAfterClosingQuote)
        #expect(fault("a,b\"c\n") == .quoteInUnquotedField)
        #expect(fault("a,b\u{0}\n") == .nulByte)
    }

    @Test func headerFaultsNameTheColumns() {
        #expect(
            fileProblems { try RecipientFile.read(text: "") }.map(\.faults) == [
                [.emptyFile(required: ["name", "category"])]
            ])
        #expect(
            fileProblems { try RecipientFile.read(text: "name,name,category\nA,A,other\n") }.first?.fault
                == .columnTwice("name"))
        let missing = fileProblems { try RecipientFile.read(text: "name\nA\n") }.first?.fault
        guard case .columnsMissing(let columns, _) = missing else {
            Issue.record("expected the missing columns, got \(String(describing: missing))")
            return
        }
        #expect(columns == ["category"])
        #expect(
            fileProblems { try RecipientFile.read(text: "name,category\nA,other,x\n") }.first?.fault
                == .fieldCount(found: 3, header: 2))
    }

    @Test func aRowWithSeveralBadCellsKeepsEachFault() {
        let text = "recipient,date,channel,deadline\n,2024-02-30,pigeon,2024-13-01\n"
        let problems = fileProblems { try NoticeFile.read(text: text) }
        #expect(problems.count == 1)
        #expect(problems.first?.line == 2)
        #expect(
            problems.first?.faults == [
                .missing("recipient"), .badDate(column: "date", .notADate("2024-02-30")),
                .unknownWord(column: "channel", value: "pigeon", choices: Channel.choices),
                .badDate(column: "deadline", .notADate("2024-13-01")),
            ])
        // The words, built once, joined as before.
        #expect(problems.first?.message.hasPrefix("the recipient is missing; date '2024-02-30' is not") == true)
    }

    @Test func disclosureCellsAreTypedFaults() {
        let text =
            DisclosureFileTests.header
            + "A,B,XX-AYE-24-00001,telepathy,-1,maybe,2024-05-01,2024-04-01,x\n"
        let faults = fileProblems { try DisclosureFile.read(text: text) }.first?.faults ?? []
        #expect(
            faults == [
                .identifier(.isrcCountry(text: "XX-AYE-24-00001", country: "XX")),
                .unknownWord(column: "access_method", value: "telepathy", choices: AccessMethod.choices),
                .badCopies(value: "-1", maximum: DisclosureFile.maximumCopies), .copiesExistNotYesNo("maybe"),
                .heldUntilBeforeFrom(until: Day(year: 2024, month: 4, day: 1), from: Day(year: 2024, month: 5, day: 1)),
            ])
    }

    @Test func aRecipientTwiceInAFileNamesTheFirstLine() {
        let problems = fileProblems { try RecipientFile.read(text: "name,category\nAcme,other\nACME,other\n") }
        #expect(problems.first?.fault == .recipientTwice(name: "ACME", firstLine: 2))
    }

    @Test func catalogueConflictsNameTheWorkAndBothLines() throws {
        let tracker = try Fixture.tracker()
        let text =
            CatalogImportTests.header
            + "Paper Skies,Ana,GB-HMG-21-00002,,,\nGlass Rivers,Ana,GB-HMG-21-00002,,,\n"
        let problems = fileProblems { try CatalogImportTests.importing(tracker, text) }
        #expect(
            problems.first?.fault
                == .identifierForTwoWorks(
                    work: .isrc("GBHMG2100002"), firstLine: 2, firstTitle: "Paper Skies", firstArtist: "Ana",
                    title: "Glass Rivers", artist: "Ana"))
        let noIdentifier = fileProblems { try CatalogImportTests.importing(tracker, "title,artist\nA,B\n") }
        #expect(noIdentifier.first?.fault == .noIdentifierColumn(known: CatalogFile.columns))
    }

    @Test func anUnknownRecipientInANoticesFileIsTheCommandsOwnError() throws {
        let tracker = try Fixture.oneDraftCase()
        let inputs = try NoticeFile.read(text: "recipient,date\nNobody Known At All,2024-05-14\n")
        let problems = fileProblems { try tracker.importNotices(inputs, path: "n.csv", campaign: nil) }
        guard case .refused(.unknownRecipient(let name, _)) = problems.first?.fault else {
            Issue.record("expected the unknown recipient, got \(problems)")
            return
        }
        #expect(name == "Nobody Known At All")
    }
}
