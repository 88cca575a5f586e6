import Foundation
import GRDB
import Testing

@testable import OptOutKit

// MARK: - Identifiers

@Suite struct IdentifierTests {
    @Test func publishedISRCsAreValidAndStoredNormalised() {
        // GB-AYE-24-00001 as written on a sleeve; USRC17607839, the ISO 3901 example; QMDA71418090,
        // a US prefix beyond ISO 3166 (RIAA); ZZ, the International ISRC Agency's own prefix.
        #expect(Validation.isrc("GB-AYE-24-00001") == "GBAYE2400001")
        #expect(Validation.isrc("gbaye2400001") == "GBAYE2400001")
        #expect(Validation.isrc("US-RC1-76-07839") == "USRC17607839")
        #expect(Validation.isrc("QM-DA7-14-18090") == "QMDA71418090")
        #expect(Validation.isrc("ZZ-ZZZ-12-34567") == "ZZZZZ1234567")
        for agencyCode in ["QZ", "CP", "DG", "UK", "BX", "FX"] {
            #expect(Validation.isrc("\(agencyCode)-A1B-23-45678") != nil, "\(agencyCode)")
        }
    }

    @Test func malformedISRCsAreRejectedWithTheReason() {
        // Not a country code of either list; a digit in the country; letters in the year; 11 and 13 characters.
        #expect(Validation.isrcFault("XX-AYE-24-00001") == .isrcCountry(text: "XX-AYE-24-00001", country: "XX"))
        #expect(Validation.isrcFault("12PR37300012") == .isrcCharacters(text: "12PR37300012"))
        #expect(Validation.isrcFault("GB-AYE-2A-00001") == .isrcCharacters(text: "GB-AYE-2A-00001"))
        #expect(Validation.isrcFault("GB-AYE-24-0001") == .isrcLength(text: "GB-AYE-24-0001", characters: 11))
        #expect(Validation.isrcFault("GB-AYE-24-000011") == .isrcLength(text: "GB-AYE-24-000011", characters: 13))
        #expect(Validation.isrcFault("GB-AY_-24-00001") == .isrcCharacters(text: "GB-AY_-24-00001"))
        #expect(Validation.isrc("XXAYE2400001") == nil)
    }

    @Test func publishedISWCsAreValid() {
        // ISO 15707's example, and the first ISWC ever assigned (T-000.000.001-0, "Dancing Queen").
        #expect(Validation.iswc("T-034.524.680-1") == "T0345246801")
        #expect(Validation.iswc("T0345246801") == "T0345246801")
        #expect(Validation.iswc("t-000.000.001-0") == "T0000000010")
        #expect(Validation.iswc("T-000000001-0") == "T0000000010")
        #expect(Validation.formattedISWC("T0345246801") == "T-034.524.680-1")
    }

    @Test func aWrongISWCCheckDigitIsRejectedNamingTheRightOne() {
        // T-034.524.680-2: one off. T-345.246.800-1 is quoted as an example on many web pages, but
        // its digits give the check digit 3.
        #expect(
            Validation.iswcFault("T-034.524.680-2") == .iswcCheckDigit(text: "T-034.524.680-2", found: 2, expected: 1))
        #expect(
            Validation.iswcFault("T-345.246.800-1") == .iswcCheckDigit(text: "T-345.246.800-1", found: 1, expected: 3))
        #expect(Validation.iswc("T-345.246.800-3") == "T3452468003")
        #expect(Validation.iswc("T-000.000.002-0") == nil)
    }

    @Test func malformedISWCsAreRejected() {
        for text in ["T-34.524.680-1", "0345246801", "T-034.524.680", "X-034.524.680-1", "T-034.524.68A-1", ""] {
            #expect(Validation.iswcFault(text) == .iswcShape(text: text), "\(text)")
        }
    }

    @Test func aDisclosureWithAnISRCOfNoCountryIsRejected() {
        let text = DisclosureFileTests.header + "A,B,XX-AYE-24-00001,web-scrape,1,yes,2023-01-01,,x\n"
        let problems = fileProblems { try DisclosureFile.read(text: text) }
        #expect(problems.map(\.line) == [2])
        #expect(problems.first?.message.contains("not a country code") == true)
    }
}

