#!/usr/bin/env python3
"""Writes title-line-breaks.xlsx with openpyxl: one training written three ways, as exports come —
a line break as Excel stores it (`_x000D_` and a line feed: openpyxl writes the CR raw, which XML
readers turn into a line feed, so the sheet's XML is rewritten the way Excel writes it), as
LibreOffice re-saves it (a line feed), and on one line with two spaces. Run: python3 make_line_break_fixture.py"""
import datetime
import openpyxl

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "学时"
sheet.append(["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
              "开始日期", "结束日期", "学时", "审核状态"])
titles = ["人工智能\r\n应用研修", "人工智能\n应用研修", "人工智能  应用研修"]
for number, title in enumerate(titles, start=1):
    sheet.append([number, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", title,
                  "浙江大学\n继续教育学院", datetime.date(2024, 3, 5), datetime.date(2024, 3, 6), 16, "已审核"])
book.save("title-line-breaks.xlsx")

# Excel escapes a carriage return in a cell as _x000D_.
import shutil
import zipfile
with zipfile.ZipFile("title-line-breaks.xlsx") as source, zipfile.ZipFile("title-line-breaks.tmp", "w", zipfile.ZIP_DEFLATED) as target:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename == "xl/worksheets/sheet1.xml":
            assert b"\r\n" in data
            data = data.replace(b"\r\n", b"_x000D_\n")
        target.writestr(item, data)
shutil.move("title-line-breaks.tmp", "title-line-breaks.xlsx")
