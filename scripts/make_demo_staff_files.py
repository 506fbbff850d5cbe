#!/usr/bin/env python3
"""Writes the demo's roster (花名册) and internal training sheet (签到表) as a spreadsheet program
would save them, with openpyxl, for the people of Samples/demo-export.csv, into Samples/. The end-to-end
tests use the same files (copied to Tests/EndToEndTests/Fixtures). Run: python3 scripts/make_demo_staff_files.py

The roster is built to show every finding of `xueshi reconcile` once:
- 孙悦 (之江实验室) is new staff with no record at all;
- 陈静 has records for 2023 and 2025 only: 2024 is missing;
- 周婷 started work in March 2024, so her missing 2023 is not missing; the roster puts her in 之江实验室
  while her records say 浙江数智研究院: a unit mismatch;
- 王芳 is written 王方 on the roster: a name mismatch;
- 杨磊 has left (离职): listed on no finding;
- 黄强 has records but is on no roster.
The training sheet lists one training 张伟 registered (2024-07-12..14, 40 h: the same dates and
hours as his record) and one nobody registered (2025-04-18, 6 h), attended by 张伟, 李娜 and 吴昊,
a name the roster does not have.
"""
import datetime
import openpyxl
from openpyxl.styles import Font


def resident_id(first17):
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


ROSTER = [
    # 姓名, 身份证号, 单位, 部门, 参加工作时间, 在职状态, 是否申报
    ("张伟", "330106198803124514", "之江实验室", "智能计算研究院", datetime.date(2011, 7, 1), "在职", "是"),
    ("李娜", "330522198501012842", "之江实验室", "智能计算研究院", datetime.date(2008, 8, 1), "在职", "是"),
    ("王方", "330102199007153620", "之江实验室", "智能感知研究中心", datetime.date(2013, 7, 1), "在职", "否"),
    ("孙悦", resident_id("33010619960315202"), "之江实验室", "智能感知研究中心", datetime.date(2019, 7, 1), "在职", "否"),
    ("周婷", "330106199512122046", "之江实验室", "智能感知研究中心", datetime.date(2024, 3, 1), "在职", "否"),
    ("刘洋", "330106199202281631", "杭州智算科技有限公司", "算法部", datetime.date(2015, 7, 1), "在职", "是"),
    ("杨磊", "330681199105057352", "杭州智算科技有限公司", "算法部", datetime.date(2014, 7, 1), "离职", "否"),
    ("陈静", "330103198709095420", "杭州智算科技有限公司", "平台部", datetime.date(2010, 7, 1), "在职", "否"),
    ("赵敏", "330108198906201263", "浙江数智研究院", "数据中心", datetime.date(2012, 7, 1), "在职", "否"),
]


def roster(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "花名册"
    sheet.append(["2025年度专业技术人员花名册"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["序号", "姓名", "身份证号", "单位", "部门", "参加工作时间", "在职状态", "是否申报"])
    for number, (name, rid, unit, department, started, status, applying) in enumerate(ROSTER, start=1):
        sheet.append([number, name, rid, unit, department, started, status, applying])
        sheet.cell(row=sheet.max_row, column=6).number_format = "yyyy-mm-dd"
    for column, width in zip("ABCDEFGH", [6, 8, 22, 22, 18, 14, 10, 10]):
        sheet.column_dimensions[column].width = width
    book.save(path)


def trainings(path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "内部培训"
    sheet.append(["培训名称", "日期", "结束日期", "学时", "参训人员"])
    sheet.append(["人工智能大模型应用专题研修班（2024）", datetime.date(2024, 7, 12), datetime.date(2024, 7, 14), 40, "张伟"])
    sheet.append(["数据安全与个人信息保护内训", datetime.date(2025, 4, 18), None, 6, "张伟、李娜、吴昊"])
    for row in (2, 3):
        for column in (2, 3):
            sheet.cell(row=row, column=column).number_format = "yyyy-mm-dd"
    book.save(path)


if __name__ == "__main__":
    import os
    samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Samples")
    roster(os.path.join(samples, "demo-roster.xlsx"))
    trainings(os.path.join(samples, "demo-trainings.xlsx"))
