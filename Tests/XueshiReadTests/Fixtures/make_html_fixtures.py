#!/usr/bin/env python3
"""Writes the fixtures for web pages of tables saved as ".xls" (what government Java systems export).

    python3 Tests/XueshiReadTests/Fixtures/make_html_fixtures.py

Needs LibreOffice (`soffice`) and openpyxl. The fixtures are committed; CI does not run this script.

- ../../XueshiImportTests/Fixtures/golden/provincial-quirks-html.xls
      provincial-quirks-libreoffice.xlsx saved as a web page by LibreOffice Calc
      (`soffice --headless --convert-to html`): UTF-8, <meta http-equiv> charset, `sdval`/`sdnum` on
      number cells, <br> in empty cells and for the line break in a title.
- ../../XueshiImportTests/Fixtures/golden/provincial-quirks-gbk-html.xls (and a copy in
  ../../EndToEndTests/Fixtures/)
      the same data (provincial-quirks.csv) written the way a JSP or FreeMarker template writes an
      "Excel export": encoded with Python's gb18030 codec (for these characters the bytes GBK has) under
      <meta http-equiv="Content-Type" content="text/html; charset=gbk">, upper-case tags, unquoted
      attributes, the title rows as <TH COLSPAN=14>, the unit of rows 7 and 8 as one <TD ROWSPAN=2>,
      `mso-number-format:"\\@"` on the ID column, &nbsp; in empty cells, <BR> for a line break, a
      comment per row.
- merged-cells.xlsx, merged-cells-html.xls
      a small sheet with merges by openpyxl (a title over A1:C1, a unit over A3:A4, a block over A5:B6,
      dates, IDs as text), and the same workbook saved as a web page by LibreOffice Calc: its rowspan
      and colspan must read as the .xlsx's merges.
"""
import csv
import datetime
import html
import os
import shutil
import subprocess
import tempfile

import openpyxl

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(TESTS, "XueshiImportTests", "Fixtures", "golden")
END_TO_END = os.path.join(TESTS, "EndToEndTests", "Fixtures")


def save_as_web_page(xlsx, target):
    """Converts `xlsx` with LibreOffice Calc's HTML export and moves the page to `target`."""
    with tempfile.TemporaryDirectory() as out:
        subprocess.run(["soffice", "--headless", "--convert-to", "html", "--outdir", out, xlsx],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
        page = os.path.join(out, os.path.splitext(os.path.basename(xlsx))[0] + ".html")
        shutil.move(page, target)


def template_cell(value, tag="TD", extra=""):
    if value == "":
        return f"<{tag}{extra}>&nbsp;</{tag}>"
    text = html.escape(value, quote=False).replace("\n", "<BR>")
    return f"<{tag}{extra}>{text}</{tag}>"


def provincial_gbk_page():
    with open(os.path.join(GOLDEN, "provincial-quirks.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    width = len(rows[3])
    unit_column, id_column = rows[3].index("工作单位"), rows[3].index("身份证号")
    # Rows 7 and 8 (1-based, as the spreadsheet shows them) share their unit: the template merges it.
    merged_first, merged_last = 7, 8
    assert rows[merged_first - 1][unit_column] == rows[merged_last - 1][unit_column]

    out = ['<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
           "<HEAD>",
           '<META http-equiv="Content-Type" content="text/html; charset=gbk">',
           "<TITLE>学时登记表导出</TITLE>",
           "<STYLE type=text/css>",
           "  TD { font-size: 10pt; border: .5pt solid windowtext; }",
           "  .id { mso-number-format:\"\\@\"; }",
           "</STYLE>",
           "</HEAD>",
           "<BODY>",
           "<TABLE border=1 cellspacing=0 cellpadding=2>",
           "<THEAD>"]
    for number, row in enumerate(rows, start=1):
        if number == 5:
            out += ["</THEAD>", "<TBODY>"]
        if number <= 3:
            # Title, export time and the empty line under them: one cell over the whole width.
            out.append(f"<TR>{template_cell(row[0], 'TH', f' COLSPAN={width} align=left')}</TR>")
            continue
        if number == 4:
            out.append("<TR>" + "".join(template_cell(v, "TH") for v in row) + "</TR>")
            continue
        out.append(f"<!-- 第 {number - 4} 条 -->")
        cells = []
        for column, value in enumerate(row):
            if column == unit_column and number == merged_last:
                continue
            extra = ""
            if column == unit_column and number == merged_first:
                extra = f" ROWSPAN={merged_last - merged_first + 1} valign=middle"
            elif column == id_column:
                extra = " class=id x:str"
            cells.append(template_cell(value, extra=extra))
        out.append("<TR>\n    " + "\n    ".join(cells) + "\n</TR>")
    out += ["</TBODY>", "</TABLE>", "</BODY>", "</html>", ""]
    return "\r\n".join(out).encode("gb18030")


def merged_cells_workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "合并"
    ws.append(["学时登记表", None, None, "导出时间：2025-09-01"])
    ws.append(["单位", "姓名", "身份证号", "学时", "开始日期"])
    ws.append(["之江实验室", "张伟", "330106198803124514", 8, datetime.date(2024, 3, 5)])
    ws.append([None, "王芳", "330102199007153620", 4.5, datetime.date(2024, 3, 6)])
    ws.append(["外聘专家", None, "33010619900101123X", 2, "2024年3月5日"])
    ws.append([None, None, "330103198709095420", 3, None])
    ws.append(["合计", None, None, 17.5, None])
    ws["E3"].number_format = "yyyy-mm-dd"
    ws["E4"].number_format = "m/d/yy"
    for cell in ("C3", "C4", "C5", "C6"):
        ws[cell].number_format = "@"
    ws.merge_cells("A1:C1")
    ws.merge_cells("A3:A4")
    ws.merge_cells("A5:B6")
    wb.save(path)


def main():
    save_as_web_page(os.path.join(GOLDEN, "provincial-quirks-libreoffice.xlsx"),
                     os.path.join(GOLDEN, "provincial-quirks-html.xls"))

    page = provincial_gbk_page()
    for folder in (GOLDEN, END_TO_END):
        with open(os.path.join(folder, "provincial-quirks-gbk-html.xls"), "wb") as f:
            f.write(page)

    merged = os.path.join(HERE, "merged-cells.xlsx")
    merged_cells_workbook(merged)
    save_as_web_page(merged, os.path.join(HERE, "merged-cells-html.xls"))


if __name__ == "__main__":
    main()
