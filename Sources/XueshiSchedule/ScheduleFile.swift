import XueshiDataFile

/// The schedule file as written, before it is checked (`Schedule.init(yaml:file:)`). Unknown keys are
/// refused: a misspelt `to:` must not leave a report undelivered without a word.
struct ScheduleFile: Decodable {
    var destinations: [String: Destination]?
    var jobs: [Job]?

    enum CodingKeys: String, CodingKey, CaseIterable { case destinations, jobs }

    init(from decoder: Decoder) throws {
        try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        destinations = try container.decodeIfPresent([String: Destination].self, forKey: .destinations)
        jobs = try container.decodeIfPresent([Job].self, forKey: .jobs)
    }

    struct Destination: Decodable {
        var folder, smtp, dingtalk, wecom, feishu, webhook: String?
        var from: String?
        var to: [String]?
        var user_env, password_env, password_file, secret_env, secret_file, cacert: String?
        var timeout: Double?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case folder, smtp, dingtalk, wecom, feishu, webhook, from, to
            case user_env, password_env, password_file, secret_env, secret_file, cacert, timeout
        }

        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            folder = try c.decodeIfPresent(String.self, forKey: .folder)
            smtp = try c.decodeIfPresent(String.self, forKey: .smtp)
            dingtalk = try c.decodeIfPresent(String.self, forKey: .dingtalk)
            wecom = try c.decodeIfPresent(String.self, forKey: .wecom)
            feishu = try c.decodeIfPresent(String.self, forKey: .feishu)
            webhook = try c.decodeIfPresent(String.self, forKey: .webhook)
            from = try c.decodeIfPresent(String.self, forKey: .from)
            to = try c.decodeIfPresent([String].self, forKey: .to)
            user_env = try c.decodeIfPresent(String.self, forKey: .user_env)
            password_env = try c.decodeIfPresent(String.self, forKey: .password_env)
            password_file = try c.decodeIfPresent(String.self, forKey: .password_file)
            secret_env = try c.decodeIfPresent(String.self, forKey: .secret_env)
            secret_file = try c.decodeIfPresent(String.self, forKey: .secret_file)
            cacert = try c.decodeIfPresent(String.self, forKey: .cacert)
            timeout = try c.decodeIfPresent(Double.self, forKey: .timeout)
        }
    }

    struct Job: Decodable {
        var name, report, format, every, unit, person, policy, as_of: String?
        var remind: [Int]?
        var to: [String]?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, report, format, every, unit, person, policy, as_of, remind, to
        }

        init(from decoder: Decoder) throws {
            try decoder.rejectUnknownKeys(allowed: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            report = try c.decodeIfPresent(String.self, forKey: .report)
            format = try c.decodeIfPresent(String.self, forKey: .format)
            every = try c.decodeIfPresent(String.self, forKey: .every)
            unit = try c.decodeIfPresent(String.self, forKey: .unit)
            person = try c.decodeIfPresent(String.self, forKey: .person)
            policy = try c.decodeIfPresent(String.self, forKey: .policy)
            as_of = try c.decodeIfPresent(String.self, forKey: .as_of)
            remind = try c.decodeIfPresent([Int].self, forKey: .remind)
            to = try c.decodeIfPresent([String].self, forKey: .to)
        }
    }
}
