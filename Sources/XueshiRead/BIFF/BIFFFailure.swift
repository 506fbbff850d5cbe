/// Why FreeXL, at work in its child process (`BIFFChild`), gave no workbook or no sheet. `BIFFWorkbook`
/// words it for the user.
enum BIFFFailure: Error, Equatable {
    /// FreeXL's error code (`FREEXL_…`, below zero); or 1: it reported success and gave no workbook,
    /// which FreeXL 1.0 does when a record fails to parse (its code is lost on that path).
    case freexl(Int32)
    /// The child died on the file (FreeXL crashed), or ended without finishing what it had to say.
    case crashed
    /// Nothing came from the child for this long: FreeXL looping on the file.
    case silent(Duration)
    /// No pipe or no process could be made (errno).
    case system(Int32)
}
