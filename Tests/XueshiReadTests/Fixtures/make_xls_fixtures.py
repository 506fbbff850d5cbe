#!/usr/bin/env python3
"""Regenerates the BIFF .xls fixtures (Excel 97-2003 and older) of the BIFF reader's tests
(BIFFReaderTests.swift), of the golden-file test and of the end-to-end test.

The fixtures are committed; CI does not run this script. To regenerate them you need, on PATH,
LibreOffice's `soffice` and Gnumeric's `ssconvert`; the system Python with LibreOffice's `uno` module
(/usr/bin/python3, Debian's python3-uno) for the password; and in the Python that runs this script,
xlwt 1.3 and openpyxl 3.1:

    python3 Tests/XueshiReadTests/Fixtures/make_xls_fixtures.py

Files written:

Tests/XueshiImportTests/Fixtures/golden/
- provincial-quirks-excel97.xls  provincial-quirks-libreoffice.xlsx saved as "Excel 97-2003" by
  LibreOffice (soffice --convert-to xls): the golden export, every quirk kept.
- provincial-quirks-xlwt.xls     the same cells written by xlwt, read from that .xlsx with openpyxl:
  dates with xlwt date styles (the .xlsx's number formats), the 18-digit ID of row 13 and the 15-digit
  ID of row 8 written as numbers, every other ID as text; a second sheet "第二批" with the same header
  and three valid records.
Tests/EndToEndTests/Fixtures/
- provincial-quirks-xlwt.xls     a copy of the one above.
Tests/XueshiReadTests/Fixtures/ (beside this script)
- xlwt-features.xls    by xlwt: three sheets (学时, 第二批, and 隐藏, hidden); text, whole and
  fractional numbers, IDs as text and as numbers, dates, date-times and times, 1900-02-29 (serial 60),
  a boolean, a formula, an empty row and a row with one cell far right. Keep in step with the tests.
- xlwt-1904.xls        by xlwt with the 1904 date system.
- xlwt-empty-string.xls  by xlwt: a cell holding the empty string as a shared string (some writers store
  one so), which FreeXL 1.0 cannot read.
- password-protected.xls  provincial-quirks-libreoffice.xlsx saved as "Excel 97-2003" with the
  password to open 口令123 by LibreOffice, through its UNO interface (RC4 encryption, as Excel's).
- hidden-first-sheet.xls  Tests/EndToEndTests/Fixtures/hidden-first-sheet.xlsx saved as "Excel 97-2003" by
  LibreOffice: a hidden first sheet of stale data, kept hidden in its BOUNDSHEET record.
- excel95.xls          provincial-quirks-libreoffice.xlsx saved as Excel 5.0/95 (BIFF5) by Gnumeric.

Damaged files (truncated, random bytes after the container's signature, a renamed workbook stream) are
made by the tests from these, at run time.
"""
import datetime
import os
import shutil
import subprocess
import tempfile

import openpyxl
import xlwt

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(TESTS, "XueshiImportTests", "Fixtures", "golden")
END_TO_END = os.path.join(TESTS, "EndToEndTests", "Fixtures")
GOLDEN_XLSX = os.path.join(GOLDEN, "provincial-quirks-libreoffice.xlsx")


def soffice(tmp, *arguments):
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile", *arguments],
                   check=True, stdout=subprocess.DEVNULL)


# ---------------------------------------------------------------------------------------------
# 1. The golden export, saved as .xls by LibreOffice.
# ---------------------------------------------------------------------------------------------

def make_excel97(tmp):
    soffice(tmp, "--convert-to", "xls:MS Excel 97", "--outdir", tmp, GOLDEN_XLSX)
    # soffice says "source file could not be loaded" and still exits with 0: check that it wrote the file.
    shutil.move(os.path.join(tmp, "provincial-quirks-libreoffice.xls"),
                os.path.join(GOLDEN, "provincial-quirks-excel97.xls"))


# ---------------------------------------------------------------------------------------------
# 2. The golden export's cells written again by xlwt.
# ---------------------------------------------------------------------------------------------

