import Foundation
import XueshiImport
import XueshiRead
import XueshiSchedule
import XueshiVerify
#if canImport(Glibc)
import Glibc
#endif

/// What each fuzz harness does with one input. A reader is driven the way the import drives it: the
/// input is written to a file (every reader takes a path), opened with the reader its format needs, and
/// every row of every sheet is read, each cell's text made; then the same file goes through
/// `ExportReader.read`, the import's own entry (kind told from the bytes, header search with the
/// built-in profiles, mapping of each row). A thrown error is the expected answer to a damaged file and
/// is ignored; a crash, a trap, a hang or a leak is what the fuzzer reports.
public enum Harness {
    /// The rows of one CSV file: format detection, then every row with the detected format (or UTF-8
    /// and GB18030 when none is detected), then the import.
    public static func csv(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.write(input, suffix: "csv")
        let detected = try? CSVReader.detect(path: path, displayName: "fuzz.csv") { $0.cells.count > 1 }
        let formats = detected?.format.map { [$0] } ?? [CSVFormat(encoding: .utf8), CSVFormat(encoding: .gb18030)]
        for format in formats {
            guard let reader = try? CSVReader(path: path, displayName: "fuzz.csv", format: format) else { continue }
            try? reader.forEachRow(touch)
        }
        importFile(path)
    }

    public static func xlsx(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.write(input, suffix: "xlsx")
        drain { try XLSXWorkbook(path: path, displayName: "fuzz.xlsx") }
        importFile(path)
    }

    /// FreeXL runs in a child process per open and per sheet (BIFFChild): every input costs two forks or
    /// more, which makes this harness far slower than the others. The import's path is the same reader,
    /// so it is not run a second time.
    public static func biff(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.write(input, suffix: "xls")
        drain { try BIFFWorkbook(path: path, displayName: "fuzz.xls") }
    }

    public static func html(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.write(input, suffix: "xls")
        drain { try HTMLTableWorkbook(path: path, displayName: "fuzz.xls") }
        importFile(path)
    }

    public static func spreadsheetML(_ input: UnsafeBufferPointer<UInt8>) {
        let path = scratch.write(input, suffix: "xml")
        drain { try SpreadsheetMLWorkbook(path: path, displayName: "fuzz.xml") }
        importFile(path)
    }

    public static func profile(_ input: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: input, as: UTF8.self)
        _ = try? ImportProfile(yaml: text, file: "fuzz.yaml", source: "fuzz")
    }

    public static func policy(_ input: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: input, as: UTF8.self)
        _ = try? Policy(yaml: text, file: "fuzz.yaml")
    }

    public static func schedule(_ input: UnsafeBufferPointer<UInt8>) {
        let text = String(decoding: input, as: UTF8.self)
        _ = try? Schedule(yaml: text, file: "fuzz.yaml")
    }

    // MARK: - Shared

    /// Every sheet of the workbook `open` gives, hidden ones too, every row.
    static func drain(_ open: () throws -> any Workbook) {
        guard let workbook = try? open() else { return }
        _ = workbook.textEncodingName
        _ = workbook.defaultSheetName
        for sheet in workbook.sheets {
            guard let rows = try? workbook.rows(ofSheet: sheet.name) else { continue }
            try? rows.forEachRow(touch)
        }
    }

    /// Makes the text of every cell, as the mappers and the error messages do.
    static func touch(_ row: RawRow) {
        var length = row.number &+ row.mergedFrom.count
        for cell in row.cells { length &+= cell.text.utf8.count &+ (cell.isBlank ? 1 : 0) }
        sink = length
    }
    nonisolated(unsafe) static var sink = 0

    static let profiles = ImportProfile.builtIn()

    /// The file through the import's entry, as `xueshi import` reads it, records and rows thrown away.
    static func importFile(_ path: String) {
        let reader = ExportReader(profiles: profiles)
        _ = try? reader.read(path: path, displayName: "fuzz", started: { _ in }, records: { _ in },
                             rejected: { row, _ in touch(row) }, staff: { _ in })
    }

    nonisolated(unsafe) static var scratch = Scratch()
}

/// One file per format in a folder of this process's own (in /dev/shm where there is one), written
/// over for each input.
struct Scratch {
    let folder: String
    init() {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        folder = "\(base)/xueshi-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: Harness.scratch.folder) }
    }

    func write(_ bytes: UnsafeBufferPointer<UInt8>, suffix: String) -> String {
        let path = "\(folder)/input.\(suffix)"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        precondition(fd >= 0, "cannot write \(path): errno \(errno)")
        var done = 0
        while done < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
            precondition(n > 0 || errno == EINTR, "cannot write \(path): errno \(errno)")
            if n > 0 { done += n }
        }
        close(fd)
        return path
    }
}
