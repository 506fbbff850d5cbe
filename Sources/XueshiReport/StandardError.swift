#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process's standard error, for C libraries that print to it themselves.
enum StandardError {
    /// Runs `body` with file descriptor 2 pointed at /dev/null: libxlsxwriter prints its failures
    /// (in English, naming a temporary file) before returning the error the caller words for the
    /// user. Anything another thread writes to standard error meanwhile is lost too; the report is
    /// written on one thread at the end of a command, when nothing else is printing.
    static func silenced<T>(_ body: () throws -> T) rethrows -> T {
        let saved = dup(STDERR_FILENO)
        let null = open("/dev/null", O_WRONLY)
        guard saved >= 0, null >= 0 else {
            if saved >= 0 { close(saved) }
            if null >= 0 { close(null) }
            return try body()
        }
        dup2(null, STDERR_FILENO)
        close(null)
        defer {
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        return try body()
    }
}
