import Foundation
import GRDB
import Testing

@testable import OptOutKit

/// The seal of schema version 5: each event seals its case's fields and records as they stand
/// after it, `verify` checks every case against its last event, and databases written before
/// version 5 are sealed when migrated.
@Suite struct RecordsSealTests {
    @Test func everyEventSealsTheCaseAndItsRecordsAsItLeavesThem() throws {
        let tracker = try Golden.tracker()
        try tracker.writer.read { db in
            let cases = try Case.fetchAll(db)
            #expect(!cases.isEmpty)
            for theCase in cases {
                let caseId = try #require(theCase.id)
                let last = try #require(
                    try Event.filter(Column("case_id") == caseId).order(Column("id").desc).fetchOne(db))
                #expect(last.caseAfter.flatMap(CaseFields.init(json:)) == CaseFields(theCase))
                #expect(last.caseAfter == CaseFields(theCase).json)
                #expect(last.recordsSha256 == (try RecordsSeal.digest(Store(db), caseId: caseId)))
            }
            // A case with records has another digest than one without.
            #expect(Set(try String.fetchAll(db, sql: "SELECT DISTINCT records_sha256 FROM event")).count > 3)
        }
        #expect(try tracker.verifyHistory().events > 0)
    }

    @Test func aCaseChangedWithNoEventIsNamedWithWhatChanged() throws {
        let tracker = try Golden.tracker()
        try HistorySealTests.tamper(
            tracker,
            """
            UPDATE "case" SET deadline = '2026-12-31' WHERE recipient_id = (SELECT id FROM recipient WHERE name = 'Müller KI GmbH')
            """)
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.caseChanged(let theCase, _, .fields(let changes)) = error else { return false }
            return theCase.recipient == "Müller KI GmbH" && theCase.campaign == Golden.ai
                && changes.contains(CaseFieldChange(column: "deadline", now: "2026-12-31", sealed: "2026-02-10"))
        }
        #expect(!(try tracker.check().isSound))
    }

    @Test func aDisclosureChangedOrRemovedBreaksItsCasesSealAndLetterVerifyRefuses() throws {
        for sql in [
            "UPDATE disclosure SET justification = 'none' WHERE title = 'Midnight Harbour'",
            "DELETE FROM disclosure WHERE title = 'Midnight Harbour'",
            "UPDATE disclosure SET superseded_by = id WHERE title = 'Midnight Harbour'",
        ] {
            let tracker = try Golden.tracker()
            let letter = try tracker.letter(recipient: "Vector Lyre Labs", campaign: Golden.ai).letter
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("seal-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: file) }
            try Data(letter.text.utf8).write(to: file)
            #expect(
                try tracker.verifyLetter(recipient: "Vector Lyre Labs", campaign: Golden.ai, file: file.path).notice
                    .kind == .notice)
            try HistorySealTests.tamper(tracker, sql)
            #expect(throws: HistoryBreak.self, "\(sql)") { try tracker.verifyHistory() }
            #expect {
                try tracker.verifyLetter(recipient: "Vector Lyre Labs", campaign: Golden.ai, file: file.path)
            } throws: { error in
                guard case .recordsAltered("Vector Lyre Labs", Golden.ai, .recordsDiffer) = error as? SealError else {
                    return false
                }
                return true
            }
        }
    }

    @Test func theCatalogueMatchIsNotSealedSoImportingACatalogueKeepsTheHistoryIntact() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.importCatalog(
            .text(
                CatalogImportTests.header
                    + "Midnight Harbour,The Lanterns,GB-AYE-24-00001,,Harmonia Records UK,2024\n", path: "catalogue.csv"
            ))
        #expect(
            try tracker.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM disclosure WHERE matched_by IS NOT NULL")
            } ?? 0 > 0)
        #expect(try tracker.check().isSound)
    }

    @Test func undoSealsTheRecordsAsItLeavesThem() throws {
        let tracker = try Golden.tracker()
        _ = try tracker.recordReply(
            recipient: "Vector Lyre Labs", campaign: Golden.ai, date: Fixture.day("2026-02-05"),
            kind: .disclosure,
            disclosures: [
                DisclosureInput(
                    title: "Copper Skies", artist: "Nora Vale", accessMethod: .streamingService,
                    copiesMade: 2, copiesExist: false, heldFrom: Fixture.day("2023-02-01"),
                    heldUntil: Fixture.day("2023-08-01"), justification: "evaluation")
            ])
        try tracker.undo(try tracker.undoPlan())
        let compensating = try #require(try Fixture.events(tracker).last)
        #expect(compensating.action == "undone")
        let caseId = compensating.caseId
        #expect(
            try tracker.writer.read { db in try RecordsSeal.digest(Store(db), caseId: caseId) }
                == compensating.recordsSha256)
        #expect(try tracker.check().isSound)
        // The undo's command is sealed with what it undoes.
        let undoes = try tracker.writer.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT m.undoes FROM command m JOIN event e ON e.command_id = m.id WHERE e.id = ?",
                arguments: [compensating.id])
        }
        #expect(undoes != nil)
    }

    @Test func recordsWrittenBeforeVersion5AreSealedOnMigrationOneEventPerCase() throws {
        let queue = try DatabaseQueue()
        try Tracker.migrator(at: "2026-03-01T09:00:00Z", actor: "paralegal").migrate(queue, upTo: "004_catalog")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
                    VALUES ('Old', 'old', 'Harmonia', 'ai-developer', '2026-02-10', 'all', 'ai-developer', '2026-01-01T00:00:00Z');
                    INSERT INTO recipient (name, name_key, category) VALUES ('Vector', 'vector', 'ai-developer'), ('Quiet', 'quiet', 'ai-developer');
                    INSERT INTO command (at, actor, name) VALUES ('2026-01-10T09:00:00Z', 'paralegal', 'optout notice send');
                    INSERT INTO "case" (campaign_id, recipient_id, state, sent_on, deadline) VALUES (1, 1, 'notified', '2026-01-10', '2026-02-10');
                    INSERT INTO "case" (campaign_id, recipient_id, state) VALUES (1, 2, 'draft');
                    INSERT INTO notice (case_id, sent_on, channel, deadline, template, letter_sha256)
                    VALUES (1, '2026-01-10', 'email', '2026-02-10', 'ai-developer', 'abc');
                    INSERT INTO reply (case_id, received_on, kind) VALUES (1, '2026-01-20', 'acknowledgement');
                    """)
        }
        let tracker = try Tracker(writer: queue, actor: "paralegal", clock: Fixture.clock)
        let sealed = try tracker.writer.read { db in
            try Event.filter(Column("action") == "records-sealed").order(Column("id")).fetchAll(db)
        }
        #expect(sealed.map(\.caseId) == [1, 2])
        #expect(sealed.allSatisfy { $0.at == "2026-03-15T12:00:00Z" && $0.actor == "paralegal" && $0.commandId == nil })
        #expect(sealed.first?.fromState == .notified && sealed.first?.toState == .notified)
        #expect(try tracker.verifyHistory().events == 2)
        // Sealed: the old notice's digest can no longer be changed unseen, and undo finds no command in them.
        try HistorySealTests.tamper(tracker, "UPDATE notice SET letter_sha256 = 'def'")
        #expect { try tracker.verifyHistory() } throws: { error in
            guard
                case HistoryBreak.caseRecordsChanged(BrokenCase(id: 1, recipient: "Vector", campaign: "Old"), _) = error
            else {
                return false
            }
            return true
        }
    }

    @Test func bytesHiddenAfterANulInATextAreSealedToo() throws {
        let queue = try DatabaseQueue()
        try Tracker.migrator(at: "2026-03-01T09:00:00Z", actor: "paralegal").migrate(queue, upTo: "004_catalog")
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO campaign (name, name_key, issuer, category, deadline, requests, template, created_at)
                    VALUES ('Old', 'old', 'Harmonia', 'ai-developer', '2026-02-10', 'all', 'ai-developer', '2026-01-01T00:00:00Z');
                    INSERT INTO recipient (name, name_key, category) VALUES ('Vector', 'vector', 'ai-developer');
                    INSERT INTO "case" (campaign_id, recipient_id, state, sent_on, deadline, last_reply_on)
                    VALUES (1, 1, 'acknowledged', '2026-01-10', '2026-02-10', '2026-01-20');
                    INSERT INTO reply (case_id, received_on, kind, summary)
                    VALUES (1, '2026-01-20', 'acknowledgement', 'we hold' || char(0) || ' 12 copies');
                    """)
        }
        let tracker = try Tracker(writer: queue, actor: "paralegal", clock: Fixture.clock)
        #expect(try tracker.verifyHistory().events == 1)
        // Text read as a C string ends at the NUL; the seal reads every byte.
        try HistorySealTests.tamper(tracker, "UPDATE reply SET summary = 'we hold' || char(0) || ' no copy'")
        #expect { try tracker.verifyHistory() } throws: { error in
            guard
                case HistoryBreak.caseRecordsChanged(BrokenCase(id: 1, recipient: "Vector", campaign: "Old"), _) = error
            else {
                return false
            }
            return true
        }
    }

    @Test func anEventWithoutTheRecordsSealAfterOnesWithItIsABreak() throws {
        let tracker = try Golden.tracker()
        let last = try #require(try Fixture.events(tracker).last)
        // A seal made as version 3 made them: correct, but without the records.
        var forged = last
        forged.id = (last.id ?? 0) + 1
        forged.note = "forged"
        forged.caseAfter = nil
        forged.recordsSha256 = nil
        forged.commandId = nil
        forged.prevHash = last.hash
        forged.hash = HistorySeal.hash(of: forged, after: last.hash ?? "")
        try HistorySealTests.tamper(tracker, "")
        try tracker.writer.write { db in try forged.insert(db) }
        #expect {
            try tracker.verifyHistory()
        } throws: { error in
            guard case HistoryBreak.recordsUnsealed(_, _, 1) = error else { return false }
            return true
        }
    }
}