// MARK: - Matching keys

@Suite struct MatchKeyTests {
    @Test func caseAccentsAndWhiteSpaceAreFolded() {
        #expect(
            MatchKey.of(title: "Chloé's  Song", artist: "Anouk Bélair")
                == MatchKey.of(title: "CHLOES SONG", artist: "anouk belair"))
        #expect(MatchKey.fold("Lena Sørensen") == "lena sorensen")
        #expect(MatchKey.fold("Straße") == "strasse")
        #expect(MatchKey.fold("Björn Åberg Trio") == "bjorn aberg trio")
        #expect(MatchKey.fold("Ines Kovač") == "ines kovac")
        // Decomposed accents (e + combining acute) are the same as composed ones.
        #expect(MatchKey.fold("Chloe\u{301}") == MatchKey.fold("Chlo\u{E9}"))
    }

    @Test func punctuationSeparatesWordsAndApostrophesJoinThem() {
        #expect(MatchKey.fold("Paper-Thin Hearts!") == "paper thin hearts")
        #expect(MatchKey.fold("Don't Stop") == "dont stop")
        #expect(MatchKey.fold("Don’t Stop") == "dont stop")
        #expect(MatchKey.fold("Ferris & the Moths") == MatchKey.fold("Ferris and the Moths"))
    }

    @Test func featuredArtistCreditsAreRemoved() {
        let plain = MatchKey.fold("Paper Skies")
        for title in [
            "Paper Skies (feat. Mara Quill)", "Paper Skies [ft. Mara Quill]", "Paper Skies feat. Mara Quill",
            "Paper Skies Featuring Mara Quill", "Paper Skies (with Mara Quill)", "PAPER SKIES (FT MARA QUILL)",
        ] {
            #expect(MatchKey.fold(title) == plain, "\(title)")
        }
        #expect(MatchKey.fold("Ines Calder feat. DJ Kestrel") == "ines calder")
        // Only the credit goes: the rest of the title stays.
        #expect(MatchKey.fold("Paper Skies (feat. X) [Live]") == "paper skies live")
        #expect(MatchKey.fold("Paper Skies feat. X (Remix)") == "paper skies remix")
    }

    @Test func creditWordsThatAreTheTitleStay() {
        #expect(MatchKey.fold("Ft. Lauderdale Nights") == "ft lauderdale nights")
        #expect(MatchKey.fold("Dancing With Myself") == "dancing with myself")
    }

    @Test func aTitleOfPunctuationAloneHasNoKey() {
        #expect(MatchKey.of(title: "?!", artist: "Someone") == nil)
        #expect(MatchKey.of(title: "Song", artist: nil) == nil)
    }
}

// MARK: - Importing the catalogue

@Suite struct CatalogImportTests {
    static let header = "title,artist,isrc,iswc,owner,released\n"

    static func importing(_ tracker: Tracker, _ text: String) throws -> CatalogImport {
        try tracker.importCatalog(.text(text, path: "catalogue.csv"))
    }

    static func works(_ tracker: Tracker) throws -> [Work] {
        try tracker.writer.read { try Work.order(Column("id")).fetchAll($0) }
    }

    @Test func importsWorksWithNormalisedIdentifiers() throws {
        let tracker = try Fixture.tracker()
        let summary = try Self.importing(
            tracker,
            Self.header
                + "Paper Skies,Ines Calder,gb-hmg-21-00002,,Harmonia UK,2021-03-01\n"
                + "\"Chloé's Song\",Anouk  Bélair,FR-HMG-20-00001,T-034.524.680-1,Harmonia FR,2020\n"
                + "Dancing Queen,ABBA,,T-000.000.001-0,Harmonia Publishing,\n")
        #expect(summary.added == 3 && summary.updated == 0 && summary.unchanged == 0 && summary.works == 3)
        let works = try Self.works(tracker)
        #expect(works.map(\.isrc) == ["GBHMG2100002", "FRHMG2000001", nil])
        #expect(works.map(\.iswc) == [nil, "T0345246801", "T0000000010"])
        #expect(works[1].artist == "Anouk Bélair")
        #expect(works[1].released == "2020")
        #expect(works[1].matchKey == MatchKey.of(title: "Chloe's Song", artist: "Anouk Belair"))
    }

