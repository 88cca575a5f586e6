import Foundation
import Testing

@testable import OptOutKit

/// Business days, deadline rules and holiday calendars in the library (SPEC section 7).
@Suite struct BusinessDayTests {
    let gb = HolidayCalendars.builtIn("GB-ENG") ?? .weekdays

    @Test func theNoticesOwnDayNeverCountsAndASaturdayNoticeIsDueMonday() {
        #expect(BusinessCalendar.weekdays.businessDay(1, after: Fixture.day("2024-06-15")) == Fixture.day("2024-06-17"))
        #expect(BusinessCalendar.weekdays.businessDay(1, after: Fixture.day("2024-06-14")) == Fixture.day("2024-06-17"))
        #expect(BusinessCalendar.weekdays.businessDay(5, after: Fixture.day("2024-06-10")) == Fixture.day("2024-06-17"))
        // Easter Monday 2024 is closed in England: a Saturday notice before it is due Tuesday.
        #expect(gb.businessDay(1, after: Fixture.day("2024-03-30")) == Fixture.day("2024-04-02"))
    }

    @Test func monthsClampToTheMonthsLastDay() {
        #expect(Fixture.day("2024-01-31").adding(months: 1) == Fixture.day("2024-02-29"))
        #expect(Fixture.day("2023-01-31").adding(months: 1) == Fixture.day("2023-02-28"))
        #expect(Fixture.day("2024-08-31").adding(months: 1) == Fixture.day("2024-09-30"))
        #expect(Fixture.day("2024-11-30").adding(months: 2) == Fixture.day("2025-01-30"))
        #expect(Fixture.day("2024-02-29").adding(months: 12) == Fixture.day("2025-02-28"))
    }

    @Test func builtInCalendarsCoverTheJurisdictionsFrom2020To2040() throws {
        for name in [
            "US", "GB-ENG", "GB-SCT", "IE", "DE", "FR", "NL", "SE", "ES", "IT", "JP", "KR", "CN", "IN", "CA", "AU",
            "BR",
        ] {
            let calendar = try #require(HolidayCalendars.builtIn(name), "\(name)")
            #expect(calendar.holidays.keys.min()?.components.year == 2020, "\(name)")
            #expect(calendar.holidays.keys.max()?.components.year == 2040, "\(name)")
        }
        // Observed and substitute days are closed: US Independence Day 2021 was observed on Monday 5 July,
        // and England's Boxing Day 2020 (a Saturday) on Monday 28 December.
        #expect(HolidayCalendars.builtIn("us")?.isBusinessDay(Fixture.day("2021-07-05")) == false)
        #expect(gb.isBusinessDay(Fixture.day("2020-12-28")) == false)
        #expect(gb.closure(Fixture.day("2024-05-27")) == "Spring Bank Holiday")
        #expect(gb.closure(Fixture.day("2024-05-25")) == "Saturday")
        // Scotland has 2 January; England does not.
        #expect(HolidayCalendars.builtIn("GB-SCT")?.isBusinessDay(Fixture.day("2024-01-02")) == false)
        #expect(gb.isBusinessDay(Fixture.day("2024-01-02")))
    }

