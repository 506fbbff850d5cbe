import Foundation
import XueshiModel

extension Deliverer {
    /// Writes the report file (or, for a report that is only text, the text) into the folder, under
    /// its own name: written under a temporary name and renamed, so the folder never holds half a file.
    func writeToFolder(_ outgoing: Outgoing, folder: String, named name: String) throws(DeliveryError) -> Receipt {
        let folder = resolved(folder)
        let file = outgoing.file ?? ReportFile(fileName: Self.safeFileName(outgoing.title) + ".md", mimeType: "text/markdown",
                                               data: Data(outgoing.chatText(Int.max).utf8))
        let path = PathText.join(folder, Self.safeFileName(outgoing.job + "_" + file.fileName))
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            // Reports of a schedule show IDs masked; owner-only all the same: names and hours are
            // personal data, and the folder may be shared more widely than the ledger.
            try AtomicFile.write(file.data, to: path, ownerOnly: true)
        } catch {
            throw DeliveryError("写入「\(name)」的文件夹 \(folder) 失败：\(FileWriteError(path: path, underlying: error).description)", transient: false)
        }
        logger.info("report written to folder", metadata: ["destination": "\(name)"])
        return Receipt(messages: 1, path: path)
    }

    /// A file name without path separators or control characters.
    static func safeFileName(_ name: String) -> String {
        let cleaned = String(name.unicodeScalars.map { scalar -> Character in
            if scalar == "/" || scalar == "\\" || scalar == ":" || scalar.properties.generalCategory == .control { return "_" }
            return Character(scalar)
        })
        let trimmed = cleaned.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix(".") ? "_" + trimmed : trimmed
    }
}