    @Test func reimportUpdatesWorksInsteadOfDuplicatingThem() throws {
        let tracker = try Fixture.tracker()
        _ = try Self.importing(
            tracker, Self.header + "Paper Skies,Ines Calder,GBHMG2100002,,,\nDancing Queen,ABBA,,T0000000010,,\n")
        // When the file comes again with one title corrected, one work unchanged and one new
        let summary = try Self.importing(
            tracker,
            Self.header
                + "Paper Skies (Remastered),Ines Calder,GB-HMG-21-00002,,,\nDancing Queen,ABBA,,T-000.000.001-0,,\nNew,Someone,GBHMG2100003,,,\n"
        )
        #expect(summary.added == 1 && summary.updated == 1 && summary.unchanged == 1 && summary.works == 3)
        #expect(try Self.works(tracker).map(\.title) == ["Paper Skies (Remastered)", "Dancing Queen", "New"])
    }

    @Test func everyBadLineIsReportedAndNothingIsWritten() throws {
        let tracker = try Fixture.tracker()
        _ = try Self.importing(tracker, Self.header + "Kept,Artist,GBHMG2100001,,,\n")
        let before = try Self.works(tracker)
        let problems = fileProblems(path: "catalogue.csv") {
            try Self.importing(
                tracker,
                Self.header
                    + "Good,Artist,GBHMG2100002,,,\n"  // 2
                    + ",Artist,GBHMG2100003,,,\n"  // 3: no title
                    + "Song,,GBHMG2100004,,,\n"  // 4: no artist
                    + "Song,Artist,XX-HMG-21-00005,,,\n"  // 5: no such country
                    + "Song,Artist,,T-034.524.680-2,,\n"  // 6: wrong check digit
                    + "Song,Artist,,,,\n"  // 7: no identifier
                    + "Song,Artist,GBHMG2100008,,,21/03/2021\n"  // 8: not a date
                    + "Good Too,Artist,,T-034.524.680-1,,\n")  // 9
        }
        #expect(problems.map(\.line) == [3, 4, 5, 6, 7, 8])
        #expect(problems[3].message.contains("check digit is 2"))
        #expect(try Self.works(tracker) == before)
    }

    @Test func anISRCOnTwoLinesWithDifferentTitlesNamesBothLines() throws {
        let tracker = try Fixture.tracker()
        let problems = fileProblems {
            try Self.importing(
                tracker,
                Self.header
                    + "Paper Skies,Ines Calder,GBHMG2100002,,,\n"
                    + "Other,Artist,GBHMG2100003,,,\n"
                    + "Glass Rivers,Ines Calder,GB-HMG-21-00002,,,\n")
        }
        #expect(problems.map(\.line) == [4])
        #expect(problems.first?.message.contains("ISRC GBHMG2100002 is on line 2 too") == true)
        #expect(
            problems.first?.message.contains("'Paper Skies'") == true
                && problems.first?.message.contains("'Glass Rivers'") == true)
        #expect(try Self.works(tracker).isEmpty)
    }

    @Test func aLineThatRepeatsAWorkExactlyIsIgnored() throws {
        let tracker = try Fixture.tracker()
        // The same work written twice, once in other case and with hyphens
        let summary = try Self.importing(
            tracker,
            Self.header
                + "Paper Skies,Ines Calder,GBHMG2100002,,,\nPAPER SKIES,ines calder,GB-HMG-21-00002,,,\n")
        #expect(summary.added == 1 && summary.repeated == 1)
        #expect(try Self.works(tracker).map(\.title) == ["Paper Skies"])
    }

    @Test func anISRCOnTwoLinesWithOtherDetailsIsAnError() throws {
        let tracker = try Fixture.tracker()
        let problems = fileProblems {
            try Self.importing(
                tracker,
                Self.header
                    + "Paper Skies,Ines Calder,GBHMG2100002,,Harmonia UK,\nPaper Skies,Ines Calder,GBHMG2100002,,Harmonia US,\n"
            )
        }
        #expect(problems.map(\.line) == [3])
        #expect(problems.first?.message.contains("another owner") == true)
    }

    @Test func aCatalogueNeedsAnIdentifierColumn() throws {
        let tracker = try Fixture.tracker()
        let problems = fileProblems { try Self.importing(tracker, "title,artist,owner\nSong,Artist,Label\n") }
        #expect(problems.first?.message.contains("neither an isrc nor an iswc column") == true)
    }

    @Test func thousandsOfBadLinesAreCountedBeyondTheFirstHundred() throws {
        let tracker = try Fixture.tracker()
        let text = Self.header + (1...2_500).map { "Song \($0),Artist,NOT-AN-ISRC,,,\n" }.joined()
        do {
            _ = try Self.importing(tracker, text)
            Issue.record("the file was accepted")
        } catch FileError.rejected(_, let problems, let more) {
            #expect(problems.count == CatalogFile.problemsKept)
            #expect(problems.count + more == 2_500)
            let message = FileError.rejected(path: "c.csv", problems: problems, more: more).description
            #expect(message.contains("2500 problems"))
            #expect(message.contains("and 2450 more"))
        }
    }
}

