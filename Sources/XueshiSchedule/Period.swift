import XueshiModel

/// The period a delivery belongs to: a job sends once per period and destination. Its key is what
/// the run log stores and what `schedule history` shows: "2025-09-01", "2025-W36", "2025-09", or for
/// a reminder "2025-08-01（截止前 30 天）".
public struct Period: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    /// The first day of the period.
    public var start: CalendarDate

    public init(key: String, start: CalendarDate) { self.key = key; self.start = start }

    public var description: String { key }

    /// The day, ISO 8601 week (Monday first; the week belongs to the year of its Thursday) or month
    /// that holds `date`.
    public static func containing(_ date: CalendarDate, every: Job.Every) -> Period {
        switch every {
        case .day:
            return Period(key: date.description, start: date)
        case .month:
            let first = CalendarDate(year: date.year, month: date.month, day: 1)!
            return Period(key: String(date.description.prefix(7)), start: first)
        case .week:
            let days = date.daysSinceEpoch
            // 1970-01-01 was a Thursday: weekday 1 = Monday … 7 = Sunday.
            let weekday = ((days + 3) % 7 + 7) % 7 + 1
            let monday = CalendarDate(daysSinceEpoch: days - (weekday - 1))
            let thursday = CalendarDate(daysSinceEpoch: days - (weekday - 1) + 3)
            let januaryFirst = CalendarDate(year: thursday.year, month: 1, day: 1)!
            let week = (thursday.daysSinceEpoch - januaryFirst.daysSinceEpoch) / 7 + 1
            return Period(key: "\(thursday.year)-W\(week < 10 ? "0" : "")\(week)", start: monday)
        }
    }

    /// The reminder due on `today` for a deadline: the nearest of the days set that has come (so a
    /// run missed on the day itself still sends it, once), none before the first or after the deadline.
    public static func reminder(today: CalendarDate, deadline: CalendarDate, daysBefore: [Int]) -> Period? {
        let left = deadline.daysSinceEpoch - today.daysSinceEpoch
        guard left >= 0, let days = daysBefore.filter({ $0 >= left }).min() else { return nil }
        let day = CalendarDate(daysSinceEpoch: deadline.daysSinceEpoch - days)
        return Period(key: "\(day)（截止前 \(days) 天）", start: day)
    }
}

extension Schedule {
    /// One delivery the schedule wants made: a job's period to one destination.
    public struct Due: Sendable, Hashable {
        public var job: String
        public var period: Period
        public var destination: String
    }

    /// Every delivery due on `today`, in the file's order of jobs and destinations. `deadline` gives a
    /// reminder job its policy's `hours_due` (nil: the policy has none, and no reminder is due). Which
    /// of these were already delivered is the run log's business.
    public func due(today: CalendarDate, deadline: (Job) -> CalendarDate?) -> [Due] {
        var due: [Due] = []
        for job in jobs {
            let period: Period?
            switch job.kind {
            case .report:
                period = Period.containing(today, every: job.every ?? .day)
            case .reminders(let days):
                period = deadline(job).flatMap { Period.reminder(today: today, deadline: $0, daysBefore: days) }
            }
            guard let period else { continue }
            for destination in job.destinations { due.append(Due(job: job.name, period: period, destination: destination)) }
        }
        return due
    }
}
