#!/usr/bin/env python3
"""Writes the formula fixtures, as two real programs write formula cells:
- formulas-xlsxwriter.xlsx (XlsxWriter): hours as formulas with the result given (=8+8 → 16;
  =1.1+2.2 → 3.3000000000000003, the binary float Excel saves), and one without (XlsxWriter then
  saves 0 as the result);
- formulas-openpyxl.xlsx (openpyxl): an hours formula with no result saved at all.
Run: python3 make_formula_fixtures.py"""
import datetime
import openpyxl
import xlsxwriter

HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
          "开始日期", "结束日期", "学时", "审核状态"]


def row(number, title):
    return [number, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", title, "浙江大学",
            "2024-03-%02d" % (number + 1), "2024-03-%02d" % (number + 1)]


book = xlsxwriter.Workbook("formulas-xlsxwriter.xlsx")
sheet = book.add_worksheet("学时")
sheet.write_row(0, 0, HEADER)
for index, (title, formula, result) in enumerate([("研修一", "=8+8", 16), ("研修二", "=1.1+2.2", 1.1 + 2.2),
                                                  ("研修三", "=4*4", None)], start=1):
    sheet.write_row(index, 0, row(index, title))
    if result is None:
        sheet.write_formula(index, 11, formula)
    else:
        sheet.write_formula(index, 11, formula, None, result)
    sheet.write(index, 12, "已审核")
book.close()

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "学时"
sheet.append(HEADER)
sheet.append(row(1, "研修一") + ["=8+8", "已审核"])
book.save("formulas-openpyxl.xlsx")