// MARK: - Matching disclosures

@Suite struct MatchingTests {
    /// A catalogue of three recordings and one composition.
    static let catalogue =
        CatalogImportTests.header
        + "Chloé's Song,Anouk Bélair,FRHMG2000001,,,\n"
        + "Paper Skies,Ines Calder,GBHMG2100002,,,\n"
        + "Glass Rivers,Mara Quill,GBHMG2100003,,,\n"
        + "Velvet Harbour,Ferris & the Moths,,T-034.524.680-1,,\n"

    static func disclosure(_ title: String?, _ artist: String?, isrc: String? = nil) -> DisclosureInput {
        var input = Fixture.completeDisclosure
        input.title = title
        input.artist = artist
        input.isrc = isrc
        return input
    }

    /// The disclosures of the fixture's case, as stored, in order.
    static func disclosures(_ tracker: Tracker) throws -> [Disclosure] {
        try tracker.writer.read { try Disclosure.order(Column("id")).fetchAll($0) }
    }

    static func notifiedCase() throws -> Tracker {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        return tracker
    }

    @Test func disclosuresRecordedBeforeTheCatalogueAreMatchedWhenItIsImported() throws {
        // Given disclosures written the ways recipients write
        let tracker = try Self.notifiedCase()
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [
                Self.disclosure("Glass Rivers", "Mara Quill", isrc: "GBHMG2100003"),
                Self.disclosure("CHLOES SONG", "Anouk Belair"),
                Self.disclosure("Paper Skies (feat. DJ Kestrel)", "Ines Calder"),
                Self.disclosure("Velvet Harbour", "Ferris and the Moths"),
                Self.disclosure("Someone Else's Song", "Nobody"),
            ])
        // Then before any catalogue nothing is matched
        #expect(try Self.disclosures(tracker).allSatisfy { $0.matchedBy == nil && $0.workId == nil })
        // When the catalogue is imported
        let summary = try tracker.importCatalog(.text(Self.catalogue, path: "c.csv"))
        // Then each is matched, and how, or flagged unknown
        let matched = try Self.disclosures(tracker)
        #expect(matched.map(\.matchedBy) == [.isrc, .titleArtist, .titleArtist, .titleArtist, .unknownWork])
        #expect(matched.map(\.workId) == [3, 1, 2, 4, nil])
        #expect(summary.matchedByISRC == 1 && summary.matchedByTitleArtist == 3 && summary.unknownWorks == 1)
    }

    @Test func aDisclosureRecordedAfterTheCatalogueIsMatchedAtOnce() throws {
        let tracker = try Self.notifiedCase()
        _ = try tracker.importCatalog(.text(Self.catalogue, path: "c.csv"))
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Self.disclosure(nil, nil, isrc: "FRHMG2000001")])
        #expect(try Self.disclosures(tracker).map(\.matchedBy) == [.isrc])
    }

    @Test func anISRCTheCatalogueDoesNotKnowIsNotAnotherRecordingOfTheSameTitle() throws {
        // A recording of "Paper Skies" by someone else's label, and one of "Velvet Harbour", a
        // composition of the catalogue (no ISRC): the first is unknown, the second the composition.
        let tracker = try Self.notifiedCase()
        _ = try tracker.importCatalog(.text(Self.catalogue, path: "c.csv"))
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [
                Self.disclosure("Paper Skies", "Ines Calder", isrc: "USXYZ2400001"),
                Self.disclosure("Velvet Harbour", "Ferris & The Moths", isrc: "USXYZ2400002"),
            ])
        let matched = try Self.disclosures(tracker)
        #expect(matched.map(\.matchedBy) == [.unknownWork, .titleArtist])
        #expect(matched.map(\.workId) == [nil, 4])
    }

    @Test func reimportingTheCatalogueMatchesAgain() throws {
        let tracker = try Self.notifiedCase()
        _ = try tracker.importCatalog(.text(Self.catalogue, path: "c.csv"))
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Self.disclosure("Paper Skies (Remastered)", "Ines Calder")])
        #expect(try Self.disclosures(tracker).map(\.matchedBy) == [.unknownWork])
        // When the catalogue's title is corrected
        _ = try tracker.importCatalog(
            .text(
                CatalogImportTests.header + "Paper Skies (Remastered),Ines Calder,GBHMG2100002,,,\n",
                path: "c.csv"))
        #expect(try Self.disclosures(tracker).map(\.workId) == [2])
    }
}

