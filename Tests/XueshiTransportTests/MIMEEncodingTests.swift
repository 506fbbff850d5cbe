import Foundation
import TestServers
import Testing
@testable import XueshiTransport

@Suite("Mail header encodings")
struct MIMEEncodingTests {
    @Test("Plain ASCII subjects stay as they are")
    func asciiSubject() {
        #expect(MIMEEncoding.encodedWords("Hours report 2025") == "Hours report 2025")
    }

    @Test("A Chinese subject becomes RFC 2047 words of at most 75 characters, split between characters")
    func chineseSubject() {
        let words = MIMEEncoding.encodedWords(String(repeating: "学时汇总", count: 10)).components(separatedBy: "\r\n ")
        #expect(words.count > 1)
        for word in words {
            #expect(word.count <= 75)
            #expect(word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="))
            let base64 = String(word.dropFirst(10).dropLast(2))
            #expect(Data(base64Encoded: base64).flatMap { String(data: $0, encoding: .utf8) } != nil)
        }
    }

    @Test("Line breaks in a header value cannot start a new header")
    func noHeaderInjection() {
        #expect(!MIMEEncoding.encodedWords("a\r\nBcc: x@y").contains("\n"))
        #expect(!MIMEEncoding.parameter("filename", "a\nb.txt").contains("\n"))
    }

    @Test("A Chinese file name is an RFC 2231 parameter")
    func rfc2231FileName() {
        #expect(MIMEEncoding.parameter("filename", "学时汇总.xlsx") == "filename*=UTF-8''%E5%AD%A6%E6%97%B6%E6%B1%87%E6%80%BB.xlsx")
        #expect(MIMEEncoding.parameter("filename", "a b.csv") == "filename=\"a b.csv\"")
    }

    @Test("The Date header is RFC 5322")
    func rfc5322Date() {
        let date = Date(timeIntervalSince1970: 1_746_408_600)  // 2025-05-05 01:30 UTC
        #expect(MIMEEncoding.date(date, timeZone: TimeZone(secondsFromGMT: 8 * 3600)!) == "Mon, 05 May 2025 09:30:00 +0800")
    }
}