STYLES = {}


def style(number_format):
    if number_format not in STYLES:
        STYLES[number_format] = xlwt.easyxf(num_format_str=number_format)
    return STYLES[number_format]


SECOND_BATCH = [
    [1, "张伟", "330106198803124514", "之江实验室", 2025, "专业科目", "面授培训", "第二批研修班", "浙江大学",
     datetime.date(2025, 4, 1), datetime.date(2025, 4, 2), 12, "已审核", datetime.date(2025, 4, 10)],
    [2, "王芳", "330102199007153620", "之江实验室", 2025, "一般公需科目", "网络学习", "公需科目第二批", "浙江省经信厅",
     datetime.date(2025, 5, 6), datetime.date(2025, 5, 6), 6, "已审核", None],
    [3, "陈静", "330103198709095420", "浙江数智研究院", 2025, "专业科目", "学术交流", "第二批学术年会", None,
     datetime.date(2025, 6, 1), datetime.date(2025, 6, 2), 10.5, "已审核", datetime.date(2025, 6, 20)],
]


def make_xlwt_golden():
    source = openpyxl.load_workbook(GOLDEN_XLSX).worksheets[0]
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(source.title)
    header = [cell.value for cell in source[4]]
    for row in source.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            value, number_format = cell.value, cell.number_format
            if cell.column == 3 and cell.row in (8, 13):
                # The IDs Excel would have made numbers: 15 digits survive, 18 lose their last ones.
                value, number_format = float(value), "General"
            sheet.write(cell.row - 1, cell.column - 1, value, style(number_format))
    second = book.add_sheet("第二批")
    for column, text in enumerate(header):
        second.write(0, column, text)
    for r, values in enumerate(SECOND_BATCH, start=1):
        for column, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, datetime.date):
                second.write(r, column, value, style("yyyy-mm-dd"))
            else:
                second.write(r, column, value)
    target = os.path.join(GOLDEN, "provincial-quirks-xlwt.xls")
    book.save(target)
    shutil.copyfile(target, os.path.join(END_TO_END, "provincial-quirks-xlwt.xls"))


# ---------------------------------------------------------------------------------------------
# 3. Small files for the reader's own tests.
# ---------------------------------------------------------------------------------------------

def make_xlwt_features():
    book = xlwt.Workbook(encoding="utf-8")
    date = style("yyyy-mm-dd")
    date_time = style("yyyy-mm-dd hh:mm")
    time = style("hh:mm:ss")
    sheet = book.add_sheet("学时")
    sheet.write(0, 0, "继续教育学时登记表")
    for column, text in enumerate(["序号", "姓名", "身份证号", "身份证号（数字）", "学时", "开始日期", "开始时间",
                                   "时间", "备注"]):
        sheet.write(2, column, text)
    rows = [
        [1, "张伟", "330106198803124514", 330106198803124514, 8, (datetime.date(2024, 3, 1), date),
         (datetime.datetime(2025, 3, 5, 9, 0), date_time), (datetime.time(9, 0), time), "第一行\n第二行"],
        [2, "王芳", "33010619900101123X", 330106900101123, 8.5, (datetime.date(1900, 2, 28), date),
         (datetime.datetime(2025, 3, 5, 17, 30), date_time), (datetime.time(17, 30, 15), time), "  空格  "],
        [3, "李娜", "330102199007153620", 3.30106198301179E+17, 1.1 + 2.2, (60, date), (61, date),
         (45356.999999, date_time), "三"],
    ]
    for r, values in enumerate(rows, start=3):
        for column, value in enumerate(values):
            if isinstance(value, tuple):
                sheet.write(r, column, value[0], value[1])
            else:
                sheet.write(r, column, value)
    # Row 7 stays empty; row 8 has one cell, in column F.
    sheet.write(7, 5, "右边")
    for column, value in enumerate([-3, 0.1, 1e-05, 2 ** 40, 1e15, 123456789012345, True]):
        sheet.write(8, column, value)
    sheet.write(8, 7, xlwt.Formula('B4&"x"'))
    second = book.add_sheet("第二批")
    second.write(0, 0, "姓名")
    second.write(0, 1, "学时")
    second.write(1, 0, "陈静")
    second.write(1, 1, 16)
    hidden = book.add_sheet("隐藏")
    hidden.write(0, 0, "旧数据")
    hidden.visibility = 1
    book.save(os.path.join(HERE, "xlwt-features.xls"))