// MARK: - Affiliates

@Suite struct AffiliateTests {
    /// A group (Müller Holding AG, its subsidiaries Müller KI GmbH and Müller Audio GmbH), an
    /// unrelated firm, all notified.
    static func group() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        _ = try tracker.importRecipients([
            Recipient(name: "Müller Holding AG", category: .aiDeveloper),
            Recipient(name: "Müller KI GmbH", category: .aiDeveloper, parent: "Müller Holding AG"),
            Recipient(name: "Müller Audio GmbH", category: .aiDeveloper, parent: "Müller Holding AG"),
            Recipient(name: "Vector Labs", category: .aiDeveloper),
        ])
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        return tracker
    }

    @Test func aReplyCoveringAffiliatesIsRecordedInEachCaseWithItsDisclosures() throws {
        let tracker = try Self.group()
        let changed = try tracker.recordReply(
            recipient: "Müller Holding AG", campaign: nil, date: Fixture.actionDay,
            kind: .disclosure, disclosures: [Fixture.completeDisclosure],
            covers: ["müller ki gmbh", "Müller Audio GmbH"])
        #expect(changed.to == .responded)
        #expect(changed.covered.map(\.recipient) == ["Müller KI GmbH", "Müller Audio GmbH"])
        #expect(changed.covered.map(\.to) == [.responded, .responded])
        try tracker.writer.read { db in
            let events = try Event.filter(Column("action") == "reply-disclosure").order(Column("id")).fetchAll(db)
            #expect(events.count == 3)
            #expect(events.dropFirst().allSatisfy { $0.note?.hasPrefix("through Müller Holding AG") == true })
            let disclosures = try Disclosure.order(Column("id")).fetchAll(db)
            #expect(disclosures.count == 3)
            #expect(disclosures.dropFirst().allSatisfy { $0.viaDisclosureId == disclosures[0].id })
            let replies = try Reply.order(Column("id")).fetchAll(db)
            #expect(replies.dropFirst().allSatisfy { $0.viaReplyId == replies[0].id })
        }
    }

    @Test func aSubsidiaryMayCoverItsSisterCompany() throws {
        let tracker = try Self.group()
        let changed = try tracker.recordReply(
            recipient: "Müller KI GmbH", campaign: nil, date: Fixture.actionDay,
            kind: .refusal, covers: ["Müller Audio GmbH", "Müller Holding AG"])
        #expect(changed.covered.map(\.to) == [.refused, .refused])
    }

    @Test func aFirmOutsideTheGroupIsRefusedAndNothingIsWritten() throws {
        let tracker = try Self.group()
        let before = try Fixture.snapshot(tracker)
        #expect {
            try tracker.recordReply(
                recipient: "Müller Holding AG", campaign: nil, date: Fixture.actionDay, kind: .refusal,
                covers: ["Müller KI GmbH", "Vector Labs"])
        } throws: { error in
            guard case CaseError.notAnAffiliate(let affiliate, let recipient) = error else { return false }
            return affiliate.name == "Vector Labs" && recipient.name == "Müller Holding AG"
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func anAffiliateWhoseCaseRefusesTheReplyStopsTheWholeReply() throws {
        let tracker = try Self.group()
        _ = try tracker.resolve(recipient: "Müller Audio GmbH", campaign: nil, reason: .withdrawn)
        let before = try Fixture.snapshot(tracker)
        #expect {
            try tracker.recordReply(
                recipient: "Müller Holding AG", campaign: nil, date: Fixture.actionDay, kind: .refusal,
                covers: ["Müller Audio GmbH"])
        } throws: { error in
            guard case CaseError.refused("Müller Audio GmbH", _, .resolved, _) = error else { return false }
            return true
        }
        #expect(try Fixture.snapshot(tracker) == before)
    }

    @Test func worksCountsAGroupsCopiesOnceButNamesEveryFirmItCovers() throws {
        let tracker = try Self.group()
        _ = try tracker.importCatalog(
            .text(CatalogImportTests.header + "Song,Artist,\(Fixture.isrc),,,\n", path: "c.csv"))
        var held = Fixture.completeDisclosure
        held.copiesExist = true
        held.heldUntil = nil
        held.copiesMade = 7
        _ = try tracker.recordReply(
            recipient: "Müller Holding AG", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [held], covers: ["Müller KI GmbH"])
        _ = try tracker.recordReply(
            recipient: "Vector Labs", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [Fixture.completeDisclosure])
        let listing = try tracker.worksListing()
        #expect(listing.rows.count == 1)
        let row = Dictionary(uniqueKeysWithValues: zip(listing.columns, listing.rows[0]))
        #expect(row["recipients"] == .number(3))
        #expect(row["copies"] == .number(10))
        #expect(row["copies_still_held"] == .number(7))
        #expect(row["disclosed_by"] == .text("Müller Holding AG; Müller KI GmbH; Vector Labs"))
        #expect(row["still_held_by"] == .text("Müller Holding AG; Müller KI GmbH"))
    }
}

