import XueshiModel

/// Compares rosters with registered records (DOMAIN.md: the roster is the authority on who works in a
/// unit now). Pure: the ledger reads the input, front ends lay out the result.
public struct Reconciler: Sendable {
    /// The policy's years: a year with no record at all is missing, once it has begun.
    public var years: [Int]
    public var asOf: CalendarDate
    public var policyName: String
    /// Only this unit's people (by the roster's unit, or the records' for people on no roster).
    public var unit: String?
    /// How far a registered record's hours may be from an internal training's and still be it.
    public var hoursTolerance: Hours

    public static let defaultHoursTolerance = Hours(hundredths: 50)

    public init(years: [Int], asOf: CalendarDate, policyName: String, unit: String? = nil,
                hoursTolerance: Hours = Reconciler.defaultHoursTolerance) {
        self.years = years; self.asOf = asOf; self.policyName = policyName; self.unit = unit; self.hoursTolerance = hoursTolerance
    }

    public func reconcile(_ input: ReconcileInput) -> Reconciliation {
        var result = Reconciliation(asOf: asOf, policy: policyName, years: years)
        let recordedByID = Dictionary(input.recorded.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let rosterByID = Dictionary(input.roster.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let active = input.roster.filter { $0.employment == .active }
        let yearsBegun = years.filter { $0 <= asOf.year }
        func inScope(_ unitName: String) -> Bool { unit == nil || unitName == unit }
        func person(_ entry: ReconcileInput.RosterPerson) -> Reconciliation.Person {
            .init(id: entry.id, name: entry.name, unit: entry.unit, department: entry.department)
        }

        for entry in active where inScope(entry.unit) {
            result.rosterPeople += 1
            guard let recorded = recordedByID[entry.id] else {
                result.noRecords.append(person(entry))
                continue
            }
            let exempt = input.exemptYears[entry.id] ?? []
            let missing = yearsBegun.filter { year in
                !recorded.years.contains(year) && !exempt.contains(year) && !(entry.workStart.map { year < $0.year } ?? false)
            }
            if !missing.isEmpty { result.missingYears.append(.init(person: person(entry), years: missing)) }
            let others = recorded.names.filter { $0 != entry.name }
            if !others.isEmpty {
                result.nameMismatch.append(.init(id: entry.id, unit: entry.unit, rosterName: entry.name, recordNames: others))
            }
        }
        for entry in active {
            guard let recorded = recordedByID[entry.id], recorded.unit != entry.unit,
                  inScope(entry.unit) || inScope(recorded.unit) else { continue }
            result.unitMismatch.append(.init(id: entry.id, name: entry.name, rosterUnit: entry.unit, recordUnit: recorded.unit))
        }
        for recorded in input.recorded where rosterByID[recorded.id] == nil && inScope(recorded.unit) {
            result.notOnRoster.append(.init(id: recorded.id, name: recorded.names.first ?? "", unit: recorded.unit, department: nil))
        }
        matchTrainings(input, rosterByID: rosterByID, active: active, into: &result)
        sort(&result)
        return result
    }

    /// Each attendee of each internal training: who they are (by ID, else by a name that one person on
    /// the roster has), and whether a registered record of theirs matches the training — dates
    /// overlapping, hours within the tolerance.
    private func matchTrainings(_ input: ReconcileInput, rosterByID: [ResidentID: ReconcileInput.RosterPerson],
                                active: [ReconcileInput.RosterPerson], into result: inout Reconciliation) {
        guard !input.trainings.isEmpty else { return }
        var byName: [String: [ReconcileInput.RosterPerson]] = [:]
        for entry in active { byName[entry.name, default: []].append(entry) }
        var recordsByID: [ResidentID: [ReconcileInput.RegisteredRecord]] = [:]
        for record in input.records { recordsByID[record.id, default: []].append(record) }
        var recordedByName: [String: [ReconcileInput.RecordedPerson]] = [:]
        for person in input.recorded { for name in Set(person.names) { recordedByName[name, default: []].append(person) } }

        for sheet in input.trainings {
            let training = sheet.training
            for attendee in training.attendees {
                var who: Reconciliation.Person?
                if let id = attendee.id {
                    if let entry = rosterByID[id] {
                        who = .init(id: id, name: entry.name, unit: entry.unit, department: entry.department)
                    } else {
                        who = .init(id: id, name: attendee.name, unit: training.unit ?? "", department: nil)
                    }
                } else {
                    var namesakes = byName[attendee.name] ?? []
                    if namesakes.count > 1, let unit = training.unit {
                        let sameUnit = namesakes.filter { $0.unit == unit }
                        if !sameUnit.isEmpty { namesakes = sameUnit }
                    }
                    if namesakes.count == 1 {
                        let entry = namesakes[0]
                        who = .init(id: entry.id, name: entry.name, unit: entry.unit, department: entry.department)
                    } else if namesakes.isEmpty, let only = recordedByName[attendee.name], only.count == 1 {
                        who = .init(id: only[0].id, name: attendee.name, unit: only[0].unit, department: nil)
                    } else {
                        if unit == nil || training.unit == unit || namesakes.contains(where: { $0.unit == unit }) {
                            result.unknownAttendees.append(.init(name: attendee.name, title: training.title, start: training.start,
                                                                 namesakes: namesakes.count, file: sheet.file, row: sheet.row))
                        }
                        continue
                    }
                }
                guard let who, unit == nil || who.unit == unit || training.unit == unit else { continue }
                let matched = (recordsByID[who.id] ?? []).contains { matches($0, training) }
                if !matched {
                    result.unregisteredTrainings.append(.init(person: who, title: training.title, start: training.start, end: training.end,
                                                              hours: training.hours, file: sheet.file, row: sheet.row))
                }
            }
        }
    }

    /// A registered record is the training when their dates overlap and their hours are close. A record
    /// with no date at all cannot be told to be it.
    func matches(_ record: ReconcileInput.RegisteredRecord, _ training: InternalTraining) -> Bool {
        guard let first = record.start ?? record.end ?? record.registered,
              let last = record.end ?? record.start ?? record.registered else { return false }
        guard first <= training.end && last >= training.start else { return false }
        let difference = record.hours > training.hours ? record.hours - training.hours : training.hours - record.hours
        return difference <= hoursTolerance
    }

    /// Units in pinyin order, then IDs; an unregistered training list by person, then date.
    private func sort(_ result: inout Reconciliation) {
        var units = Set(result.noRecords.map(\.unit))
        units.formUnion(result.missingYears.map(\.person.unit))
        units.formUnion(result.notOnRoster.map(\.unit))
        units.formUnion(result.nameMismatch.map(\.unit))
        units.formUnion(result.unitMismatch.map(\.rosterUnit))
        units.formUnion(result.unregisteredTrainings.map(\.person.unit))
        let rank = PinyinOrder.ranks(of: units)
        // A person known by ID only (on no roster, no record) has no unit: last.
        func key(_ unit: String, _ id: ResidentID) -> (Int, String) { (unit.isEmpty ? Int.max : rank[UTF8Key(unit)] ?? Int.max, id.value) }
        result.noRecords.sort { key($0.unit, $0.id) < key($1.unit, $1.id) }
        result.missingYears.sort { key($0.person.unit, $0.person.id) < key($1.person.unit, $1.person.id) }
        result.notOnRoster.sort { key($0.unit, $0.id) < key($1.unit, $1.id) }
        result.nameMismatch.sort { key($0.unit, $0.id) < key($1.unit, $1.id) }
        result.unitMismatch.sort { key($0.rosterUnit, $0.id) < key($1.rosterUnit, $1.id) }
        result.unregisteredTrainings.sort {
            let a = key($0.person.unit, $0.person.id), b = key($1.person.unit, $1.person.id)
            return (a.0, a.1, $0.start.yyyymmdd, $0.title) < (b.0, b.1, $1.start.yyyymmdd, $1.title)
        }
        result.unknownAttendees.sort { ($0.start.yyyymmdd, $0.title, $0.name) < ($1.start.yyyymmdd, $1.title, $1.name) }
    }
}
