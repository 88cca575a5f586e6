import Testing

@testable import OptOutKit

/// SPEC section 3, written out state by state from the spec's table (not from
/// `StateMachine.rules`): what each state allows and where it leads. Anything not listed is
/// refused ("Anything else is refused").
enum SpecSection3 {
    static let allowed: [CaseState: [CaseAction: Outcome]] = [
        // draft: registered, no notice yet. "A reply to a case in draft is refused: log the notice first."
        .draft: [
            .sendNotice: .moveTo(.notified)  // notice sent | draft | notified (deadline set)
        ],
        .notified: [
            .sendReminder: .unchanged,  // not in the spec's table: a reminder goes to a case that still owes an answer
            .reply(.acknowledgement): .moveTo(.acknowledged),  // reply: acknowledgement | notified
            .reply(.disclosure): .fromDisclosures,  // incomplete or responded, from all disclosures so far
            .reply(.noUse): .moveTo(.responded),
            .reply(.refusal): .moveTo(.refused),
            .reply(.extensionRequest): .unchanged,  // any state after draft but resolved
            .grantExtension: .unchanged,  // unchanged, new deadline
            .escalate: .moveTo(.escalated),
            .resolve: .moveTo(.resolved),  // any state but draft and resolved
        ],
        .acknowledged: [
            .sendReminder: .unchanged,  // not in the spec's table: a reminder goes to a case that still owes an answer
            .reply(.disclosure): .fromDisclosures,
            .reply(.noUse): .moveTo(.responded),
            .reply(.refusal): .moveTo(.refused),
            .reply(.extensionRequest): .unchanged,
            .grantExtension: .unchanged,
            .escalate: .moveTo(.escalated),
            .resolve: .moveTo(.resolved),
        ],
        .incomplete: [
            .sendReminder: .unchanged,  // not in the spec's table: a reminder goes to a case that still owes an answer
            .reply(.disclosure): .fromDisclosures,
            .reply(.noUse): .moveTo(.responded),
            .reply(.refusal): .moveTo(.refused),
            .reply(.extensionRequest): .unchanged,
            .grantExtension: .unchanged,
            .escalate: .moveTo(.escalated),
            .resolve: .moveTo(.resolved),
        ],
        .responded: [
            .reply(.disclosure): .fromDisclosures,  // a follow-up disclosure may reopen what is missing
            .reply(.extensionRequest): .unchanged,
            .resolve: .moveTo(.resolved),
        ],
        .refused: [
            .reply(.disclosure): .fromDisclosures,  // a refusal can be followed by a disclosure
            .reply(.noUse): .moveTo(.responded),  // or by an attestation of no use
            .reply(.extensionRequest): .unchanged,
            .escalate: .moveTo(.escalated),
            .resolve: .moveTo(.resolved),
        ],
        .escalated: [
            // reply of any kind | escalated | unchanged (recorded)
            .reply(.acknowledgement): .unchanged,
            .reply(.disclosure): .unchanged,
            .reply(.noUse): .unchanged,
            .reply(.refusal): .unchanged,
            .reply(.extensionRequest): .unchanged,
            .resolve: .moveTo(.resolved),
        ],
        // resolved: closed; nothing more happens to it.
        .resolved: [:],
    ]

    /// Where `action` leads from `state` by the spec, or `nil` when it is refused.
    static func outcome(of action: CaseAction, from state: CaseState) -> Outcome? {
        allowed[state]?[action]
    }
}

// MARK: - The state machine as a table

@Suite struct StateMachineTests {
    @Test func expectationTableCoversEveryState() {
        #expect(Set(SpecSection3.allowed.keys) == Set(CaseState.allCases))
    }

    @Test func everyActionOfTheSpecIsACaseAction() {
        let expected: Set<CaseAction> = [
            .sendNotice, .sendReminder, .reply(.acknowledgement), .reply(.disclosure), .reply(.noUse), .reply(.refusal),
            .reply(.extensionRequest), .grantExtension, .escalate, .resolve,
        ]
        #expect(Set(CaseAction.allCases) == expected)
        #expect(CaseAction.allCases.count == expected.count)
    }

    @Test(arguments: CaseState.allCases, CaseAction.allCases)
    func actionLeadsWhereSection3Says(state: CaseState, action: CaseAction) {
        // Given a case in `state`, when `action` is checked, then the outcome is the spec's.
        #expect(StateMachine.outcome(of: action, from: state) == SpecSection3.outcome(of: action, from: state))
    }

    // MARK: - Overdue

    @Test func caseIsNotOverdueOnItsDeadlineDay() {
        let deadline = Fixture.day("2026-02-10")
        #expect(!StateMachine.isOverdue(state: .notified, deadline: deadline, on: deadline))
    }

