import Foundation

/// A file sent with a mail.
public struct MailAttachment: Sendable, Equatable {
    /// The name the recipient sees, e.g. `学时汇总.xlsx` (non-ASCII names are encoded per RFC 2231).
    public var fileName: String
    /// e.g. `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`.
    public var mimeType: String
    public var data: Data

    public init(fileName: String, mimeType: String, data: Data) {
        self.fileName = fileName
        self.mimeType = mimeType
        self.data = data
    }
}

/// A plain-text mail with attachments, sent as multipart/mixed.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    /// Sent as text/plain in UTF-8.
    public var textBody: String
    public var attachments: [MailAttachment]
    /// The Date header; now unless given.
    public var date: Date
    /// The left part of the Message-ID (before "@" and the sender's domain); a fresh one unless given.
    /// A sender that may have to send one message again (a run killed before it knew the mail had
    /// gone) gives the same one each time, so that mail programs can tell it is the same mail.
    public var messageID: String?

    public init(
        from: MailAddress, to: [MailAddress], subject: String, textBody: String,
        attachments: [MailAttachment] = [], date: Date = Date(), messageID: String? = nil
    ) {
        self.messageID = messageID
        self.from = from
        self.to = to
        self.subject = subject
        self.textBody = textBody
        self.attachments = attachments
        self.date = date
    }
}
