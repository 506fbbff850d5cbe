#!/usr/bin/env python3
"""Writes the CSV fixtures of XueshiReadTests, in the encodings and line ends real programs write.

    python3 Tests/XueshiReadTests/Fixtures/make_csv_fixtures.py

The fixtures are committed; CI does not run this script. CSVReaderTests.swift holds the rows every
file must read back as (PROVINCIAL below, cell for cell): change both together.

- provincial-gb18030.csv   GB18030 (what Excel on a Chinese Windows saves as "CSV"), CRLF
- provincial-utf8-bom.csv  UTF-8 with a byte-order mark, LF (what web systems write for Excel)
- provincial-utf8.csv      UTF-8 without a byte-order mark, CRLF (Python's csv module)
- provincial-tab.csv       GB18030, tab-separated, CRLF (Excel's "Text (Tab delimited)")
- utf16.csv                UTF-16 LE with a byte-order mark, tab-separated, CRLF (Excel's "Unicode text")
- short-gbk.csv            a tiny GBK file whose bytes are also valid UTF-8: decoding proves nothing,
                           only the header check tells the encodings apart
"""
import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))

WIDTH = 13
HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
          "开始日期", "结束日期", "学时", "审核状态"]


def padded(*cells):
    return list(cells) + [""] * (WIDTH - len(cells))


# One list per row; [] is a blank line. Row numbers (as a spreadsheet shows them) in the comments.
PROVINCIAL = [
    padded("浙江省工业和信息化领域专业技术人员继续教育学时登记表"),                      # 1 title
    padded("导出时间：2025-08-20 14:32:05"),                                           # 2
    HEADER,                                                                            # 3
    ["1", "张伟", "33010619900101123X", "杭州智元科技有限公司", "2024", "专业科目", "面授培训",
     "人工智能大模型应用开发实务", "浙江省人工智能学会", "2024-03-05", "2024-03-07", "24", "已审核"],  # 4
    ["2", "张伟", "33010619900101123x", "杭州智元科技有限公司", "2024", "一般公需科目", "网络课程",
     "数据安全法, 个人信息保护法解读", "浙江省专业技术人员继续教育网", "2024/4/1", "2024/4/30", "30",
     "已审核"],                                                                        # 5 comma in a field
    ["3", "李娜", "330203198512152423", "宁波海曙数据服务有限公司", "2024", "行业公需科目", "学术会议",
     "“数字浙江”建设专题\n\"新质生产力\"研讨会", "浙江省经济和信息化厅", "2024年5月10日", "2024年5月11日",
     "12", "待审核"],                                                                  # 6 line break, quotes
    ["4", " 王芳 ", "330304199207083018", "温州瓯海电子研究所", "2025", "专业科目", "网络课程",
     "机器学习算法进阶", "浙江大学继续教育学院", "2025-01-08 09:00", "2025-01-20 17:00", "８", "已审核"],  # 7
    [],                                                                                # 8 blank
    ["5", "刘洋", "3.30402198803214E+17", "嘉兴南湖智能制造有限公司", "2023", "专业科目", "论文",
     "工业视觉缺陷检测方法研究", "", "", "", "10", "审核通过"],                         # 9 ID mangled by Excel
    ["6", "陈静", "330603197911300048", "绍兴柯桥纺织科技有限公司", "2023", "行业公需科目", "面授培训",
     "智能制造与数字化转型", "绍兴市经信局", "2023.06.12", "2023.06.13", "8学时", "未通过"],  # 10
    ["7", "陈静", "330603197911300048", "绍兴柯桥纺织科技有限公司", "2025", "专业科目", "专利",
     "一种纺织品瑕疵检测装置", "", "2025-02-01", "", "20", "已审核"],                   # 11
    ["8", "赵磊", "331004199506067813", "台州路桥汽车零部件有限公司", "2024", "专业科目", "项目",
     "AI质检系统 \"慧眼\" 项目", "台州学院", "2024-09-01", "2024-12-31", "40", "已审核"],  # 12
    ["9", "孙丽\t", "330502198704191136", "湖州吴兴信息技术有限公司", "2025", "一般公需科目", "网络课程",
     "专业技术人员职业道德", "浙江省专业技术人员继续教育网", "2025-03-01", "2025-03-31", "30", "已审核"],  # 13
    ["10", "周杰", "330902199309235203", "舟山定海海洋科技有限公司", "2024", "专业科目", "学历教育",
     "海洋信息工程（在职研究生）", "浙江海洋大学", "2024-09-01", "2025-01-15", "60", "已审核"],  # 14
    padded("合计", "", "", "", "", "", "", "", "", "", "", "242"),                    # 15 total
]

# Header words whose GBK bytes are valid UTF-8 as well (学时 is D1 A7 CA B1: "ѧʱ" in UTF-8).
SHORT_GBK = [
    ["专业", "学时", "状态"],
    ["医学", "8", "1"],
    ["药学", "16", "0"],
]


def render(rows, delimiter, line_end):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=line_end, quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    write("provincial-gb18030.csv", render(PROVINCIAL, ",", "\r\n").encode("gb18030"))
    write("provincial-utf8-bom.csv", b"\xef\xbb\xbf" + render(PROVINCIAL, ",", "\n").encode("utf-8"))
    write("provincial-utf8.csv", render(PROVINCIAL, ",", "\r\n").encode("utf-8"))
    write("provincial-tab.csv", render(PROVINCIAL, "\t", "\r\n").encode("gb18030"))
    write("utf16.csv", b"\xff\xfe" + render(PROVINCIAL, "\t", "\r\n").encode("utf-16-le"))

    short = render(SHORT_GBK, ",", "\r\n").encode("gbk")
    short.decode("utf-8")  # raises if the point of the fixture is lost
    assert short.decode("utf-8") != render(SHORT_GBK, ",", "\r\n")
    write("short-gbk.csv", short)


if __name__ == "__main__":
    main()
