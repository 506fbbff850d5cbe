import Foundation
import PackagePlugin

/// Bundles the project's data files into the module that uses them, so that the binary carries its
/// defaults (import profiles, policies, templates, the demo's samples) and works from any folder.
/// SwiftPM resources would need a bundle folder beside the executable; an embedded file cannot go missing.
@main
struct EmbedResources: BuildToolPlugin {
    /// Which top-level folders each target embeds. A folder that does not exist yet embeds nothing.
    static let foldersByTarget: [String: [String]] = [
        "XueshiImport": ["Importers"],
        "XueshiVerify": ["Policies"],
        "XueshiReport": ["Reports"],
        "XueshiSchedule": ["Schedules"],
        "xueshi": ["Samples"],
    ]

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folders = Self.foldersByTarget[target.name] ?? []
        let root = context.package.directoryURL
        var inputs: [URL] = []
        for folder in folders {
            let dir = root.appending(path: folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path()) else { continue }
            for name in names.sorted() where !name.hasPrefix(".") {
                let url = dir.appending(path: name)
                var isDir: ObjCBool = false
                if FileManager.default.fileExists(atPath: url.path(), isDirectory: &isDir), !isDir.boolValue {
                    inputs.append(url)
                }
            }
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        let tool = try context.tool(named: "EmbedResourcesTool")
        return [.buildCommand(
            displayName: "Embedding \(inputs.count) data files into \(target.name)",
            executable: tool.url,
            arguments: [root.path(), output.path()] + inputs.map { $0.path() },
            inputFiles: inputs,
            outputFiles: [output])]
    }
}