// MARK: - The works listing

@Suite struct WorksListingTests {
    @Test func worksAreListedMostRecipientsFirstWithTheirCopiesAndMethods() throws {
        // Given three firms: all disclose Glass Rivers, one Paper Skies too, and one an unknown work
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        for name in ["A Labs", "B Labs", "C Labs"] { try Fixture.addRecipient(tracker, name) }
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)
        _ = try tracker.importCatalog(.text(MatchingTests.catalogue, path: "c.csv"))
        func work(_ title: String, _ artist: String, _ method: AccessMethod, copies: Int, held: Bool) -> DisclosureInput
        {
            var input = MatchingTests.disclosure(title, artist)
            input.accessMethod = method
            input.copiesMade = copies
            input.copiesExist = held
            if held { input.heldUntil = nil }
            return input
        }
        _ = try tracker.recordReply(
            recipient: "A Labs", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [
                work("Paper Skies", "Ines Calder", .purchased, copies: 2, held: false),
                work("Glass Rivers", "Mara Quill", .userUpload, copies: 3, held: true),
            ])
        _ = try tracker.recordReply(
            recipient: "B Labs", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [
                work("glass rivers", "MARA QUILL", .webScrape, copies: 5, held: false),
                work("Not Ours", "Someone", .webScrape, copies: 9, held: true),
            ])
        _ = try tracker.recordReply(
            recipient: "C Labs", campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [
                work("Glass Rivers", "Mara Quill", .webScrape, copies: 1, held: true)
            ])
        // When the works are listed
        let listing = try tracker.worksListing()
        // Then Glass Rivers comes first, with three recipients, nine copies, four still held
        #expect(listing.rows.map { $0[1] } == [.text("Glass Rivers"), .text("Paper Skies")])
        let first = Dictionary(uniqueKeysWithValues: zip(listing.columns, listing.rows[0]))
        #expect(first["recipients"] == .number(3))
        #expect(first["copies"] == .number(9))
        #expect(first["copies_still_held"] == .number(4))
        #expect(first["access_methods"] == .text("web-scrape, user-upload"))
        #expect(first["disclosed_by"] == .text("A Labs; B Labs; C Labs"))
        #expect(first["still_held_by"] == .text("A Labs; C Labs"))
        // And B Labs' disclosures show each match
        let disclosures = try tracker.disclosureListing(recipient: "B Labs")
        let match = disclosures.columns.firstIndex(of: "match") ?? 0
        #expect(disclosures.rows.map { $0[match] } == [.text("title-artist"), .text("unknown-work")])
    }

    @Test func aSupersededDisclosureNoLongerCounts() throws {
        let tracker = try MatchingTests.notifiedCase()
        _ = try tracker.importCatalog(.text(MatchingTests.catalogue, path: "c.csv"))
        var first = MatchingTests.disclosure("Glass Rivers", "Mara Quill", isrc: "GBHMG2100003")
        first.copiesMade = 40
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [first])
        first.copiesMade = 4
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .disclosure,
            disclosures: [first])
        let listing = try tracker.worksListing()
        #expect(listing.rows.count == 1)
        #expect(listing.rows.first?[listing.columns.firstIndex(of: "copies") ?? 0] == .number(4))
        let statuses = try tracker.disclosureListing(recipient: Fixture.recipient).rows.map { $0[11] }
        #expect(statuses == [.text("superseded"), .text("current")])
    }
}

