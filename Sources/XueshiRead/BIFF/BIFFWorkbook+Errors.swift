import CFreeXL

extension BIFFWorkbook {
    static let passwordReason = "这个 .xls 文件设置了打开密码（已加密），无法读取；请用 Excel 或 WPS 打开它，取消密码后另存为 .xlsx 再导入"

    static let oldVersionReason = "这是 Excel 5.0/95 或更早版本的 .xls 文件，只能读取 Excel 97–2003 格式（旧格式的文字编码无法可靠识别）；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"

    static func damagedReason(_ detail: String) -> String {
        "文件已损坏（\(detail)），无法读取；可能下载或复制时中断了，请重新导出或重新下载，或用 Excel 或 WPS 打开后另存为 .xlsx"
    }

    /// What a failure of FreeXL means for the user.
    static func readError(_ failure: BIFFFailure, displayName: String) -> ReadError {
        let reason: String
        switch failure {
        case .freexl(FREEXL_FILE_NOT_FOUND):
            reason = "文件不存在或无法读取"
        case .freexl(FREEXL_INSUFFICIENT_MEMORY):
            // FreeXL refuses a sheet whose cells would take more than 256 MB.
            reason = "工作表太大，无法按旧版 .xls 读取；请用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
        case .freexl(FREEXL_BIFF_WORKBOOK_NOT_FOUND):
            reason = "文件里找不到 Excel 工作簿数据：它可能是改了扩展名的 Word 或 PowerPoint 文件（同样的文件格式），请选择系统导出的 Excel 文件；如果确实是 Excel 文件，请用 Excel 或 WPS 打开后另存为 .xlsx"
        case .freexl(let code):
            reason = damagedReason(detail(code))
        case .crashed:
            reason = damagedReason("读取时数据结构出错")
        case .silent(let limit):
            reason = damagedReason("读取 \(limit.components.seconds) 秒仍无结果")
        case .system(let code):
            reason = "无法启动读取 .xls 的进程（系统错误 \(code)）；请稍后重试，或用 Excel 或 WPS 打开后另存为 .xlsx 再导入"
        }
        return ReadError(file: displayName, reason: reason)
    }

    private static func detail(_ code: Int32) -> String {
        switch code {
        case FREEXL_CFBF_READ_ERROR, FREEXL_CFBF_SEEK_ERROR:
            return "数据不完整，读到了文件末尾之外"
        case FREEXL_INVALID_CFBF_HEADER, FREEXL_CFBF_INVALID_SIGNATURE, FREEXL_CFBF_INVALID_SECTOR_SIZE,
             FREEXL_CFBF_EMPTY_FAT_CHAIN, FREEXL_CFBF_ILLEGAL_FAT_ENTRY, FREEXL_INVALID_MINI_STREAM,
             FREEXL_CFBF_ILLEGAL_MINI_FAT_ENTRY:
            return "文件目录结构错误"
        case FREEXL_BIFF_INVALID_BOF:
            return "工作簿开头的记录无效"
        case FREEXL_BIFF_INVALID_SST, FREEXL_BIFF_ILLEGAL_SST_INDEX:
            return "共享字符串表错误"
        case FREEXL_INVALID_CHARACTER, FREEXL_UNSUPPORTED_CHARSET:
            return "文字编码无法识别"
        case FREEXL_ILLEGAL_RK_VALUE:
            return "数字单元格无法解析"
        case FREEXL_CRAFTED_FILE:
            // FreeXL 1.0 also says this of a text cell holding the empty string.
            return "记录结构异常"
        case FREEXL_BIFF_ILLEGAL_SHEET_INDEX, FREEXL_BIFF_UNSELECTED_SHEET, FREEXL_ILLEGAL_CELL_ROW_COL:
            return "工作表记录错误"
        case 1:
            // FreeXL said FREEXL_OK and gave no workbook (see BIFFFailure): a damaged record, an
            // encryption the probe missed, or an empty string among the shared strings (some writers
            // store one), which FreeXL 1.0 takes for a crafted file.
            return "工作簿记录无法解析"
        default:
            return "读取错误 \(code)"
        }
    }
}
