#!/usr/bin/env python3
"""Regenerates the .xlsx fixtures of XueshiReadTests (XLSXReaderTests.swift).

The fixtures are committed; CI does not run this script. To regenerate them (needs LibreOffice's
`soffice` on PATH and openpyxl 3.1):

    python3 Tests/XueshiReadTests/Fixtures/make_xlsx_fixtures.py

Files written next to this script:
- provincial-libreoffice.xlsx  written by LibreOffice from a flat ODS (.fods) made here: a merged title
  row, an export-time row, the header, 10 data rows with date cells, a vertical merge of the unit over
  three rows, a blank row, a closing 合计 row with formulas; a second sheet with a boolean and an error.
- openpyxl-features.xlsx       written by openpyxl: inline strings, rich text, Chinese date format,
  datetime, boolean, ID stored as a number, vertical merge, line break, & < >, a formula without value.
- openpyxl-1904.xlsx           written by openpyxl with the 1904 date system.
- handmade-malformed.xlsx      broken sheet XML (truncated, shared-string index out of range, broken
  tag, missing part), for the errors.
- handmade-word-renamed.xlsx   a Word document's parts under an .xlsx name.
- handmade-oddities.xlsx       XML written by hand (zipfile) to imitate odd writers: namespace
  prefixes, absolute relationship targets, upper-case entry names, missing r attributes, shared
  strings with rich runs and phonetic runs, _xHHHH_ escapes, numeric entities, t="d", t="str", t="e".

The tests check exact cell values, so keep the data below in step with XLSXReaderTests.swift.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))


def id_check_digit(first17: str) -> str:
    """GB 11643-1999 check digit (ISO 7064 MOD 11-2)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return "10X98765432"[total % 11]


def make_id(area: str, birth: str, seq: int) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + id_check_digit(first17)


def make_id_ending_x(area: str, birth: str) -> str:
    for seq in range(1, 1000):
        candidate = make_id(area, birth, seq)
        if candidate.endswith("X"):
            return candidate
    raise RuntimeError("no X")


TITLE = "浙江省工业和信息化领域专业技术人员继续教育学时登记表"
EXPORTED = "导出时间：2025-08-15 10:30:12"
HEADER = ["序号", "姓名", "身份证号", "工作单位", "年度", "科目类别", "学习形式", "项目名称",
          "主办单位", "开始日期", "结束日期", "学时", "审核状态"]

PEOPLE = [
    ("张伟", make_id("330106", "19850312", 21)),
    ("王芳", make_id("330102", "19900701", 42)),
    ("李娜", make_id_ending_x("330203", "19880215")),
    ("刘洋", make_id("330302", "19921120", 13)),
    ("陈静", make_id("330106", "19870905", 64)),
]
UNIT_A = "杭州智算科技有限公司"
UNIT_B = "宁波海联信息技术有限公司"
# (person index, unit, year, category, form, title, organizer, start, end, hours, status)
RECORDS = [
    (0, UNIT_A, 2024, "一般公需科目", "网络课程", "数字经济与创新驱动发展", "浙江省经济和信息化厅",
     datetime.date(2024, 3, 5), datetime.date(2024, 3, 5), 8, "已审核"),
    (0, UNIT_A, 2024, "专业科目", "面授培训", "大模型应用开发实务", "浙江大学继续教育学院",
     datetime.date(2024, 4, 10), datetime.date(2024, 4, 12), 24, "已审核"),
    (1, UNIT_A, 2024, "行业公需科目", "网络课程", "工业互联网安全", "浙江省工业和信息化研究院",
     datetime.date(2024, 5, 6), datetime.date(2024, 5, 20), 8.5, "待审核"),
    (2, UNIT_B, 2023, "专业科目", "学术会议", "2023 人工智能产业大会", "中国人工智能学会",
     datetime.date(2023, 11, 2), datetime.date(2023, 11, 3), 16, "已审核"),
    (2, UNIT_B, 2024, "专业科目", "论文", "基于深度学习的缺陷检测方法研究", "《计算机工程》编辑部",
     datetime.date(2024, 6, 30), datetime.date(2024, 6, 30), 20, "已审核"),
    (3, UNIT_B, 2025, "一般公需科目", "网络课程", "习近平新时代中国特色社会主义思想概论", "浙江省人力资源和社会保障厅",
     datetime.date(2025, 1, 8), datetime.date(2025, 2, 28), 30, "审核通过"),
    (3, UNIT_B, 2025, "专业科目", "面授培训", "机器学习工程化 & MLOps <高级班>", "宁波市软件行业协会",
     datetime.date(2025, 3, 17), datetime.date(2025, 3, 21), 40, "退回"),
    (4, UNIT_A, 2023, "专业科目", "项目", "城市大脑视觉算法课题", "杭州市科学技术局",
     datetime.date(2023, 1, 1), datetime.date(2023, 12, 31), 60, "已审核"),
    (4, UNIT_A, 2024, "行业公需科目", "网络学习", "信息技术应用创新", "工业和信息化部人才交流中心",
     datetime.date(2024, 9, 1), datetime.date(2024, 9, 15), 12.5, "已审核"),
    (1, UNIT_A, 2025, "专业科目", "网络课程", "智能体（Agent）开发入门", "浙江省数字经济学会",
     datetime.date(2025, 7, 1), datetime.date(2025, 7, 31), 0.5, "未审核"),
]

