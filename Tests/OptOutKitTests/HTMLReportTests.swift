import Foundation
import Testing

@testable import OptOutKit

/// `optout report --format html`: one self-contained page that shows every value as text.
@Suite struct HTMLReportTests {
    static let scriptName = "<script>alert(1)</script> AI"
    static let attributeName = "\"><img src=x onerror=alert(1)>"
    /// A prepended mark makes `\u{600}<` one character, which character-wise escaping would miss.
    static let prependedName = "\u{600}<script>alert(2)</script> Labs"
    static let hostileCampaign = "Notice <b>\"2026\"</b> & 'friends'"

    /// Four AI developers notified on 2026-01-10 (deadline 2026-02-10, a Tuesday) and one left in
    /// draft. Replies: Alpha on Monday 2026-01-12 and Sunday 2026-01-18, Bravo on 2026-01-18
    /// (three in the week of 2026-01-12), Charlie on Tuesday 2026-01-27 (one in the week of
    /// 2026-01-26); Delta never replies. On 2026-03-15 Bravo (acknowledged) and Delta (notified)
    /// are overdue.
    static func campaign() throws -> Tracker {
        let tracker = try Fixture.tracker()
        try Fixture.addCampaign(tracker)
        for name in ["Alpha AI", "Bravo AI", "Charlie AI", "Delta AI", "Echo AI"] {
            try Fixture.addRecipient(tracker, name)
        }
        _ = try tracker.sendNotices(
            to: .named(["Alpha AI", "Bravo AI", "Charlie AI", "Delta AI"]), campaign: nil,
            date: Fixture.noticeDay)
        func reply(_ name: String, _ date: String, _ kind: ReplyKind) throws {
            _ = try tracker.recordReply(
                recipient: name, campaign: Fixture.campaign, date: Fixture.day(date), kind: kind)
        }
        try reply("Alpha AI", "2026-01-12", .acknowledgement)
        try reply("Alpha AI", "2026-01-18", .noUse)
        try reply("Bravo AI", "2026-01-18", .acknowledgement)
        try reply("Charlie AI", "2026-01-27", .refusal)
        return tracker
    }

    static func html(_ tracker: Tracker, campaign: String? = nil) throws -> String {
        try ReportRenderer().render(try tracker.report(asOf: Fixture.today, campaign: campaign), as: .html)
    }

    /// The text between `start` and the next `end` after it.
    static func part(
        of html: String, from start: String, to end: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Substring {
        let from = try #require(html.range(of: start), "no \(start) in the page", sourceLocation: sourceLocation)
        let to = try #require(
            html[from.upperBound...].range(of: end), "no \(end) after \(start)", sourceLocation: sourceLocation)
        return html[from.lowerBound..<to.upperBound]
    }

    // MARK: - Escaping

    @Test func hostileNamesShowAsTextAndNeverAsMarkup() throws {
        // Given recipients and a campaign whose names are markup
        let tracker = try Fixture.tracker()
        _ = try tracker.addCampaign(
            name: Self.hostileCampaign, issuer: "Issuer <i>Inc</i>", category: .aiDeveloper,
            deadline: Fixture.campaignDeadline, responseDays: nil, requests: nil, template: nil)
        for name in [Self.scriptName, Self.attributeName, Self.prependedName] {
            try Fixture.addRecipient(tracker, name)
        }
        _ = try tracker.sendNotices(to: .allDrafts, campaign: nil, date: Fixture.noticeDay)

        // When the HTML report is rendered
        let html = try Self.html(tracker)

        // Then each name is there, escaped, and no tag of theirs is
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; AI"))
        #expect(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"))
        #expect(html.contains("Notice &lt;b&gt;&quot;2026&quot;&lt;/b&gt; &amp; &#39;friends&#39;"))
        #expect(html.contains("Issuer &lt;i&gt;Inc&lt;/i&gt;"))
        #expect(html.contains("\u{600}\u{200B}&lt;\u{200B}script&gt;alert(2)&lt;/script&gt; Labs"))
        for raw in ["<script", "<img", "<b>", "<i>", "onerror=alert(1)>", "alert(2)</script>"] {
            #expect(!html.lowercased().contains(raw), "the page holds \(raw) unescaped")
        }
    }