// MARK: - The report's catalogue section

/// The golden database (`Golden.tracker()`) with a catalogue, a subsidiary of Vector Lyre Labs,
/// and a follow-up reply from Vector Lyre Labs sent for both.
@Suite struct CatalogueReportTests {
    static func tracker() throws -> Tracker {
        let tracker = try Golden.tracker()
        _ = try tracker.addRecipient(
            Recipient(
                name: "Vector Lyre Labs Europe GmbH", category: .aiDeveloper, country: "DE",
                parent: "Vector Lyre Labs"))
        _ = try tracker.sendNotices(
            to: .named(["Vector Lyre Labs Europe GmbH"]), campaign: Golden.ai,
            date: Fixture.day("2026-01-12"))
        _ = try tracker.importCatalog(
            .text(
                CatalogImportTests.header
                    + "Midnight Harbour,The Lanterns,GB-AYE-24-00001,T-034.524.680-1,Harmonia Records UK,2024\n"
                    + "Copper Skies,Nora Vale,GB-HMG-21-00002,,Harmonia Records UK,2021\n"
                    + "Glass Rivers,Mara Quill,GB-HMG-22-00003,,Harmonia Records UK,2022\n"
                    + "Velvet Tides,Sólveig Ár,IS-HMG-23-00004,,Harmonia Music International,2023\n",
                path: "catalogue.csv"))
        func held(_ title: String, _ artist: String, copies: Int) -> DisclosureInput {
            DisclosureInput(
                title: title, artist: artist, accessMethod: .thirdPartyDataset, copiesMade: copies, copiesExist: true,
                heldFrom: Fixture.day("2023-03-01"), justification: "fine-tuning")
        }
        _ = try tracker.recordReply(
            recipient: "Vector Lyre Labs", campaign: Golden.ai, date: Fixture.day("2026-02-05"),
            kind: .disclosure, summary: "Group-wide disclosure",
            disclosures: [
                held("Copper Skies", "Nora Vale", copies: 4),
                held("GLASS RIVERS (feat. Ines Calder)", "Mara Quill", copies: 2),
                held("A Song Not Ours", "Someone Else", copies: 9),
            ], covers: ["Vector Lyre Labs Europe GmbH"])
        return tracker
    }

    @Test func markdownReportWithACatalogueAndAffiliates() throws {
        let report = try Self.tracker().report(asOf: Fixture.day("2026-03-01"))
        try Golden.expect(try ReportRenderer().markdown(report), matches: "report-catalogue.md")
    }