# ---------------------------------------------------------------------------------------------
# 1. LibreOffice: a flat ODS written here, converted by soffice.
# ---------------------------------------------------------------------------------------------

FODS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
  xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
  office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <number:date-style style:name="Ndash">
   <number:year number:style="long"/><number:text>-</number:text>
   <number:month number:style="long"/><number:text>-</number:text>
   <number:day number:style="long"/>
  </number:date-style>
  <number:date-style style:name="Nslash">
   <number:year number:style="long"/><number:text>/</number:text>
   <number:month/><number:text>/</number:text><number:day/>
  </number:date-style>
  <number:text-style style:name="Ntext"><number:text-content/></number:text-style>
  <style:style style:name="ceDash" style:family="table-cell" style:data-style-name="Ndash"/>
  <style:style style:name="ceSlash" style:family="table-cell" style:data-style-name="Nslash"/>
  <style:style style:name="ceText" style:family="table-cell" style:data-style-name="Ntext"/>
  <style:style style:name="ceTitle" style:family="table-cell">
   <style:text-properties fo:font-weight="bold" fo:font-size="16pt"/>
  </style:style>
 </office:automatic-styles>
 <office:body>
  <office:spreadsheet>
"""
FODS_TAIL = """  </office:spreadsheet>
 </office:body>
