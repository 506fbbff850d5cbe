import Foundation
import XueshiImport
import XueshiModel
import XueshiRead
import XueshiReport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes the rows an import skips, one CSV per source file, to be fixed and imported again:
/// the file's own header and cells, then the reasons. UTF-8 with BOM so that Excel on Windows opens
/// it, and no cell can start a formula. Rows are written as they are met, so a file of a million bad
/// rows is not held in memory; the CSVs get their names only when the import is kept (`keep`), and
/// are removed otherwise. They hold whole ID numbers: owner only (0600), like the ledger.
final class RejectsWriter {
    let folder: String
    private var files: [String: Output] = [:]
    private var order: [String] = []
    private var finalNames: Set<String> = []

    private final class Output {
        var file: AtomicFile
        let handle: FileHandle
        let columns: Int
        var buffer = Data()
        var path: String { file.path }
        init(file: AtomicFile, handle: FileHandle, columns: Int) {
            self.file = file; self.handle = handle; self.columns = columns
        }
    }

    init(folder: String) { self.folder = folder }

    func add(_ row: RawRow, errors: [RowError], file: String, headerCells: [String]) throws {
        let output = try self.output(for: file, headerCells: headerCells)
        var cells = (0..<max(output.columns, row.cells.count)).map { row[$0].text }
        cells += [errors.map { ($0.column.map { "「\($0)」" } ?? "") + $0.reason }.joined(separator: "；"), String(row.number)]
        output.buffer.append(contentsOf: CSVText.line(cells).utf8)
        if output.buffer.count >= 1 << 16 { try flush(output) }
    }

    /// Gives the CSVs their names; returns their paths, in the order of the source files.
    func keep() throws -> [String] {
        for file in order {
            let output = files[file]!
            try flush(output)
            try output.handle.close()
            try output.file.commit()
        }
        defer { files = [:]; order = [] }
        return order.map { files[$0]!.path }
    }

    /// Removes what was written: the import was not kept.
    func discard() {
        for output in files.values {
            try? output.handle.close()
            output.file.discard()
        }
        files = [:]
        order = []
    }

    private func output(for file: String, headerCells: [String]) throws -> Output {
        if let output = files[file] { return output }
        // Two source files with the same name (from two folders) get two CSVs.
        let stem = PathText.stem(of: file)
        var name = "\(stem).rejected.csv", number = 2
        while finalNames.contains(name) { name = "\(stem)-\(number).rejected.csv"; number += 1 }
        finalNames.insert(name)
        let path = PathText.join(folder, name)
        let csv = try AtomicFile(path: path, ownerOnly: true)
        guard let handle = FileHandle(forWritingAtPath: csv.temporaryPath) else {
            csv.discard()
            throw FileWriteError(path: path, errno: errno)
        }
        let output = Output(file: csv, handle: handle, columns: headerCells.count)
        output.buffer.append(contentsOf: ("\u{FEFF}" + CSVText.line(headerCells + ["错误原因", "原行号"])).utf8)
        files[file] = output
        order.append(file)
        return output
    }

    private func flush(_ output: Output) throws {
        guard !output.buffer.isEmpty else { return }
        do { try output.handle.write(contentsOf: output.buffer) } catch {
            throw FileWriteError(path: output.path, underlying: error)
        }
        output.buffer.removeAll(keepingCapacity: true)
    }

    deinit { discard() }
}