    @Test func theCatalogueSectionCountsAGroupsCopiesOnce() throws {
        let catalogue = try Self.tracker().report(asOf: Fixture.day("2026-03-01")).catalogue
        #expect(catalogue.worksOwned == 4 && catalogue.worksDisclosed == 3)
        #expect(catalogue.matchedByISRC == 1)
        #expect(catalogue.matchedByTitleArtist == 4)  // two works, in each of the group's two cases
        #expect(catalogue.unknownWorks == 1 && catalogue.unknownWorkDisclosures == 2)
        #expect(catalogue.mostDisclosed.map(\.title) == ["Copper Skies", "Glass Rivers", "Midnight Harbour"])
        #expect(catalogue.mostDisclosed.map(\.recipients) == [2, 2, 1])
        #expect(catalogue.mostDisclosed.first?.copiesStillHeld == 4)
        #expect(catalogue.copiesStillHeld.map(\.recipient) == ["Vector Lyre Labs", "Vector Lyre Labs Europe GmbH"])
        #expect(catalogue.copiesStillHeld.map(\.copies) == [18, 0])
        #expect(catalogue.copiesStillHeld.map(\.isAffiliate) == [false, true])
    }

    @Test func casesAreGroupedUnderTheirParent() throws {
        let report = try Self.tracker().report(asOf: Fixture.day("2026-03-01"))
        let ai = report.cases.filter { $0.campaign == Golden.ai }.map(\.recipient)
        #expect(ai == ["Müller KI GmbH", "Quiet Tide AI", "Vector Lyre Labs", "Vector Lyre Labs Europe GmbH"])
        let json =
            try JSONSerialization.jsonObject(with: Data(try ReportRenderer().json(report).utf8)) as? [String: Any]
        let cases = json?["cases"] as? [[String: Any]] ?? []
        #expect(cases.map { $0["parent"] as? String } == [nil, nil, nil, "Vector Lyre Labs", nil])
        let html = try ReportRenderer().html(report)
        #expect(html.contains("<h2>Catalogue</h2>"))
        #expect(
            html.contains(
                "<span class=\"muted\">↳</span> Vector Lyre Labs Europe GmbH <span class=\"muted\">(of Vector Lyre Labs)</span>"
            ))
    }

    @Test func theReportSaysWhenThereIsNoCatalogue() throws {
        let report = try Golden.tracker().report(asOf: Fixture.day("2026-03-01"))
        #expect(report.catalogue.worksOwned == 0)
        #expect(try ReportRenderer().markdown(report).contains("No catalogue imported"))
        #expect(try ReportRenderer().html(report).contains("No catalogue imported"))
    }
}

@Suite struct FoldedSupersedingTests {
    @Test func aFollowUpNamingTheSameWorkDifferentlySupersedesTheEarlierDisclosure() throws {
        // Given an incomplete disclosure of "Café del Mar (feat. Nora)" without an ISRC
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: .notified)
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-20"), kind: .disclosure,
            disclosures: [
                DisclosureInput(
                    title: "Café del Mar (feat. Nora)", artist: "Les Étoiles",
                    accessMethod: .webScrape)
            ])
        #expect(try Fixture.theCase(tracker).state == .incomplete)
        // When the follow-up writes it in capitals, without accents or the featured credit, and completes it
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.day("2026-01-25"), kind: .disclosure,
            disclosures: [
                DisclosureInput(
                    title: "CAFE DEL MAR", artist: "LES ETOILES", accessMethod: .webScrape,
                    copiesMade: 1, copiesExist: false, heldFrom: Fixture.day("2023-01-01"),
                    heldUntil: Fixture.day("2023-02-01"), justification: "tuning")
            ])
        // Then it is one work, now complete
        #expect(try Fixture.theCase(tracker).state == .responded)
        let current = try tracker.writer.read { db in
            try String.fetchAll(db, sql: "SELECT title FROM disclosure WHERE superseded_by IS NULL")
        }
        #expect(current == ["CAFE DEL MAR"])
    }
}
