/// The parts of a file path, worked out on the text. Written here because Foundation's
/// `NSString.deletingLastPathComponent` traps on Linux for some relative paths (a bare "x").
public enum PathText {
    /// The folder part: "" for a bare name, "/" for a file at the root.
    public static func folder(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return "" }
        let folder = String(trimmed[..<slash])
        return folder.isEmpty ? "/" : trimmingTrailingSlashes(folder)
    }

    /// The last part, the file's name.
    public static func name(of path: String) -> String {
        let trimmed = trimmingTrailingSlashes(path)
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    /// The name without its extension ("导出.2025.csv" → "导出.2025"); a leading dot is not one.
    public static func stem(of path: String) -> String {
        let name = name(of: path)
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    /// A path as a file names it: an absolute one as it is, a relative one taken from `folder` (the
    /// folder of the file that names it, e.g. a schedule naming its secret file).
    public static func resolved(_ path: String, from folder: String) -> String {
        path.hasPrefix("/") ? path : join(folder, path)
    }

    /// `name` inside `folder`.
    public static func join(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }

    static func trimmingTrailingSlashes(_ path: String) -> String {
        var path = Substring(path)
        while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
        return String(path)
    }
}
