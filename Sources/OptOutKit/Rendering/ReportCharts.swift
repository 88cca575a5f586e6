/// The geometry of the HTML report's charts, in SVG user units (the template's `viewBox`).
///
/// Everything that takes arithmetic (bar lengths, positions, ticks, labels) is worked out here, so
/// the template only places what it is given and a team can restyle it without doing sums. Values
/// reach Mustache by their property names; every number is rounded to a tenth of a unit.

// MARK: - Cases by state

/// Cases by state as horizontal bars: every state in state order, zeros included, each bar with
/// its count and its share of the cases written beside it.
struct StateChart {
    /// One state's bar.
    struct Bar {
        var state: String
        var count: String
        /// Its share of all cases: `28%` (`<1%` for a few, empty for none).
        var share: String
        var y: Double
        var length: Double
        /// Baseline of the label and count, centred on the bar.
        var textY: Double
        /// Where the count is written: just past the end of the bar.
        var countX: Double
    }

    var width = 520.0
    var height: Double
    /// The right edge of the state names.
    var labelX = 104.0
    /// Where the bars start.
    var barX = 112.0
    var barHeight = 18.0
    /// The longest bar: the state with the most cases.
    var trackLength: Double
    var bars: [Bar]

    init(byState: [String: Int]) {
        let rowHeight = 28.0
        let room = 92.0  // for the count and share after the longest bar
        trackLength = width - barX - room
        let counts = CaseState.allCases.map { byState[$0.rawValue] ?? 0 }
        let most = max(counts.max() ?? 0, 1)
        let total = counts.reduce(0, +)
        var bars: [Bar] = []
        for (index, state) in CaseState.allCases.enumerated() {
            let count = counts[index]
            let y = 6 + Double(index) * rowHeight
            let length = count == 0 ? 0 : max(Double(count) / Double(most) * trackLength, 1.5)
            bars.append(
                Bar(
                    state: state.rawValue, count: Figures.grouped(count), share: Figures.percent(count, of: total),
                    y: rounded(y),
                    length: rounded(length), textY: rounded(y + barHeight / 2 + 4.5), countX: rounded(barX + length + 6)
                ))
        }
        self.bars = bars
        height = 12 + Double(counts.count) * rowHeight - (rowHeight - barHeight)
    }
}

// MARK: - Replies per week

/// Replies received per week (weeks start on Monday) as vertical bars from the first week to the
/// last, weeks without a reply drawn as zero; each campaign's fixed deadline is a vertical line,
/// and a campaign whose deadlines run N days after each notice is the span of its cases'
/// deadlines, shaded.
struct ReplyChart {
    /// One week's bar.
    struct Week {
        /// The Monday the week starts on, `2024-05-13`.
        var week: String
        var count: String
        var isZero: Bool
        var x: Double
        var y: Double
        var barWidth: Double
        var barHeight: Double
        /// Centre of the bar, where its count and axis label go.
        var centreX: Double
        var countY: Double
        /// Whether this week carries an axis label (`13 May`), and the year under it when the
        /// year is new to the axis.
        var hasLabel: Bool
        var label: String
        var hasYear: Bool
        var year: String
    }

    /// A line across the plot at a round number of replies.
    struct Tick {
        var value: String
        var y: Double
        var textY: Double
    }

    /// A campaign's fixed deadline (`last` equal to `first`) or the span of its cases' deadlines.
    struct Deadline {
        var campaign: String
        var first: String
        var last: String
        var isSpan: Bool
        var x: Double
        /// The span's width and right edge (0 and `x` for a fixed deadline), and whether that edge is
        /// inside the chart (a span that runs past the last week is cut at the chart's edge).
        var spanWidth: Double
        var endX: Double
        var endsInChart: Bool
        var lineTop: Double
        var lineHeight: Double
        var labelX: Double
        var labelY: Double
        /// `start` (label to the right of the line) or `end` (to the left, near the right edge).
        var anchor: String
    }

    var width = 1000.0
    var height: Double
    var plotLeft = 48.0
    var plotRight: Double
    var plotTop: Double
    var plotBottom: Double
    /// Where the tick values end (right-aligned), the week labels and years sit, and the axis title.
    var tickLabelX: Double
    var axisLabelY: Double
    var yearLabelY: Double
    var axisTitleX: Double
    var axisTitleY: Double
    var weeks: [Week]
    var ticks: [Tick]
    var deadlines: [Deadline]
    /// Whether counts are written upright above the bars, or turned a quarter (many narrow weeks).
    var uprightCounts: Bool
    var countFontSize: Double
    var firstWeek: String
    var lastWeek: String
    var replies: String
    var isEmpty: Bool