</office:document>
"""


def s_cell(text, style=None, extra=""):
    st = f' table:style-name="{style}"' if style else ""
    return (f'<table:table-cell{st}{extra} office:value-type="string">'
            f'<text:p>{escape(text)}</text:p></table:table-cell>')


def f_cell(value, formula=None):
    fm = f' table:formula="{escape(formula)}"' if formula else ""
    return (f'<table:table-cell{fm} office:value-type="float" office:value="{value}">'
            f'<text:p>{value}</text:p></table:table-cell>')


def d_cell(date, style):
    iso = date.isoformat()
    return (f'<table:table-cell table:style-name="{style}" office:value-type="date" '
            f'office:date-value="{iso}"><text:p>{iso}</text:p></table:table-cell>')


def empty(n=1):
    return f'<table:table-cell table:number-columns-repeated="{n}"/>' if n > 1 else "<table:table-cell/>"


def row(cells):
    return "   <table:table-row>" + "".join(cells) + "</table:table-row>\n"


def fmt_hours(h):
    return str(h)


def make_libreoffice(tmp):
    body = ['  <table:table table:name="学时登记">\n',
            '   <table:table-column table:number-columns-repeated="13"/>\n']
    # Row 1: the title, merged A1:M1.
    body.append(row([s_cell(TITLE, "ceTitle", ' table:number-columns-spanned="13" table:number-rows-spanned="1"'),
                     '<table:covered-table-cell table:number-columns-repeated="12"/>']))
    # Row 2: the export time.
    body.append(row([s_cell(EXPORTED)]))
    # Row 3: the header.
    body.append(row([s_cell(h) for h in HEADER]))
    # Rows 4..13: the records. The unit of rows 4..6 is one cell merged vertically (D4:D6).
    for i, (p, unit, year, cat, form, title, org, start, end, hours, status) in enumerate(RECORDS):
        name, pid = PEOPLE[p]
        if i == 0:
            unit_cell = s_cell(unit, extra=' table:number-rows-spanned="3" table:number-columns-spanned="1"')
        elif i in (1, 2):
            unit_cell = "<table:covered-table-cell/>"
        else:
            unit_cell = s_cell(unit)
        body.append(row([
            f_cell(i + 1), s_cell(name), s_cell(pid, "ceText"), unit_cell, f_cell(year), s_cell(cat),
            s_cell(form), s_cell(title), s_cell(org), d_cell(start, "ceDash"), d_cell(end, "ceSlash"),
            f_cell(fmt_hours(hours)), s_cell(status)]))
    # Row 14: blank.
    body.append('   <table:table-row><table:table-cell table:number-columns-repeated="13"/></table:table-row>\n')
    # Row 15: the total. B15 is a string formula (t="str"), L15 a number formula.
    total = sum(r[9] for r in RECORDS)
    body.append(row([s_cell("合计"),
                     '<table:table-cell table:formula="of:=&quot;共&quot;&amp;COUNTA([.B4:.B13])&amp;&quot;条&quot;" '
                     'office:value-type="string" office:string-value="共10条"><text:p>共10条</text:p></table:table-cell>',
                     empty(9), f_cell(fmt_hours(total), "of:=SUM([.L4:.L13])")]))
    body.append("  </table:table>\n")

    # Second sheet.
    body.append('  <table:table table:name="说明">\n')
    body.append(row([s_cell("本表由系统导出，仅供核对。")]))
    body.append(row([s_cell("是否含待审核"),
                     '<table:table-cell office:value-type="boolean" office:boolean-value="true">'
                     '<text:p>TRUE</text:p></table:table-cell>']))
    body.append(row([s_cell("校验"),
                     '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0">'
                     '<text:p>#DIV/0!</text:p></table:table-cell>']))
    body.append("  </table:table>\n")

    fods = os.path.join(tmp, "provincial-libreoffice.fods")
    with open(fods, "w", encoding="utf-8") as f:
        f.write(FODS_HEAD + "".join(body) + FODS_TAIL)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", tmp, fods],
                   check=True, stdout=subprocess.DEVNULL)
    shutil.copy(os.path.join(tmp, "provincial-libreoffice.xlsx"), os.path.join(HERE, "provincial-libreoffice.xlsx"))


# ---------------------------------------------------------------------------------------------
# 2. openpyxl.
# ---------------------------------------------------------------------------------------------

def make_openpyxl():
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.styles import Alignment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "功能"
    ws["A1"] = "openpyxl 功能样例"
    ws.merge_cells("A1:E1")                                          # one-row merge: not filled
    ws.append(["姓名", "日期", "时间", "布尔", "身份证号", "工作单位", "备注", "公式"])  # row 2
    ws["A3"] = "张伟"
    ws["B3"] = datetime.date(2024, 3, 5)
    ws["B3"].number_format = 'yyyy"年"m"月"d"日"'
    ws["C3"] = datetime.datetime(2024, 3, 5, 9, 0)
    ws["C3"].number_format = "yyyy-mm-dd hh:mm"
    ws["D3"] = True
    ws["E3"] = 330106199001011000.0                                    # an ID Excel mangled into a number
    ws["F3"] = "杭州智算科技有限公司"
    ws.merge_cells("F3:F5")                                          # vertical merge over 3 data rows
    ws["G3"] = "第一行\n第二行"
    ws["G3"].alignment = Alignment(wrap_text=True)
    ws["H3"] = "=SUM(1,2)"                                           # openpyxl writes no cached value
    ws["A4"] = "王芳"
    ws["B4"] = datetime.date(1900, 3, 1)                             # serial 61, after the fake 1900-02-29
    ws["B4"].number_format = "yyyy/m/d"
    ws["D4"] = False
    ws["E4"] = 8.5
    ws["G4"] = "R&D <研发> \"中心\" 'A'"
    ws["A5"] = "李娜"
    ws["B5"] = datetime.datetime(2024, 3, 5, 9, 0)
    ws["B5"].number_format = "m/d/yy h:mm"
    ws["E5"] = 12
    ws["G5"] = CellRichText([TextBlock(InlineFont(b=True), "加粗"), "普通", TextBlock(InlineFont(i=True), " 斜体 ")])
    ws["A6"] = "  前后空格  "
    ws["E6"] = 0.1
    ws["E6"].number_format = "0.00%"
    ws["A8"] = "隔一行"
    ws["J8"] = "J列"
    ws2 = wb.create_sheet("第二页")
    ws2["A1"] = "第二页内容"
    ws2["B2"] = 45356
    wb.save(os.path.join(HERE, "openpyxl-features.xlsx"))

    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "1904"
    ws["A1"] = "日期"
    ws["B1"] = "日期时间"
    ws["A2"] = datetime.date(2024, 3, 5)
    ws["A2"].number_format = "yyyy-mm-dd"
    ws["B2"] = datetime.datetime(2024, 3, 5, 9, 0)
    ws["B2"].number_format = "yyyy-mm-dd hh:mm"
    ws["C2"] = 43894                                                    # a plain number: not shifted
    wb.save(os.path.join(HERE, "openpyxl-1904.xlsx"))


# ---------------------------------------------------------------------------------------------
# 3. Hand-written XML imitating odd writers.
# ---------------------------------------------------------------------------------------------

ODD_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>"""
ODD_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/xl/workbook.xml"/></Relationships>"""
ODD_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="false"/><x:sheets><x:sheet name="数据 &amp; 说明" sheetId="7" rel:id="R9"/><x:sheet name="Empty" sheetId="8" rel:id="R10"/></x:sheets></x:workbook>"""
ODD_WB_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="R10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/empty.xml"/><Relationship Id="R9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/Data.xml"/><Relationship Id="R2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/><Relationship Id="R3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="../xl/styles.xml"/></Relationships>"""
ODD_STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<x:sst xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<x:si><x:t>姓名</x:t></x:si>
<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>张</x:t></x:r><x:r><x:t xml:space="preserve"> 伟 </x:t></x:r><x:rPh sb="0" eb="1"><x:t>ZHANG</x:t></x:rPh><x:phoneticPr fontId="1"/></x:si>
<x:si><x:t>第一行_x000D__x000A_第二行</x:t></x:si>
<x:si><x:t/></x:si>
<x:si><x:t>&#20013;&#x6587; &lt;&amp;&gt; &quot;&apos; _x005F_x0041_ _x0041_</x:t></x:si>
<x:si><x:t><![CDATA[<b>不是标签</b>]]></x:t></x:si>
</x:sst>"""
ODD_STYLES = """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="4"><numFmt numFmtId="164" formatCode="[$-F800]dddd\\,\\ mmmm\\ dd\\,\\ yyyy"/><numFmt numFmtId="165" formatCode="&quot;day&quot;\\ 0.0"/><numFmt numFmtId="166" formatCode="[Red][&lt;=100]0.00;[Blue]0.00"/><numFmt numFmtId="167" formatCode="0.00E+00"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="7"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="58"/><xf numFmtId="49"/><xf numFmtId="167"/></cellXfs></styleSheet>"""
ODD_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:dimension ref="A1:AB9"/><x:sheetData>
<x:row r="2"><x:c r="A2" t="s"><x:v>0</x:v></x:c><x:c r="C2" t="s"><x:v>1</x:v></x:c></x:row>
<x:row r="3"><x:c t="s"><x:v>2</x:v></x:c><x:c t="s"><x:v>3</x:v></x:c><x:c t="s"><x:v>4</x:v></x:c><x:c t="s"><x:v>5</x:v></x:c></x:row>
<x:row><x:c r="B4" s="1"><x:v>45356.5</x:v></x:c><x:c s="2"><x:v>7</x:v></x:c><x:c s="3"><x:v>100</x:v></x:c><x:c s="4"><x:v>45356</x:v></x:c><x:c s="5"><x:v>1</x:v></x:c><x:c s="6"><x:v>1.5E+3</x:v></x:c></x:row>
<x:row r="5" spans="1:28"><x:c r="A5" t="d"><x:v>2024-03-05T09:30:00</x:v></x:c><x:c r="B5" t="str"><x:f>A1&amp;"x"</x:f><x:v>a&amp;b</x:v></x:c><x:c r="C5" t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c><x:c r="D5" t="b"><x:v>1</x:v></x:c><x:c r="AB5" t="inlineStr"><x:is><x:r><x:t>富</x:t></x:r><x:r><x:t>文本</x:t></x:r><x:rPh><x:t>ふ</x:t></x:rPh></x:is></x:c></x:row>
<x:row r="6"/>
<x:row r="7"><x:c r="A7" s="0"/><x:c r="B7"><x:v></x:v></x:c></x:row>
<x:row r="8" ><x:c r = 'A8' t = 'n' ><x:v> 42 </x:v></x:c><x:c r="C8"><x:f>A8*2</x:f><x:v>84</x:v></x:c><x:extLst/></x:row>
<x:row r="9"><x:c r="A9" t="inlineStr"><x:is><x:t xml:space="preserve">  空格  </x:t></x:is></x:c></x:row>
<x:row r="10"><x:c r="B10" t="s"><x:v>0</x:v></x:c></x:row>
<x:row r="11"><x:c r="A11" t="s"><x:v>4</x:v></x:c><x:c r="C11" t="n"><x:v>3</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="2"><x:mergeCell ref="A2:B2"/><x:mergeCell ref="B10:C11"/></x:mergeCells></x:worksheet>"""
ODD_EMPTY_SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"""


def make_handmade():
    path = os.path.join(HERE, "handmade-oddities.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ODD_CONTENT_TYPES)
        z.writestr("_rels/.rels", ODD_ROOT_RELS)
        z.writestr("xl/workbook.xml", ODD_WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", ODD_WB_RELS)
        z.writestr("xl/strings.xml", ODD_STRINGS)
        z.writestr("xl/styles.xml", ODD_STYLES)
        z.writestr("XL/Worksheets/DATA.XML", ODD_SHEET)   # case differs from the relationship's target
        z.writestr("xl/worksheets/empty.xml", ODD_EMPTY_SHEET)


MALFORMED_WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="截断" sheetId="1" r:id="rId1"/><sheet name="编号越界" sheetId="2" r:id="rId2"/><sheet name="坏标签" sheetId="3" r:id="rId3"/><sheet name="丢失" sheetId="4" r:id="rId4"/></sheets></workbook>"""
MALFORMED_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet4.xml"/><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""
MALFORMED_STRINGS = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>唯一</t></si></sst>"""
SHEET_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
MALFORMED_SHEETS = {
    # The XML stops inside the cell data: the rows before it are delivered, then the error.
    "xl/worksheets/sheet1.xml": SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></c></row><row r="3"><c r="A3"',
    # A shared-string index past the end of the table.
    "xl/worksheets/sheet2.xml": SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>5</v></c></row></sheetData></worksheet>',
    # A broken tag.
    "xl/worksheets/sheet3.xml": SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" <v>1</v></c></row></sheetData></worksheet>',
    # sheet4.xml is missing from the package.
}


def make_malformed():
    path = os.path.join(HERE, "handmade-malformed.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ODD_CONTENT_TYPES)
        z.writestr("xl/workbook.xml", MALFORMED_WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", MALFORMED_RELS)
        z.writestr("xl/sharedStrings.xml", MALFORMED_STRINGS)
        for name, xml in MALFORMED_SHEETS.items():
            z.writestr(name, xml)
    # A Word document saved under an .xlsx name.
    path = os.path.join(HERE, "handmade-word-renamed.xlsx")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ODD_CONTENT_TYPES)
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>')


def main():
    if "--print-ids" in sys.argv:
        for name, pid in PEOPLE:
            print(name, pid)
        return
    with tempfile.TemporaryDirectory() as tmp:
        make_libreoffice(tmp)
    make_openpyxl()
    make_handmade()
    make_malformed()
    for name, pid in PEOPLE:
        print(name, pid)


if __name__ == "__main__":
    main()
