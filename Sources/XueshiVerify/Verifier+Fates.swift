import XueshiModel

/// What became of one record in a check: whether it counts, how many of its hours and toward which
/// year, and if not, why. A statement lists it beside the record.
public struct RecordFate: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Every hour counts toward the record's year.
        case counted
        /// Some of its hours are past a cap of the year: `counted` of them count.
        case partlyOverCap
        /// All of its hours are past a cap.
        case overCap
        /// Waiting for review: would count once approved.
        case pending
        case rejected
        /// A status the policy does not count (a policy may count approved records only, or others).
        case statusNotCounted
        /// Its date is after the as-of day.
        case afterAsOf
        /// It has no date, and its year has not begun by the as-of day.
        case yearNotBegun
        /// Its year is not one the policy checks.
        case outsidePolicyYears
    }

    public var kind: Kind
    /// The year it counts toward (the record's own).
    public var year: Int
    /// Hours of it that count.
    public var counted: Hours
    /// Whether the year is exempt for the person (its hours are still shown as counted).
    public var exemptYear: Bool
    /// The fate in words for a statement.
    public var text: String
}

extension Verifier {
    /// The fate of each of a person's records (in the order given), from the verdict the verifier made
    /// of the same person: a record counts under the same rule the ledger's sums follow (status, as-of
    /// day, policy years), and the hours the verdict's caps took away are taken from the records they
    /// came from, the latest first. So the counted hours of the records of a year add up to the year's
    /// counted hours in the verdict.
    public func fates(of records: [HourRecord], in verdict: Verdict) -> [RecordFate] {
        let yearVerdicts = Dictionary(verdict.years.map { ($0.year, $0) }, uniquingKeysWith: { first, _ in first })
        var fates: [RecordFate] = records.map { record in
            let exempt = yearVerdicts[record.year]?.exemption != nil
            func fate(_ kind: RecordFate.Kind, _ text: String, counted: Hours = .zero) -> RecordFate {
                RecordFate(kind: kind, year: record.year, counted: counted, exemptYear: exempt, text: text)
            }
            guard policy.years.contains(record.year) else { return fate(.outsidePolicyYears, "不在核查年度内") }
            if let date = record.effectiveDate {
                if date > asOf { return fate(.afterAsOf, "晚于核查日 \(asOf)，不计") }
            } else if CalendarDate(year: record.year, month: 1, day: 1)! > asOf {
                return fate(.yearNotBegun, "\(record.year) 年尚未开始，不计")
            }
            guard policy.countedStatuses.contains(record.status) else {
                switch record.status {
                case .pending: return fate(.pending, "待审核，通过后计入")
                case .rejected: return fate(.rejected, "未通过审核，不计")
                case .approved: return fate(.statusNotCounted, "该审核状态不计入")
                }
            }
            return fate(.counted, "", counted: record.hours)
        }

        // The caps' deductions, year by year: form caps first, then category caps, as the verdict took them.
        for (year, yearVerdict) in yearVerdicts {
            let deductions = yearVerdict.capDeductions
            guard !deductions.form.isEmpty || !deductions.category.isEmpty else { continue }
            // Latest first: the hours past a cap are the last ones earned.
            let latestFirst = records.indices.filter { records[$0].year == year && fates[$0].kind == .counted }
                .sorted { a, b in
                    let left = records[a].effectiveDate?.yyyymmdd ?? 0, right = records[b].effectiveDate?.yyyymmdd ?? 0
                    return left != right ? left > right : a > b
                }
            func take(_ amount: Hours, from candidates: [Int]) {
                var left = amount
                for index in candidates where left > .zero {
                    let taken = min(left, fates[index].counted)
                    fates[index].counted = fates[index].counted - taken
                    left = left - taken
                }
            }
            for (form, byCategory) in deductions.form {
                for (category, amount) in byCategory {
                    take(amount, from: latestFirst.filter { records[$0].form == form && records[$0].category == category })
                }
            }
            for (category, amount) in deductions.category {
                take(amount, from: latestFirst.filter { records[$0].category == category })
            }
        }

        for index in fates.indices where fates[index].kind == .counted {
            let record = records[index]
            let counted = fates[index].counted
            let exemptNote = fates[index].exemptYear ? "（该年度免于核查）" : ""
            if counted == record.hours {
                fates[index].text = "计入 \(record.year) 年" + exemptNote
            } else if counted == .zero {
                fates[index].kind = .overCap
                fates[index].text = "超出 \(record.year) 年的上限，不计"
            } else {
                fates[index].kind = .partlyOverCap
                fates[index].text = "计入 \(record.year) 年 \(counted) 学时，超出上限的 \(record.hours - counted) 学时不计" + exemptNote
            }
        }
        return fates
    }
}