    @Test(arguments: ["\u{600}<x", "a\"\u{301}b", "<\u{20DD}", "&\u{200D}&", "\u{110BD}'", "plain <b> & \"q\" 'a'"])
    func everyMarkupCharacterStandsAloneForMustacheToEscape(text: String) {
        // Given text where a markup scalar may share its character with a mark, when made escapable,
        // then every markup scalar is a character of its own, and only zero-width spaces were added
        let escapable = ReportRenderer.escapable(text)
        for character in escapable
        where character.unicodeScalars.contains(where: { "<>&\"'".unicodeScalars.contains($0) }) {
            #expect(
                character.unicodeScalars.count == 1,
                "\(character.unicodeScalars.map(\.value)) is not escaped by Mustache")
        }
        #expect(escapable.unicodeScalars.filter { $0 != "\u{200B}" } == Array(text.unicodeScalars))
    }

    @Test func ordinaryTextIsLeftAsItIs() {
        #expect(ReportRenderer.escapable("Müller KI GmbH") == "Müller KI GmbH")
        #expect(ReportRenderer.escapable("Tom & Jerry's <Labs>") == "Tom & Jerry's <Labs>")
    }

    // MARK: - A page on its own

    @Test func pageLoadsNothingAndRunsNothing() throws {
        let html = try Self.html(try Self.campaign()).lowercased()
        #expect(html.hasPrefix("<!doctype html>"))
        for loader in [
            "http://", "https://", "src=", "href=", "@import", "url(", "<script", "<link", "<iframe", "<object",
            "<embed", "<img", " on", "javascript:",
        ] where loader != " on" {
            #expect(!html.contains(loader), "the page holds \(loader)")
        }
        #expect(html.firstMatch(of: #/\son[a-z]+\s*=/#) == nil, "the page holds an event handler")
    }

    @Test func pageHasAnA4PrintStylesheet() throws {
        let html = try Self.html(try Self.campaign())
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("@media print"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("tr { break-inside: avoid; }"))
    }

    // MARK: - Figures

    @Test func headlineCountsNotifiedRepliedOverdueAndTheResponseRate() throws {
        let tracker = try Self.campaign()
        let report = try tracker.report(asOf: Fixture.today)
        #expect(report.notified == 4)
        #expect(report.replied == 3)
        let figures = try Self.part(
            of: try Self.html(tracker), from: "<div class=\"figures\">", to: "<div class=\"panels\">")
        let values = figures.matches(of: #/<p class="label">([^<]+)</p>\s*<p class="value">([^<]+)</p>/#)
            .map { "\($0.1)=\($0.2)" }
        // "Response rate" (which counted an acknowledgement as an answer) gave way to "Answered in full" (issue 12).
        #expect(values == ["Notified=4", "Replied=3", "Answered in full=1", "Overdue=2"])
    }

    @Test func stateChartShowsEveryStateWithItsCountInStateOrder() throws {
        let html = try Self.html(try Self.campaign())
        let chart = try Self.part(of: html, from: "<svg class=\"chart states\"", to: "</svg>")
        let bars = chart.matches(
            of: #/<g class="s-([a-z]+)">.*?<text class="value"[^>]*>([0-9,]+) /#.dotMatchesNewlines()
        )
        .map { "\($0.1)=\($0.2)" }
        #expect(
            bars == [
                "draft=1", "notified=1", "acknowledged=1", "incomplete=0", "responded=1", "refused=1",
                "escalated=0", "resolved=0",
            ])
    }

    @Test func overdueTableListsTheOverdueCasesWithTheirDaysOverdue() throws {
        let html = try Self.html(try Self.campaign())
        let table = try Self.part(of: html, from: "<table class=\"overdue", to: "</table>")
        let rows = table.matches(
            of:
                #/<tr><td>([^<]+)</td><td[^>]*>ai-developer</td><td>Reservation 2024</td><td><span class="state s-([a-z]+)">[a-z]+</span></td><td class="date">2026-01-10</td><td class="date">2026-02-10</td><td class="num overdue">(\d+)</td></tr>/#
        )
        .map { "\($0.1) \($0.2) \($0.3)" }
        #expect(rows == ["Bravo AI acknowledged 33", "Delta AI notified 33"])
        #expect(html.contains("Overdue cases <span class=\"count\">(2)</span>"))
    }

    @Test func everyCaseIsInTheCaseTable() throws {
        let html = try Self.html(try Self.campaign())
        let table = try Self.part(of: html, from: "<table class=\"cases", to: "</table>")
        for name in ["Alpha AI", "Bravo AI", "Charlie AI", "Delta AI", "Echo AI"] {
            #expect(table.contains("<tr><td>\(name)</td>"))
        }
        #expect(table.contains("everything requested"))
    }

    @Test func disclosuresSummaryShowsWorksCopiesAndAccessMethods() throws {
        let tracker = try Fixture.oneDraftCase()
        try Fixture.sendNotice(tracker)
        _ = try tracker.recordReply(
            recipient: Fixture.recipient, campaign: nil, date: Fixture.drivingReplyDay,
            kind: .disclosure, disclosures: [Fixture.completeDisclosure])
        let html = try Self.html(tracker)
        #expect(html.contains("<p class=\"value\">1</p><p class=\"label\">works disclosed</p>"))
        #expect(html.contains("<p class=\"value\">3</p><p class=\"label\">copies made</p>"))
        #expect(html.contains("<p class=\"value\">0</p><p class=\"label\">copies still held</p>"))
        #expect(
            html.contains("<tr><td class=\"nowrap\">web-scrape</td><td class=\"num\">1</td><td class=\"num\">100%</td>")
        )
    }

    // MARK: - Replies per week

    @Test func repliesAreCountedInTheWeekOfTheirMonday() throws {
        let report = try Self.campaign().report(asOf: Fixture.today)
        #expect(report.repliesByWeek.map { "\($0.week) \($0.count)" } == ["2026-01-12 3", "2026-01-26 1"])
    }

    @Test func replyChartHasEveryWeekFromTheFirstReplyToTheDeadlineWithZeros() throws {
        let html = try Self.html(try Self.campaign())
        let weeks = html.matches(of: #/<title>Week of (\d{4}-\d{2}-\d{2}): ([0-9,]+)</title>/#).map {
            "\($0.1) \($0.2)"
        }
        #expect(weeks == ["2026-01-12 3", "2026-01-19 0", "2026-01-26 1", "2026-02-02 0", "2026-02-09 0"])
        #expect(html.contains("<line class=\"deadline-line\""))
        #expect(html.contains("Deadline 2026-02-10 <tspan class=\"campaign\">Reservation 2024</tspan>"))
    }

    @Test func deadlineLineFallsOnItsDayWithinItsWeek() throws {
        // The chart spans five weeks; 2026-02-10 is the Tuesday of the fifth: 4 weeks and 1.5 days in.
        let report = try Self.campaign().report(asOf: Fixture.today)
        let chart = ReplyChart(repliesByWeek: report.repliesByWeek, campaigns: report.campaigns)
        let deadline = try #require(chart.deadlines.first)
        let slot = (chart.plotRight - chart.plotLeft) / 5
        #expect(abs(deadline.x - (chart.plotLeft + slot * (4 + 1.5 / 7))) < 0.1)
        #expect(!deadline.isSpan)
    }

    @Test func replyChartShowsOnlyTheReportsCampaignsAndSpansAResponseWindow() throws {
        // Given a second campaign, deadlines 30 days after each notice, with a reply of its own in March
        let tracker = try Self.campaign()
        try Fixture.addCampaign(tracker, "Follow-up 2026", responseDays: 30)
        _ = try tracker.sendNotices(
            to: .named(["Alpha AI"]), campaign: "Follow-up 2026", date: Fixture.day("2026-02-02"))
        _ = try tracker.recordReply(
            recipient: "Alpha AI", campaign: "Follow-up 2026", date: Fixture.day("2026-03-04"),
            kind: .acknowledgement)

        // When the report covers the first campaign, then its reply is left out
        let first = try Self.html(tracker, campaign: Fixture.campaign)
        #expect(!first.contains("Week of 2026-03-02"))
        #expect(!first.contains("Follow-up 2026"))

        // When it covers both, then the reply is in its week and the response window is a span
        let both = try Self.html(tracker)
        #expect(both.contains("<title>Week of 2026-03-02: 1</title>"))
        #expect(both.contains("<rect class=\"deadline-span\""))
        #expect(both.contains("Deadlines 2026-03-04 to 2026-03-04 <tspan class=\"campaign\">Follow-up 2026</tspan>"))
        #expect(both.contains("Deadline 2026-02-10 <tspan class=\"campaign\">Reservation 2024</tspan>"))
    }

    @Test func reportWithoutRepliesSaysSo() throws {
        let html = try Self.html(try Fixture.oneDraftCase())
        #expect(html.contains("No reply received yet."))
        #expect(html.contains("No case is overdue."))
        // Nothing notified: no share of the notified cases is shown (the "–" response rate gave way to it, issue 12).
        #expect(!html.contains("of notified:"))
    }

    @Test func niceStepsAreOneTwoOrFiveTimesAPowerOfTen() {
        #expect(
            [0, 3, 5, 6, 10, 11, 184, 1_000, 12_345].map(ReplyChart.niceStep) == [1, 1, 1, 2, 2, 5, 50, 200, 5_000])
    }
}