    @Test func aCampaignOnBusinessDaysInEnglandSkipsTheLateMayBankHoliday() throws {
        let tracker = try Fixture.tracker()
        let campaign = try tracker.addCampaign(
            name: "Wave", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 20, requests: nil,
            template: nil, responseUnit: .businessDays, calendar: "gb-eng"
        ).campaign
        #expect(campaign.calendar == "GB-ENG")
        #expect(campaign.deadlineRule == "20 business days after the notice (GB-ENG)")
        let computation = DeadlineComputation(campaign: campaign, noticeDate: Fixture.day("2024-05-20"), calendar: gb)
        #expect(computation.result == Fixture.day("2024-06-18"))
        #expect(computation.skipped.map(\.why).contains("Spring Bank Holiday"))
        // Without the calendar, 20 weekdays after the same notice is a day earlier.
        #expect(
            BusinessCalendar.weekdays.businessDay(20, after: Fixture.day("2024-05-20")) == Fixture.day("2024-06-17"))
    }

    @Test func calendarDaysAndMonthsRollToTheNextBusinessDayOnlyWithACalendar() throws {
        let tracker = try Fixture.tracker()
        let withCalendar = try tracker.addCampaign(
            name: "A", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 7, requests: nil,
            template: nil, responseUnit: .days, calendar: "GB-ENG"
        ).campaign
        let without = try tracker.addCampaign(
            name: "B", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 7, requests: nil,
            template: nil
        ).campaign
        let months = try tracker.addCampaign(
            name: "C", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 1, requests: nil,
            template: nil, responseUnit: .months, calendar: "GB-ENG"
        ).campaign
        // 2024-05-20 + 7 = Monday 27 May, the bank holiday: Tuesday with the calendar, as is without.
        #expect(
            withCalendar.deadline(forNoticeSentOn: Fixture.day("2024-05-20"), calendar: gb) == Fixture.day("2024-05-28")
        )
        #expect(
            without.deadline(forNoticeSentOn: Fixture.day("2024-05-20"), calendar: .weekdays)
                == Fixture.day("2024-05-27"))
        // 31 January 2024 + 1 month = 29 February (a Thursday, open); 30 March 2024 + 1 month = 30 April.
        #expect(months.deadline(forNoticeSentOn: Fixture.day("2024-01-31"), calendar: gb) == Fixture.day("2024-02-29"))
        // 2024-04-27 + 1 month = Monday 27 May, the bank holiday: Tuesday 28 May.
        #expect(months.deadline(forNoticeSentOn: Fixture.day("2024-04-27"), calendar: gb) == Fixture.day("2024-05-28"))
    }

    @Test func anUnknownCalendarIsRefusedWithTheClosestNames() throws {
        let tracker = try Fixture.tracker()
        #expect(throws: CalendarError.unknownCalendar(name: "GB-EMG", suggestions: ["GB-ENG"])) {
            try tracker.addCampaign(
                name: "A", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 7, requests: nil,
                template: nil, responseUnit: .businessDays, calendar: "GB-EMG")
        }
        #expect(try tracker.campaignListing(asOf: Fixture.today).rows.isEmpty)
    }

    @Test func extendByCountsFromTheCurrentDeadlineWithTheCampaignsCalendar() throws {
        let tracker = try Fixture.tracker()
        _ = try tracker.addCampaign(
            name: "Wave", issuer: "Label", category: .aiDeveloper, deadline: nil, responseDays: 20, requests: nil,
            template: nil, responseUnit: .businessDays, calendar: "GB-ENG")
        try Fixture.addRecipient(tracker, "Acme AI")
        _ = try tracker.sendNotices(
            to: .named(["Acme AI"]), campaign: "Wave", date: Fixture.day("2024-08-12"))
        // 20 business days after 12 August 2024 skip the late-summer bank holiday (26 August): 10 September.
        #expect(
            try tracker.explainDeadline(recipient: "Acme AI", campaign: nil, asOf: Fixture.day("2024-09-01")).deadline
                == Fixture.day("2024-09-10"))
        #expect(throws: CalendarError.extendByOutOfRange(count: 0)) {
            try tracker.grantExtension(recipient: "Acme AI", campaign: nil, to: .by(0, businessDays: true))
        }
        let changed = try tracker.grantExtension(
            recipient: "Acme AI", campaign: nil, to: .by(5, businessDays: true), note: "asked")
        #expect(changed.deadline == Fixture.day("2024-09-17"))
        let explained = try tracker.explainDeadline(
            recipient: "Acme AI", campaign: nil, asOf: Fixture.day("2024-09-20"))
        #expect(explained.extensions.map(\.from) == [Fixture.day("2024-09-10")])
        #expect(explained.extensions.map(\.note) == ["asked"])
        #expect(explained.calendarDaysLeft == -3)
        #expect(explained.businessDaysLeft == -3)
        #expect(try tracker.verifyHistory().events > 0)
    }
}
