import Foundation
import Testing

@testable import OptOutKit

/// Each error enum's words, pinned: library tests match error cases, and these say what the user
/// reads for them (one or more per enum). Every error prints through `OptOutError.errorLine`.
@Suite struct ErrorMessageTests {
    let day = Day(year: 2026, month: 3, day: 16)
    let today = Day(year: 2026, month: 3, day: 15)

    @Test func caseErrorsNameTheCaseAndSayWhatToDo() {
        #expect(
            CaseError.unknownRecipient(name: "Nobody AG").description
                == "no recipient is named 'Nobody AG'; see `optout recipient list`, or add it with `optout recipient add`"
        )
        #expect(
            CaseError.ambiguousCampaign(name: "2", candidates: ["2 (id 1)", "Second (id 2)"]).description
                == "'2' names 2 campaigns (2 (id 1), Second (id 2)); name one by its full name")
        #expect(
            CaseError.unknownCampaign(name: "Nope", known: []).description
                == "no campaign is named 'Nope'; there are none yet; add one with `optout campaign add`")
        #expect(
            CaseError.campaignNeeded(known: ["A", "B"]).description
                == "there are 2 campaigns; say which with --campaign (A, B)")
        #expect(
            CaseError.refused(recipient: "Acme", campaign: "C", state: .draft, action: .reply(.acknowledgement))
                .description
                == "cannot record a reply of kind acknowledgement for Acme in campaign C: the case is draft; log the notice first with `optout notice send`"
        )
        #expect(
            CaseError.dateInFuture(what: .reply, day: day, today: today).description
                == "the reply date 2026-03-16 is after today (2026-03-15); give the date it happened")
        #expect(
            CaseError.dateInFuture(what: .noticeInFile(line: 3, path: "n.csv"), day: day, today: today).description
                == "the notice date on line 3 of n.csv, 2026-03-16 is after today (2026-03-15); give the date it happened"
        )
        #expect(
            CaseError.noDraftCase(campaign: "C", category: .aiDeveloper, alreadyNotified: 3).description
                == "campaign C has no draft case to notify (3 already notified); add recipients of category ai-developer first"
        )
        #expect(
            CaseError.unacceptableRecipient(faults: [.nameMissing, .notAnEmail("x@")]).description
                == "the name is missing; 'x@' is not an e-mail address")
        let affiliate = GroupPlace(name: "Vector Labs", parent: "Vector Holding", group: "Vector Holding")
        let recipient = GroupPlace(name: "Müller KI", parent: "Müller Audio", group: "Müller Holding")
        #expect(
            CaseError.notAnAffiliate(affiliate: affiliate, recipient: recipient).description
                == "Vector Labs is not an affiliate of Müller KI: Vector Labs's parent is Vector Holding, and Müller KI's parent is Müller Audio, of the Müller Holding group; record the parent firm with `optout recipient import` (column parent) and run the command again"
        )
        #expect(
            CaseError.deadlineRuleNeeded.description
                == "give the campaign either --deadline DATE or --response-days N, not both and not neither")
    }

    @Test func fileErrorsNameTheFile() {
        #expect(
            FileError.cannotOpen(path: "/x/letter.txt").description
                == "cannot read /x/letter.txt; check the path and its permissions")
        #expect(
            FileError.unreadable(path: "a.csv", reason: "no such file, or it is not readable").description
                == "cannot read a.csv: no such file, or it is not readable")
        #expect(
            FileError.rejected(path: "r.csv", problems: [FileProblem(line: 3, .missing("name"))]).description
                == "r.csv was not imported (1 problem; nothing was written): line 3: the name is missing; fix the file and run the command again"
        )
    }

    @Test func letterErrorsGiveBothDigests() {
        let last = LetterError.LoggedLetter(kind: .notice, sentOn: today, sha256: "ab12")
        #expect(
            LetterError.notTheLoggedLetter(
                path: "l.txt", recipient: "Acme", campaign: "C", digest: "cd34", last: last, logged: 2
            )
            .description
                == "l.txt is not the letter logged for Acme in campaign C: its SHA-256 is cd34, while the notice logged on 2026-03-15 has ab12 (and none of the 1 other letters logged for the case matches); the file was changed, or is another letter"
        )
        #expect(
            LetterError.noLetterLogged(recipient: "Acme", campaign: "C", path: "l.txt").description
                == "no letter is logged for Acme in campaign C, so there is nothing to verify l.txt against; log the notice with `optout notice send` first"
        )
    }

    @Test func reminderErrorsSayWhichDateFits() {
        #expect(
            ReminderError.beforeLastReply(recipient: "Acme", date: today, reply: day).description
                == "Acme replied on 2026-03-16, after the reminder date 2026-03-15, and a reminder is worded from the case as it stands; log reminders on the day they are sent (a date on or after 2026-03-16)"
        )
        #expect(
            ReminderError.windowOutOfRange(days: 4000).description
                == "a reminder goes to cases due within 0 to 3650 days; 4000 is not")
    }

    @Test func templateErrorsNameTheFileAndLine() {
        #expect(
            TemplateError.folderMissing(directory: "/t").description
                == "the templates folder /t does not exist; make it with `optout templates --export /t`, or leave out --templates (and $OPTOUT_TEMPLATES) to use the built-in templates"
        )
        #expect(
            TemplateError.syntax(origin: "/t/letters/x.mustache", line: 3, problem: .unfinishedTag).description
                == "/t/letters/x.mustache, line 3: Mustache syntax error: a tag is not finished (`{{` without a matching `}}`); fix the template"
        )
        #expect(
            TemplateError.unknownLetterTemplate(name: "nope", known: ["a", "b"]).description
                == "there is no letter template 'nope'; use one of a, b")
    }

    @Test func undoErrorsSayWhatToUndoFirst() {
        #expect(
            UndoError.nothingToUndo(actor: "stranger").description
                == "stranger has no command left to undo; undo reverses your own commands, last first (run as another actor with $OPTOUT_ACTOR)"
        )
        #expect(
            UndoError.notReversible(command: "recipient add X", at: "2026-03-15T12:00:00Z", action: "registered")
                .description
                == "your last command, `recipient add X` at 2026-03-15T12:00:00Z, registered recipients or campaigns, which undo cannot reverse; undo reverses notices, reminders, replies, extensions, escalations and resolutions"
        )
        #expect(
            UndoError.changedSince(
                command: "notice send", at: "t1", recipient: "Acme", campaign: "C", action: "escalated",
                by: "counsel", when: "t2"
            ).description
                == "cannot undo your last command, `notice send` at t1: Acme in C has changed since (escalated by counsel at t2); that must be undone first"
        )
    }

    @Test func storeErrorsForAMissingOrUncreatableFile() {
        #expect(
            StoreError.noDatabase(path: "x.sqlite").description
                == "no database at x.sqlite; run `optout init` to create it, or name another with --db or $OPTOUT_DB")
        #expect(
            StoreError.cannotCreate(path: "/no/x.sqlite", reason: "No such file or directory").description
                == "cannot create /no/x.sqlite (No such file or directory); check that its folder exists and is writable, or name another file with --db"
        )
    }

    @Test func internalErrorsSayWhichStepDidNotFinish() {
        #expect(InternalError.transactionIncomplete.description == "the transaction did not complete")
    }

    /// The command line prints `errorLine`; `localizedDescription` says the same, and a history
    /// break says where it was found.
    @Test func everyErrorPrintsItsDescription() {
        let errors: [any OptOutError] = [
            CaseError.noCampaigns, FileError.cannotOpen(path: "p"),
            LetterError.noLetterLogged(recipient: "r", campaign: "c", path: "p"),
            ReminderError.windowOutOfRange(days: -1), TemplateError.reportListsOutOfOrder, UndoError.changedWhileAsking,
            InternalError.dryRunIncomplete, StoreError.noDatabase(path: "p"),
            InputLimitError.nameTooLong(what: "the name", length: 2_000),
            DateProblem.notADate("x"), ParentCycleError(names: ["A", "B", "A"]),
        ]
        for error in errors {
            #expect(error.errorLine == error.description)
            #expect(error.localizedDescription == error.description)
        }
        let broken = HistoryBreak.caseRecordsChanged(
            theCase: BrokenCase(id: 1, recipient: "Vector", campaign: "Old"), eventId: 3)
        #expect(broken.eventId == 3)
        #expect(broken.errorLine == "the history was altered outside optout: \(broken.description)")
    }
}