def make_xlwt_1904():
    book = xlwt.Workbook(encoding="utf-8")
    book.dates_1904 = True
    sheet = book.add_sheet("1904")
    sheet.write(0, 0, "开始日期")
    sheet.write(0, 1, "开始时间")
    sheet.write(1, 0, datetime.date(2024, 3, 1), style("yyyy-mm-dd"))
    sheet.write(1, 1, datetime.datetime(2025, 3, 5, 9, 0), style("yyyy-mm-dd hh:mm"))
    book.save(os.path.join(HERE, "xlwt-1904.xls"))


def make_xlwt_empty_string():
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("学时")
    sheet.write(0, 0, "姓名")
    sheet.write(0, 1, "备注")
    sheet.write(1, 0, "张伟")
    # write() would make "" a blank cell; set_cell_text stores it in the shared strings.
    sheet.row(1).set_cell_text(1, "", xlwt.Style.default_style)
    book.save(os.path.join(HERE, "xlwt-empty-string.xls"))


# Run by the system Python, which has LibreOffice's uno module: opens the .xlsx in a LibreOffice started
# for this, saves it as Excel 97-2003 with a password to open.
UNO_SAVE_WITH_PASSWORD = r'''
import subprocess, sys, time, uno
from com.sun.star.beans import PropertyValue

def prop(name, value):
    p = PropertyValue(); p.Name = name; p.Value = value; return p

source, target, password, profile = sys.argv[1:5]
office = subprocess.Popen(["soffice", "--headless", "--invisible", "-env:UserInstallation=file://" + profile,
                           "--accept=pipe,name=xueshi_xls_fixture;urp;"])
local = uno.getComponentContext()
resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
for attempt in range(120):
    try:
        remote = resolver.resolve("uno:pipe,name=xueshi_xls_fixture;urp;StarOffice.ComponentContext")
        break
    except Exception:
        time.sleep(0.5)
desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(source), "_blank", 0, (prop("Hidden", True),))
document.storeToURL(uno.systemPathToFileUrl(target), (prop("FilterName", "MS Excel 97"), prop("Password", password)))
document.close(True)
try:
    desktop.terminate()
except Exception:
    pass
office.wait(timeout=60)
'''


def make_password_protected(tmp):
    subprocess.run(["/usr/bin/python3", "-c", UNO_SAVE_WITH_PASSWORD, GOLDEN_XLSX,
                    os.path.join(HERE, "password-protected.xls"), "口令123", os.path.join(tmp, "lo-uno")],
                   check=True, stdout=subprocess.DEVNULL)


def make_hidden_first_sheet(tmp):
    """The end-to-end fixture with a hidden first sheet of stale data, saved as Excel 97: the sheet's
    hidden state is kept in its BOUNDSHEET record."""
    source = os.path.join(HERE, "..", "..", "EndToEndTests", "Fixtures", "hidden-first-sheet.xlsx")
    soffice(tmp, "--convert-to", "xls:MS Excel 97", "--outdir", tmp, source)
    shutil.move(os.path.join(tmp, "hidden-first-sheet.xls"), os.path.join(HERE, "hidden-first-sheet.xls"))


def make_excel95():
    subprocess.run(["ssconvert", "-T", "Gnumeric_Excel:excel_biff7", GOLDEN_XLSX, os.path.join(HERE, "excel95.xls")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        make_excel97(tmp)
        make_xlwt_golden()
        make_xlwt_features()
        make_xlwt_1904()
        make_xlwt_empty_string()
        make_password_protected(tmp)
        make_hidden_first_sheet(tmp)
        make_excel95()


if __name__ == "__main__":
    main()