    /// The most weeks the chart draws (ten years).
    static let maximumWeeks = 520

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    init(repliesByWeek: [(week: Day, count: Int)], campaigns: [CampaignStatus]) {
        let fixed = campaigns.compactMap { campaign in campaign.deadline.map { (campaign.name, $0...$0, false) } }
        let spans = campaigns.compactMap { campaign in
            campaign.deadline == nil ? campaign.caseDeadlines.map { (campaign.name, $0, true) } : nil
        }
        let marks = fixed + spans
        let plotLeft = self.plotLeft
        let plotRight = width - 12
        let plotTop = 14 + Double(marks.count) * 15
        let plotBottom = plotTop + 190
        self.plotTop = plotTop
        self.plotBottom = plotBottom
        tickLabelX = plotLeft - 8
        axisLabelY = plotBottom + 16
        yearLabelY = plotBottom + 29
        axisTitleX = rounded((plotLeft + plotRight) / 2)
        axisTitleY = plotBottom + 44
        height = axisTitleY + 8
        self.plotRight = plotRight
        isEmpty = repliesByWeek.isEmpty
        replies = Figures.grouped(repliesByWeek.reduce(0) { $0 + $1.count })

        // The weeks: from the first reply to the last, stretched to take in each fixed deadline.
        let replyWeeks = repliesByWeek.map(\.week.startOfWeek)
        var first = (replyWeeks + fixed.map(\.1.lowerBound.startOfWeek)).min() ?? Day(ordinal: 0).startOfWeek
        var last = (replyWeeks + fixed.map(\.1.lowerBound.startOfWeek)).max() ?? first
        // At most `maximumWeeks`, ending with the last reply: a deadline typed 9999-12-31 (or a
        // date written outside optout) must not draw a bar for every week until then.
        if last.days(since: first) / 7 + 1 > Self.maximumWeeks {
            last = replyWeeks.max() ?? first
            first = max(first, last.adding(days: -7 * (Self.maximumWeeks - 1)))
        }
        firstWeek = first.description
        lastWeek = last.description
        let weekCount = last.days(since: first) / 7 + 1
        var counts = [Int](repeating: 0, count: weekCount)
        for (week, count) in repliesByWeek {
            let index = week.startOfWeek.days(since: first) / 7
            if counts.indices.contains(index) { counts[index] += count }
        }

        let slot = (plotRight - plotLeft) / Double(weekCount)
        let most = counts.max() ?? 0
        let step = Self.niceStep(most)
        let top = max(step, (most + step - 1) / step * step)
        let plotHeight = plotBottom - plotTop
        ticks = stride(from: 0, through: top, by: step).map { value in
            let y = plotBottom - Double(value) / Double(top) * plotHeight
            return Tick(value: Figures.grouped(value), y: rounded(y), textY: rounded(y + 4))
        }
        uprightCounts = slot >= 18
        countFontSize = rounded(min(11, max(6, slot * 0.8)))
        let labelEvery = max(1, Int((58 / slot).rounded(.up)))
        var weeks: [Week] = []
        var labelledYear: Int?
        for (index, count) in counts.enumerated() {
            let monday = first.adding(days: 7 * index)
            let barHeight = Double(count) / Double(top) * plotHeight
            let (year, month, day) = monday.components
            let hasLabel = index % labelEvery == 0
            let hasYear = hasLabel && labelledYear != year
            if hasLabel { labelledYear = year }
            let x = plotLeft + Double(index) * slot
            weeks.append(
                Week(
                    week: monday.description, count: Figures.grouped(count), isZero: count == 0,
                    x: rounded(x + slot * 0.15),
                    y: rounded(plotBottom - barHeight), barWidth: rounded(slot * 0.7), barHeight: rounded(barHeight),
                    centreX: rounded(x + slot / 2), countY: rounded(plotBottom - barHeight - 4),
                    hasLabel: hasLabel, label: "\(day) \(Self.months[month - 1])", hasYear: hasYear, year: String(year))
            )
        }
        self.weeks = weeks

        // A day's place on the axis: its week's slot, then its weekday within the week.
        func position(_ day: Day) -> Double {
            let offset = Double(day.days(since: first)) + 0.5
            return min(max(plotLeft + offset / 7 * slot, plotLeft), plotRight)
        }
        deadlines = marks.enumerated().map { index, mark in
            let (campaign, range, isSpan) = mark
            let x = position(range.lowerBound)
            let end = position(range.upperBound)
            let labelY = 12 + Double(index) * 15
            let rightSide = x > plotLeft + (plotRight - plotLeft) * 0.6
            return Deadline(
                campaign: campaign, first: range.lowerBound.description, last: range.upperBound.description,
                isSpan: isSpan, x: rounded(x), spanWidth: rounded(max(end - x, 0)), endX: rounded(end),
                endsInChart: isSpan && end < plotRight, lineTop: rounded(labelY + 4),
                lineHeight: rounded(plotBottom - labelY - 4),
                labelX: rounded(rightSide ? x - 5 : x + 5), labelY: rounded(labelY),
                anchor: rightSide ? "end" : "start")
        }
    }

    /// A round step (1, 2 or 5 times a power of ten) that divides `0...most` into at most five.
    static func niceStep(_ most: Int) -> Int {
        var magnitude = 1
        while true {
            for factor in [1, 2, 5] where most <= factor * magnitude * 5 { return factor * magnitude }
            magnitude *= 10
        }
    }
}

// MARK: - Numbers for people

/// `x` to a tenth of a unit, enough for an SVG drawn at page size.
private func rounded(_ x: Double) -> Double { (x * 10).rounded() / 10 }

/// Counts and shares written for a reader.
enum Figures {
    /// `27070` as `27,070`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `part` as a whole percentage of `whole`: `28%`; `<1%` for a share that would round to nothing;
    /// empty when `part` is 0 or there is no whole.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard part > 0, whole > 0 else { return "" }
        let value = (Double(part) / Double(whole) * 100).rounded()
        return value < 1 ? "<1%" : "\(Int(value))%"
    }
}
