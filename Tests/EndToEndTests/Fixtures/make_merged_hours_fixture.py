#!/usr/bin/env python3
"""Writes merged-hours.xlsx with openpyxl: two trainings of one person whose 学时 cell is merged over
both rows (L2:L3), so Excel shows 16 once; and a unit merged over three rows, which is expected.
Run: python3 make_merged_hours_fixture.py"""
import openpyxl

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "学时"
sheet.append(["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
              "开始日期", "结束日期", "学时", "审核状态"])
sheet.append([1, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", "研修上篇", "浙江大学",
              "2024-03-05", "2024-03-06", 16, "已审核"])
sheet.append([2, "张伟", "330106198803124514", None, 2024, "专业科目", "面授培训", "研修下篇", "浙江大学",
              "2024-03-07", "2024-03-08", None, "已审核"])
sheet.append([3, "王芳", "330102199007153620", None, 2024, "专业科目", "网络课程", "深度学习进阶", "浙江大学",
              "2024-04-05", "2024-04-06", 8, "已审核"])
sheet.merge_cells("L2:L3")
sheet.merge_cells("D2:D4")
book.save("merged-hours.xlsx")
