import Foundation

/// What a scheduled job sends, in every shape a destination may want: a chat text, a mail text, the
/// report file, the report's JSON. Made once per job and period (`ScheduledRun`), sent to each
/// destination in the shape it takes.
public struct Outgoing: Sendable {
    /// The schedule's job that sends it: a folder's file names start with it, so that two jobs never
    /// write the same file.
    public var job: String
    /// The mail's subject and the robot message's title: "学时汇总 · 2025-W36".
    public var title: String
    /// The chat text (Markdown) fitted to at most this many UTF-8 bytes: people left out are named
    /// by a last line "…等 N 人". `Int.max` gives the whole text.
    public var chatText: @Sendable (Int) -> String
    /// The report in the job's format, as a file; nil for a job with nothing to attach.
    public var file: ReportFile?
    /// Whether the file is worth sending beside a chat text (a spreadsheet, a web page, CSV, JSON);
    /// a Markdown or text report is the chat text already.
    public var fileIsAttachment: Bool
    /// The report's JSON, for a generic webhook.
    public var json: Data?
    /// Stable for one job, period and destination: a mail's Message-ID, a webhook's delivery header.
    public var deliveryID: String

    public init(job: String, title: String, chatText: @escaping @Sendable (Int) -> String, file: ReportFile?, fileIsAttachment: Bool,
                json: Data?, deliveryID: String) {
        self.job = job; self.title = title; self.chatText = chatText; self.file = file; self.fileIsAttachment = fileIsAttachment
        self.json = json; self.deliveryID = deliveryID
    }
}

/// A report as a file: the name a recipient sees, its type and its bytes.
public struct ReportFile: Sendable, Equatable {
    public var fileName: String
    public var mimeType: String
    public var data: Data

    public init(fileName: String, mimeType: String, data: Data) {
        self.fileName = fileName; self.mimeType = mimeType; self.data = data
    }
}
