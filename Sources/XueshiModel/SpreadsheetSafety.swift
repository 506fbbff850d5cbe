/// Protection against spreadsheet formula injection (OWASP "CSV Injection"): a cell that a
/// spreadsheet program would run as a formula is written as text instead.
public enum SpreadsheetSafety {
    /// The text, prefixed with an apostrophe when it starts with = + - @, a tab or a carriage return
    /// and is not simply a number ("-8" stays as it is).
    public static func inert(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r":
            if first == "-" || first == "+", Double(text) != nil { return text }
            return "'" + text
        default:
            return text
        }
    }
}