    @Test func caseIsOverdueTheDayAfterItsDeadline() {
        let deadline = Fixture.day("2026-02-10")
        #expect(StateMachine.isOverdue(state: .notified, deadline: deadline, on: Fixture.day("2026-02-11")))
    }

    @Test func caseIsNotOverdueBeforeItsDeadline() {
        #expect(
            !StateMachine.isOverdue(
                state: .acknowledged, deadline: Fixture.day("2026-02-10"), on: Fixture.day("2026-01-31")))
    }

    @Test(arguments: CaseState.allCases)
    func onlyNotifiedAcknowledgedAndIncompleteCasesCanBeOverdue(state: CaseState) {
        // Given a deadline long past, only a case that still owes an answer is overdue.
        let expected = state == .notified || state == .acknowledged || state == .incomplete
        #expect(
            StateMachine.isOverdue(state: state, deadline: Fixture.day("2025-01-01"), on: Fixture.day("2026-03-15"))
                == expected)
    }

    @Test func caseWithoutDeadlineIsNeverOverdue() {
        #expect(!StateMachine.isOverdue(state: .notified, deadline: nil, on: Fixture.day("2026-03-15")))
    }
}

// MARK: - The state machine through the store

/// Every state a case reaches through the Tracker API × every action, done through the Tracker:
/// it leads where section 3 says, appending one event, or it is refused and nothing is written.
@Suite struct StateMachineInTheStoreTests {
    /// Does `action` to the fixture's case through the Tracker. A disclosure reply carries a
    /// complete disclosure of the same work as `Fixture.incompleteDisclosure`, so it completes the
    /// case wherever it is allowed.
    static func perform(_ action: CaseAction, on tracker: Tracker) throws {
        let name = Fixture.recipient
        let campaign = Fixture.campaign
        switch action {
        case .sendNotice:
            _ = try tracker.sendNotices(to: .named([name]), campaign: campaign, date: Fixture.actionDay)
        case .sendReminder:
            _ = try tracker.sendReminders(to: .named([name]), campaign: campaign, date: Fixture.actionDay)
        case .reply(let kind):
            _ = try tracker.recordReply(
                recipient: name, campaign: campaign, date: Fixture.actionDay, kind: kind,
                disclosures: kind == .disclosure ? [Fixture.completeDisclosure] : [])
        case .grantExtension:
            _ = try tracker.grantExtension(recipient: name, campaign: campaign, until: Fixture.day("2026-04-30"))
        case .escalate:
            _ = try tracker.escalate(recipient: name, campaign: campaign)
        case .resolve:
            _ = try tracker.resolve(recipient: name, campaign: campaign, reason: .settled)
        }
    }

    @Test(arguments: CaseState.allCases, CaseAction.allCases)
    func actionOnStoredCaseLeadsWhereSection3SaysOrWritesNothing(state: CaseState, action: CaseAction) throws {
        // Given a case driven into `state`
        let tracker = try Fixture.oneDraftCase()
        try Fixture.drive(tracker, to: state)
        let before = try Fixture.snapshot(tracker)

        if let outcome = SpecSection3.outcome(of: action, from: state) {
            // When the allowed action is done
            try Self.perform(action, on: tracker)

            // Then the case is where the spec says, and one event records it
            let expected: CaseState
            switch outcome {
            case .moveTo(let next): expected = next
            case .unchanged: expected = state
            case .fromDisclosures: expected = .responded
            }
            #expect(try Fixture.theCase(tracker).state == expected)
            let after = try Fixture.snapshot(tracker)
            #expect(after.events == before.events + 1)
            let event = try #require(try Fixture.events(tracker).last)
            #expect(event.action == action.eventName)
            #expect(event.fromState == state)
            #expect(event.toState == expected)
            #expect(event.actor == Fixture.actor)
            #expect(event.at == "2026-03-15T12:00:00Z")
        } else {
            // When the refused action is tried, then it is refused naming the case, its state and the action
            #expect(
                throws: CaseError.refused(
                    recipient: Fixture.recipient, campaign: Fixture.campaign,
                    state: state, action: action)
            ) {
                try Self.perform(action, on: tracker)
            }
            // and nothing was written
            #expect(try Fixture.snapshot(tracker) == before)
        }
    }

    @Test func refusalMessageNamesCaseStateAndAction() throws {
        let tracker = try Fixture.oneDraftCase()
        let error = #expect(throws: CaseError.self) {
            try tracker.recordReply(
                recipient: Fixture.recipient, campaign: nil, date: Fixture.actionDay, kind: .acknowledgement)
        }
        let message = try #require(error).description
        #expect(message.contains(Fixture.recipient))
        #expect(message.contains(Fixture.campaign))
        #expect(message.contains("draft"))
        #expect(message.contains("acknowledgement"))
        #expect(message.contains("notice send"))
    }
}
