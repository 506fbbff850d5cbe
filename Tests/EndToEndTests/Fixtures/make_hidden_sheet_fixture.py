#!/usr/bin/env python3
"""Writes hidden-first-sheet.xlsx with openpyxl: a hidden first sheet "旧数据" holding a stale export
(a valid header, an out-of-date record), the visible sheet "学时" with the export, and a notes sheet
"说明". Run: python3 make_hidden_sheet_fixture.py"""
import openpyxl

HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
          "开始日期", "结束日期", "学时", "审核状态"]
book = openpyxl.Workbook()
stale = book.active
stale.title = "旧数据"
stale.append(HEADER)
stale.append([1, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", "旧的研修", "浙江大学",
              "2024-01-05", "2024-01-06", 99, "待审核"])
stale.sheet_state = "hidden"
current = book.create_sheet("学时")
current.append(HEADER)
current.append([1, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", "大模型研修班", "浙江大学",
                "2024-03-05", "2024-03-06", 16, "已审核"])
current.append([2, "王芳", "330102199007153620", "杭州智算科技有限公司", 2024, "专业科目", "网络课程", "深度学习进阶",
                "浙江大学", "2024-04-05", "2024-04-06", 8, "已审核"])
notes = book.create_sheet("说明")
notes.append(["本表由系统导出，仅供核对。"])
book.active = 1
book.save("hidden-first-sheet.xlsx")
