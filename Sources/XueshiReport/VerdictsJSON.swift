import Foundation
import XueshiModel
import XueshiVerify

/// `verify --json` and `check --json` (INTERFACE.md), with more fields beside the contract's, written
/// as a stream (keys in sorted order).
public enum VerdictsJSON {
    /// `records`, for statements (`check`, `report person`): each person's records with their fate and
    /// source, as `"records"` beside the verdict.
    public static func write(policy: Policy, asOf: CalendarDate, verdicts: [Verdict], reveal: Bool,
                             records: [ResidentID: [RecordLine]]? = nil, to sink: ReportSink) {
        let json = JSONStream(to: sink)
        json.object {
            json.field("asOf", asOf.description)
            json.key("people")
            json.array {
                for verdict in verdicts { person(verdict, reveal: reveal, records: records?[verdict.id], json) }
            }
            json.field("policy", policy.name)
        }
        json.finish()
    }

    static func person(_ verdict: Verdict, reveal: Bool, records: [RecordLine]?, _ json: JSONStream) {
        json.object {
            json.field("deadline", verdict.deadline?.date.description)
            json.field("id", verdict.id.shown(reveal: reveal))
            json.field("meets", verdict.meets)
            json.field("name", verdict.name)
            if !verdict.period.isEmpty {
                json.key("period")
                json.array { for requirement in verdict.period { self.requirement(requirement, json) } }
            }
            json.key("reasons")
            json.array { for reason in VerdictWords.reasons(verdict) { json.string(reason) } }
            if let records {
                json.key("records")
                json.array { for line in records { record(line, json) } }
            }
            json.field("status", verdict.status.rawValue)
            json.field("stillNeeded", verdict.stillNeeded)
            json.field("unit", verdict.unit)
            json.key("years")
            json.array {
                for year in verdict.years {
                    json.object {
                        json.key("categories")
                        json.object {
                            for category in Category.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                                json.key(dynamic: category.rawValue)
                                json.hours(year.categories[category] ?? .zero)
                            }
                        }
                        json.field("counted", year.counted)
                        json.field("exempt", year.exemption)
                        json.field("finished", year.finished)
                        json.field("meets", year.meets)
                        json.field("overCap", year.overCap)
                        json.field("pending", year.pending)
                        json.key("requirements")
                        json.array { for requirement in year.requirements { self.requirement(requirement, json) } }
                        json.field("shortfall", year.shortfall)
                        json.field("year", year.year)
                    }
                }
            }
        }
    }

    static func record(_ line: RecordLine, _ json: JSONStream) {
        json.object {
            json.field("category", line.category.rawValue)
            json.field("counted", line.counted)
            json.field("date", line.date?.description)
            json.field("fate", line.fate)
            json.field("hours", line.hours)
            json.field("organizer", line.organizer)
            json.field("sourceFile", line.sourceFile)
            json.field("sourceRow", line.sourceRow)
            json.field("status", line.status.rawValue)
            json.field("title", line.title)
            json.field("year", line.year)
        }
    }

    static func requirement(_ requirement: Requirement, _ json: JSONStream) {
        json.object {
            json.field("category", requirement.category?.rawValue)
            json.field("counted", requirement.counted)
            json.field("minimum", requirement.minimum)
            json.field("missing", requirement.missing)
        }
    }
}

