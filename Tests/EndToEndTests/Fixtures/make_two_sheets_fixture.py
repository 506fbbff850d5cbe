#!/usr/bin/env python3
"""Writes two-year-sheets.xlsx with openpyxl: an export split by year over two visible sheets "2024年"
and "2025年" with the same header, a notes sheet "说明" without one, and a hidden sheet of lookups.
Run: python3 make_two_sheets_fixture.py"""
import openpyxl

HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
          "开始日期", "结束日期", "学时", "审核状态"]
book = openpyxl.Workbook()
first = book.active
first.title = "2024年"
first.append(HEADER)
first.append([1, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", "大模型研修班", "浙江大学",
              "2024-03-05", "2024-03-06", 16, "已审核"])
second = book.create_sheet("2025年")
second.append(["2025年度学时登记（续）"])
second.append(HEADER)
second.append([1, "张伟", "330106198803124514", "之江实验室", 2025, "专业科目", "网络课程", "多模态模型专题", "浙江大学",
               "2025-04-05", "2025-04-06", 8, "已审核"])
second.append([2, "王芳", "330102199007153620", "杭州智算科技有限公司", 2025, "一般公需科目", "网络课程", "公需科目网络培训",
               "浙江省人社厅", "2025-05-05", "2025-05-06", 20, "已审核"])
notes = book.create_sheet("说明")
notes.append(["本表由系统导出，仅供核对。"])
lookups = book.create_sheet("代码表")
lookups.append(["科目类别", "专业科目"])
lookups.sheet_state = "hidden"
book.save("two-year-sheets.xlsx")
