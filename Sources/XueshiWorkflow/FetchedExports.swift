import Foundation
import XueshiModel
import XueshiTransport

/// The exports of an import: local files as given, and `https://` addresses fetched whole into a
/// private folder before anything is read, so that a failed fetch writes nothing. Each keeps the
/// name the ledger's batch and every row error show: the path, or the address without its query
/// (which may hold a token).
struct FetchedExports {
    struct Source { var path: String; var name: String }

    var sources: [Source] = []
    private var folder: String?

    static func isAddress(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("https://") || lower.hasPrefix("http://")
    }

    init(_ files: [String], settings: TransportSettings) throws {
        for file in files where Self.isAddress(file) {
            guard let url = URL(string: file), let host = url.host?.lowercased() else {
                throw WorkflowError.fetchFailed(address: Transport.shown(file), reason: "不是有效的网址")
            }
            // Plain http only to this machine: an export holds whole ID numbers.
            if url.scheme?.lowercased() == "http", !["127.0.0.1", "localhost", "::1"].contains(host) {
                throw WorkflowError.insecureAddress(Transport.shown(file))
            }
        }
        guard files.contains(where: Self.isAddress) else {
            sources = files.map { Source(path: $0, name: $0) }
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("xueshi-fetch-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        self.folder = folder
        let transport = Transport(settings: settings)
        do {
            for (index, file) in files.enumerated() {
                guard Self.isAddress(file) else { sources.append(Source(path: file, name: file)); continue }
                let last = URL(string: file)?.lastPathComponent ?? ""
                let local = PathText.join(folder, "\(index)-" + (last.isEmpty || last == "/" ? "export" : last))
                do {
                    try transport.download(file, to: local)
                } catch {
                    throw WorkflowError.fetchFailed(address: Transport.shown(file), reason: error.description)
                }
                chmod(local, 0o600)
                sources.append(Source(path: local, name: Transport.shown(file)))
            }
        } catch {
            remove()
            throw error
        }
    }

    /// Removes the fetched files.
    func remove() {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
    }
}
