#!/usr/bin/env python3
"""Writes the demo's sample exports: Samples/demo-export.csv, as the provincial system's export comes
from Excel on a Chinese Windows (GB18030, CRLF, a title row and an export-time row above the header, a
closing total row), and Samples/demo-export-2025.xlsx, a later export of 2025 that overlaps it, saved by
LibreOffice (needs soffice). The people are made up; their IDs have valid check digits.

Run from the repository root: python3 scripts/make_demo_samples.py
"""
import csv, io, pathlib

W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
C = "10X98765432"

def resident_id(first17):
    return first17 + C[sum(int(a) * b for a, b in zip(first17, W)) % 11]

UNITS = ["之江实验室", "杭州智算科技有限公司", "浙江数智研究院"]
# name, first 17 digits, unit, plan: year -> list of (category, form, title, hours, status)
G, I, P = "一般公需科目", "行业公需科目", "专业科目"
def full_year(y, extra=0):
    return [(G, "网络课程", f"{y}年度专业技术人员公需科目网络培训", 20, "已审核"),
            (I, "面授培训", f"{y}年工业和信息化行业公需科目培训", 10, "已审核"),
            (P, "面授培训", f"人工智能大模型应用专题研修班（{y}）", 40, "已审核"),
            (P, "学术会议", f"{y}世界人工智能大会分论坛", 24 + extra, "已审核")]
PEOPLE = [
    ("张伟", "33010619880312451", 0, {2023: full_year(2023), 2024: full_year(2024, 2), 2025: full_year(2025)}),
    ("王芳", "33010219900715362", 0, {2023: full_year(2023), 2024: full_year(2024),
                                       2025: full_year(2025)[:2] + [(P, "网络课程", "机器学习工程实践（网络课程）", 32, "已审核")]}),
    ("李娜", "33052219850101284", 0, {2023: full_year(2023), 2024: full_year(2024)[:3] + [(P, "论文", "论文：面向边缘设备的模型压缩", 12, "已审核")],
                                       2025: full_year(2025)}),
    ("刘洋", "33010619920228163", 1, {2023: full_year(2023), 2024: full_year(2024),
                                       2025: full_year(2025)[:3] + [(P, "学术会议", "2025 中国人工智能大会", 24, "待审核")]}),
    ("陈静", "33010319870909542", 1, {2023: full_year(2023), 2025: full_year(2025)}),
    ("杨磊", "33068119910505735", 1, {2023: full_year(2023), 2024: full_year(2024), 2025: full_year(2025, 1)}),
    ("赵敏", "33010819890620126", 2, {2023: full_year(2023)[:2] + [(P, "面授培训", "深度学习框架高级研修", 52.5, "已审核")],
                                       2024: full_year(2024), 2025: full_year(2025)}),
    ("黄强", "33010619830117857", 2, {2023: full_year(2023), 2024: full_year(2024)[:3] + [(P, "项目", "省重点研发项目：智能制造质检", 8, "未通过")],
                                       2025: full_year(2025)}),
    ("周婷", "33010619951212204", 2, {2024: full_year(2024), 2025: full_year(2025)}),
]

def rows():
    n = 0
    for name, first17, unit, plan in PEOPLE:
        pid = resident_id(first17)
        for year, items in plan.items():
            for k, (cat, form, title, hours, status) in enumerate(items):
                n += 1
                month = 3 + k * 2
                start = f"{year}-{month:02d}-{10 + k:02d}"
                end = f"{year}-{month:02d}-{12 + k:02d}"
                reg = f"{year}-{month + 1:02d}-02"
                organizer = "浙江省经济和信息化厅" if cat != P else "浙江大学继续教育学院"
                yield [n, name, pid, UNITS[unit], year, cat, form, title, organizer, start, end,
                       ("%g" % hours), status, reg]

def write_later_export(root, data):
    """Samples/demo-export-2025.xlsx: a later export of 2025 alone, as LibreOffice saves it (IDs as text,
    dates as date cells), overlapping the CSV: its 2025 rows again, and two records registered since."""
    import subprocess, tempfile, os
    later = [r for r in data if r[4] == 2025]
    wang = next(r for r in data if r[1] == "王芳")
    liu = next(r for r in data if r[1] == "刘洋")
    extra = [
        [0, "王芳", wang[2], wang[3], 2025, "专业科目", "面授培训", "人工智能安全与治理专题研修班", "浙江大学继续教育学院",
         "2025-08-18", "2025-08-20", "28", "已审核", "2025-08-28"],
        [0, "刘洋", liu[2], liu[3], 2025, "专业科目", "网络课程", "大模型推理优化（网络课程）", "浙江省专业技术人员继续教育网",
         "2025-08-04", "2025-08-08", "12", "已审核", "2025-08-25"],
    ]
    rows = later + extra
    with tempfile.TemporaryDirectory() as folder:
        source = os.path.join(folder, "demo-export-2025.csv")
        with open(source, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["浙江省工业和信息化领域专业技术人员继续教育学时登记表（2025年度）"])
            w.writerow(["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
                        "开始日期", "结束日期", "学时", "审核状态", "登记日期"])
            for n, r in enumerate(rows, 1):
                w.writerow([n] + r[1:])
        # Column 3 (ID) as text, 10, 11 and 14 (dates) as Y-M-D dates, as an export saved by a spreadsheet.
        subprocess.run(["soffice", "--headless", "--infilter=CSV:44,34,76,1,3/2/10/5/11/5/14/5",
                        "--convert-to", "xlsx", "--outdir", folder, source], check=True, capture_output=True)
        with open(os.path.join(folder, "demo-export-2025.xlsx"), "rb") as f:
            (root / "Samples" / "demo-export-2025.xlsx").write_bytes(f.read())

def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(["浙江省工业和信息化领域专业技术人员继续教育学时登记表"])
    w.writerow(["导出时间：2025-09-01 10:00:00"])
    w.writerow(["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称", "主办单位",
                "开始日期", "结束日期", "学时", "审核状态", "登记日期"])
    data = list(rows())
    for r in data:
        w.writerow(r)
    w.writerow(["合计", "", "", "", "", "", "", "", "", "", "", "%g" % sum(float(r[11]) for r in data), "", ""])
    (root / "Samples" / "demo-export.csv").write_bytes(out.getvalue().encode("gb18030"))
    write_later_export(root, data)

if __name__ == "__main__":
    main()