extension ErrorMessageTests {
    @Test func historyBreaksNameThePlaceAndWhatToDo() {
        #expect(
            HistoryBreak.eventsRemoved(
                eventId: 5, after: 3,
                event: BrokenEvent(
                    recipient: "Acme", caseId: "1", campaign: "C", action: "escalated", at: "t", actor: "a")
            ).description
                == "events were removed between event #3 and event #5, or one was put there outside optout: event #5 (Acme in C, escalated, recorded t by a) no longer follows the event before it; restore the database from a backup, or keep it as evidence"
        )
        #expect(
            HistoryBreak.eventChanged(
                eventId: 5,
                event: BrokenEvent(recipient: nil, caseId: "7", campaign: nil, action: nil, at: nil, actor: nil),
                commandId: "2"
            ).description
                == "event #5 (case #7, no action, recorded at no time by nobody), or its command #2, was changed after it was written: its content no longer matches its seal; restore the database from a backup, or keep it as evidence"
        )
        #expect(
            HistoryBreak.schemaObjectChanged(
                type: "trigger", name: "event_is_append_only_update", altered: false, changes: 2
            ).description
                == "the trigger event_is_append_only_update (a guard that keeps the history append-only or stamps records with their command) was dropped outside optout, among 2 changes to the schema; restore the database from a backup"
        )
        #expect(
            HistoryBreak.caseDeleted(caseId: nil, eventId: 9).description
                == "a case that is not a number, which has a history (its last event is #9), was deleted outside optout; restore the database from a backup"
        )
    }
}

extension ErrorMessageTests {
    @Test func aCaseWhoseSealNoLongerHoldsSaysHowAndWhatToRun() {
        #expect(
            SealError.recordsAltered(recipient: "Acme", campaign: "C", problem: .recordsDiffer(eventId: 7)).description
                == "the records of Acme in campaign C were altered outside optout (its notices, replies or disclosures differ from those its last event, #7, sealed), so no letter can be verified against them; run `optout verify` to see where, and restore the database from a backup"
        )
    }
}

extension ErrorMessageTests {
    /// The names closest to a mistyped one, when the lookup gives them (the words of h-cmds' "did you mean").
    @Test func anUnknownNameWithSuggestionsAsksDidYouMean() {
        #expect(
            CaseError.unknownRecipient(name: "Polar Lab", suggestions: ["Polar Labs"]).description
                == "no recipient is named 'Polar Lab'; did you mean 'Polar Labs'? (or see `optout recipient list`)")
        #expect(
            CaseError.unknownCampaign(
                name: "Notice", known: ["Notice 2024", "Notice 2025", "Other"],
                suggestions: ["Notice 2024", "Notice 2025"]
            ).description
                == "no campaign is named 'Notice'; did you mean 'Notice 2024' or 'Notice 2025'? (campaigns: Notice 2024, Notice 2025, Other)"
        )
    }
}
