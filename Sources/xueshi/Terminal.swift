import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The terminal the program writes to.
enum Terminal {
    /// The width of standard output in columns when it is a terminal (the `COLUMNS` environment
    /// variable overrides the terminal's own); nil when it is a pipe or a file, which get full tables.
    static var width: Int? { width(of: STDOUT_FILENO) }

    /// The width of standard error when it is a terminal, for messages.
    static var errorWidth: Int? { width(of: STDERR_FILENO) }

    private static func width(of descriptor: Int32) -> Int? {
        guard isatty(descriptor) == 1 else { return nil }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// The width to fit a report to: the terminal's when it goes there, none when it goes to a file.
    static func width(writingTo output: String?) -> Int? {
        output == nil ? width : nil
    }
}
