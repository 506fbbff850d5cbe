#!/usr/bin/env python3
"""Regenerates the Excel 2003 XML (SpreadsheetML) fixtures: SpreadsheetMLReaderTests.swift, the golden
files of XueshiImportTests and the end-to-end tests.

The fixtures are committed; CI does not run this script. To regenerate them (needs LibreOffice's
`soffice` on PATH, the system Python's `uno` module (Debian: python3-uno) for the conversions, and
openpyxl 3.1):

    python3 Tests/XueshiReadTests/Fixtures/make_spreadsheetml_fixtures.py

Files written:
- XueshiImportTests/Fixtures/golden/provincial-quirks-2003.xml: the golden workbook
  provincial-quirks-libreoffice.xlsx saved by LibreOffice with its "MS Excel 2003 XML" filter. Before
  saving, the direct formatting of the empty cells below the data is cleared: the workbook's columns
  carry a cell format down to the sheet's last row, and the filter writes every such row (26 MB of
  empty rows, 528,000 of them). No cell with content is touched.
- XueshiImportTests/Fixtures/golden/provincial-quirks-freemarker.xls, and a copy in
  EndToEndTests/Fixtures/: the same data written here the way a FreeMarker template of a registration
  system writes it: an Excel-made template's header and styles, indented cells, IDs as String, hours as
  Number, dates as DateTime, a title merged across (ss:MergeAcross), the unit merged down over two
  records twice (ss:MergeDown, the next cell with ss:Index), ss:Index over blank rows, empty values as
  empty String data, and a hidden first worksheet "旧数据" with a stale record.
- spreadsheetml-exported.xml: provincial-libreoffice.xlsx (beside this script) saved by LibreOffice
  with the same filter. The filter writes the cells after a vertical merge without ss:Index, so they
  fall on the covered cells. (It writes no sheet visibility either: a hidden sheet comes out shown.)
- spreadsheetml-features.xml: written here as Excel writes the format: every data type, a date style,
  ss:Index on rows and cells, ss:Span, a merge across and a merge across and down, rich text, a line
  break, entities, CDATA, a comment, formulas with and without a value, dates around 1900-03-01, a
  time alone; a hidden and a very hidden sheet.
- spreadsheetml-prefixed.xml: every element with the ss: prefix and no default namespace, the options
  with x:, as some writers do.
- spreadsheetml-gb2312.xml: declared GB2312, encoded GB18030, with 镕, which only GBK has.
- spreadsheetml-utf16.xml: UTF-16 with a byte-order mark.

The tests check exact cell values, so keep the data below in step with SpreadsheetMLReaderTests.swift.
"""
import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(TESTS, "XueshiImportTests", "Fixtures", "golden")
END_TO_END = os.path.join(TESTS, "EndToEndTests", "Fixtures")

# ---------------------------------------------------------------------------------------------
# 1. LibreOffice's export filter, driven through UNO.
# ---------------------------------------------------------------------------------------------


def uno_python():
    try:
        import uno  # noqa: F401
        return sys.executable
    except ImportError:
        return "/usr/bin/python3"


def uno_convert(source, target):
    """Runs in a Python that has `uno`: opens `source` in a headless soffice, clears the formatting of
    the empty cells below each sheet's data, and saves `target` with the "MS Excel 2003 XML" filter."""
    import time
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.sheet.CellFlags import HARDATTR, STYLES, EDITATTR, FORMATTED

    def prop(name, value):
        p = PropertyValue()
        p.Name, p.Value = name, value
        return p

    work = tempfile.mkdtemp()
    pipe = "ssml%d" % os.getpid()
    office = subprocess.Popen(["soffice", "--headless", "--norestore", "--nologo",
                               "-env:UserInstallation=file://" + os.path.join(work, "profile"),
                               "--accept=pipe,name=%s;urp;" % pipe],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        for _ in range(200):
            try:
                remote = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
                break
            except Exception:
                time.sleep(0.1)
        else:
            raise RuntimeError("soffice did not start")
        desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(source)), "_blank", 0,
                                           (prop("Hidden", True),))
        for index in range(doc.Sheets.Count):
            sheet = doc.Sheets.getByIndex(index)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            used = cursor.RangeAddress
            if used.EndRow + 1 < sheet.Rows.Count:
                below = sheet.getCellRangeByPosition(0, used.EndRow + 1, used.EndColumn, sheet.Rows.Count - 1)
                below.clearContents(HARDATTR | STYLES | EDITATTR | FORMATTED)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(target)), (prop("FilterName", "MS Excel 2003 XML"),))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge closes as soffice quits
        office.wait(timeout=60)
    finally:
        if office.poll() is None:
            office.kill()
        shutil.rmtree(work, ignore_errors=True)


def convert(source, target):
    subprocess.run([uno_python(), os.path.abspath(__file__), "--uno-convert", source, target], check=True)


# ---------------------------------------------------------------------------------------------
# 2. A FreeMarker template's output.
# ---------------------------------------------------------------------------------------------

FTL_HEAD = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <DocumentProperties xmlns="urn:schemas-microsoft-com:office:office">
  <Author>admin</Author>
  <Created>2025-09-01T02:00:00Z</Created>
  <Version>16.00</Version>
 </DocumentProperties>
 <ExcelWorkbook xmlns="urn:schemas-microsoft-com:office:excel">
  <WindowHeight>12000</WindowHeight>
  <WindowWidth>28000</WindowWidth>
  <ActiveSheet>1</ActiveSheet>
  <FirstVisibleSheet>1</FirstVisibleSheet>
  <ProtectStructure>False</ProtectStructure>
  <ProtectWindows>False</ProtectWindows>
 </ExcelWorkbook>
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal">
   <Alignment ss:Vertical="Center"/>
   <Borders/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11" ss:Color="#000000"/>
   <Interior/>
   <NumberFormat/>
   <Protection/>
  </Style>
  <Style ss:ID="s62">
   <Alignment ss:Horizontal="Center" ss:Vertical="Center"/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="16" ss:Color="#000000" ss:Bold="1"/>
  </Style>
  <Style ss:ID="s63">
   <Alignment ss:Horizontal="Center" ss:Vertical="Center"/>
   <Borders>
    <Border ss:Position="Bottom" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Left" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Right" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Top" ss:LineStyle="Continuous" ss:Weight="1"/>
   </Borders>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11" ss:Color="#000000" ss:Bold="1"/>
   <Interior ss:Color="#D9D9D9" ss:Pattern="Solid"/>
  </Style>
  <Style ss:ID="s64">
   <Borders>
    <Border ss:Position="Bottom" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Left" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Right" ss:LineStyle="Continuous" ss:Weight="1"/>
    <Border ss:Position="Top" ss:LineStyle="Continuous" ss:Weight="1"/>
   </Borders>
   <NumberFormat ss:Format="@"/>
  </Style>
  <Style ss:ID="s65" ss:Parent="s64">
   <Alignment ss:Horizontal="Right" ss:Vertical="Center"/>
   <NumberFormat ss:Format="General"/>
  </Style>
  <Style ss:ID="s66" ss:Parent="s64">
   <NumberFormat ss:Format="yyyy\\-mm\\-dd"/>
  </Style>
  <Style ss:ID="s67" ss:Parent="s64">
   <NumberFormat ss:Format="Short Date"/>
  </Style>
  <Style ss:ID="s68" ss:Parent="s64">
   <NumberFormat ss:Format="yyyy\\-mm\\-dd\\ hh:mm"/>
  </Style>
  <Style ss:ID="s69" ss:Parent="s64">
   <Alignment ss:Vertical="Center" ss:WrapText="1"/>
  </Style>
  <Style ss:ID="s70">
   <Alignment ss:Horizontal="Left" ss:Vertical="Center"/>
  </Style>
 </Styles>
"""

FTL_OPTIONS = """  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <PageSetup>
    <Header x:Margin="0.3"/>
    <Footer x:Margin="0.3"/>
    <PageMargins x:Bottom="0.75" x:Left="0.7" x:Right="0.7" x:Top="0.75"/>
   </PageSetup>
{extra}   <ProtectObjects>False</ProtectObjects>
   <ProtectScenarios>False</ProtectScenarios>
  </WorksheetOptions>
"""


def ftl_text(value):
    # ${value?xml}, and a line break as Excel writes it in a cell.
    return escape(value, {'"': "&quot;", "'": "&apos;"}).replace("\n", "&#10;")


def ftl_cell(value, number_format=None, extra=""):
    """One <Cell> the way the template writes the value: a String, a Number, a DateTime, or, when the
    value is null, an empty String (`${value!}`) in a text column and no data in the others."""
    if value is None:
        return f'<Cell ss:StyleID="s64"{extra}><Data ss:Type="String"></Data></Cell>'
    if isinstance(value, datetime.datetime):
        style = {"yyyy\\-mm\\-dd": "s66", "mm/dd/yy": "s67"}.get(number_format, "s68")
        return (f'<Cell ss:StyleID="{style}"{extra}><Data ss:Type="DateTime">'
                f'{value.strftime("%Y-%m-%dT%H:%M:%S")}</Data></Cell>')
    if isinstance(value, (int, float)):
        return f'<Cell ss:StyleID="s65"{extra}><Data ss:Type="Number">{value!r}</Data></Cell>'
    style = "s69" if "\n" in value else "s64"
    return f'<Cell ss:StyleID="{style}"{extra}><Data ss:Type="String">{ftl_text(value)}</Data></Cell>'


def make_freemarker(target):
    import openpyxl
    book = openpyxl.load_workbook(os.path.join(GOLDEN, "provincial-quirks-libreoffice.xlsx"))
    sheet = book.worksheets[0]
    rows = {r[0].row: r for r in sheet.iter_rows(min_col=1, max_col=14)}
    width = 14
    title, exported, header = rows[1][0].value, rows[2][0].value, [c.value for c in rows[4]]

    out = [FTL_HEAD]
    # The stale export left in a hidden first sheet.
    out.append(' <Worksheet ss:Name="旧数据">\n  <Table ss:ExpandedColumnCount="14" ss:ExpandedRowCount="2" '
               'x:FullColumns="1" x:FullRows="1" ss:DefaultColumnWidth="54" ss:DefaultRowHeight="13.5">\n')
    out.append("   <Row>\n" + "".join(f'    <Cell ss:StyleID="s63"><Data ss:Type="String">{ftl_text(h)}</Data></Cell>\n'
                                     for h in header) + "   </Row>\n")
    stale = [1, "张伟", "330106198803124514", "之江实验室", 2024, "专业科目", "面授培训", "旧的研修班", "浙江大学",
             datetime.datetime(2024, 1, 5), datetime.datetime(2024, 1, 6), 99, "待审核", None]
    dash = "yyyy\\-mm\\-dd"
    out.append("   <Row>\n" + "".join(f"    {ftl_cell(v, dash)}\n" for v in stale) + "   </Row>\n")
    out.append("  </Table>\n" + FTL_OPTIONS.format(extra="   <Visible>SheetHidden</Visible>\n") + " </Worksheet>\n")

    # The export itself.
    last = max(rows)
    out.append(f' <Worksheet ss:Name="学时数据">\n  <Table ss:ExpandedColumnCount="{width}" ss:ExpandedRowCount="{last}" '
               'x:FullColumns="1" x:FullRows="1" ss:DefaultColumnWidth="54" ss:DefaultRowHeight="13.5">\n')
    out.append('   <Column ss:Index="3" ss:AutoFitWidth="0" ss:Width="150"/>\n'
               '   <Column ss:AutoFitWidth="0" ss:Width="120"/>\n'
               '   <Column ss:Index="8" ss:AutoFitWidth="0" ss:Width="180"/>\n')
    out.append(f'   <Row ss:AutoFitHeight="0" ss:Height="27">\n    <Cell ss:MergeAcross="{width - 1}" ss:StyleID="s62">'
               f'<Data ss:Type="String">{ftl_text(title)}</Data></Cell>\n   </Row>\n')
    out.append(f'   <Row>\n    <Cell ss:MergeAcross="{width - 1}" ss:StyleID="s70"><Data ss:Type="String">'
               f'{ftl_text(exported)}</Data></Cell>\n   </Row>\n')
    # Row 3 is blank: the header says where it is.
    out.append('   <Row ss:Index="4">\n' + "".join(f'    <Cell ss:StyleID="s63"><Data ss:Type="String">{ftl_text(h)}</Data></Cell>\n'
                                                 for h in header) + "   </Row>\n")
    # The unit (column D) merged down over two records of the same unit, twice; the row below each
    # merge skips column D with ss:Index, as the format requires.
    merged_down = {7: 1, 9: 1}
    covered = {8, 10}
    previous = 4
    for number in range(5, last + 1):
        cells = rows[number]
        values = [(c.value, c.number_format) for c in cells]
        if all(v is None for v, _ in values):
            continue
        index = f' ss:Index="{number}"' if number != previous + 1 else ""
        previous = number
        out.append(f"   <Row{index}>\n")
        if number >= 24:
            # The closing rows have no value in most columns: the template writes only those it fills.
            skip = False
            for column, (value, fmt) in enumerate(values):
                if value is None:
                    skip = True
                    continue
                place = f' ss:Index="{column + 1}"' if skip else ""
                out.append(f"    {ftl_cell(value, fmt, place)}\n")
                skip = False
        else:
            for column, (value, fmt) in enumerate(values):
                if column == 3 and number in covered:
                    continue
                extra = ""
                if column == 3 and number in merged_down:
                    extra = f' ss:MergeDown="{merged_down[number]}"'
                elif column == 4 and number in covered:
                    extra = ' ss:Index="5"'
                out.append(f"    {ftl_cell(value, fmt, extra)}\n")
        out.append("   </Row>\n")
    out.append("  </Table>\n" + FTL_OPTIONS.format(extra="   <Selected/>\n") + " </Worksheet>\n</Workbook>\n")
    text = "".join(out)
    # The merged units must be the same as the cells they cover, or the records would change.
    for first in merged_down:
        assert rows[first][3].value == rows[first + 1][3].value, first
    with open(target, "w", encoding="utf-8", newline="\r\n") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# 3. Small inputs for the reader's tests, written as Excel writes the format.
# ---------------------------------------------------------------------------------------------

EXCEL_HEAD = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:o="urn:schemas-microsoft-com:office:office"
 xmlns:x="urn:schemas-microsoft-com:office:excel"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:html="http://www.w3.org/TR/REC-html40">
 <Styles>
  <Style ss:ID="Default" ss:Name="Normal">
   <Alignment ss:Vertical="Bottom"/>
   <Font ss:FontName="宋体" x:CharSet="134" ss:Size="11"/>
  </Style>
  <Style ss:ID="s21"><NumberFormat ss:Format="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></Style>
  <Style ss:ID="s22"><NumberFormat ss:Format="Fixed"/></Style>
  <Style ss:ID="s23" ss:Parent="s21"><Font ss:Bold="1"/></Style>
  <Style ss:ID="s24"><NumberFormat ss:Format="Short Date"/></Style>
  <Style ss:ID="s25"><NumberFormat ss:Format="0.00%"/></Style>
 </Styles>
"""

FEATURES_SHEET = """ <Worksheet ss:Name="功能">
  <Names>
   <NamedRange ss:Name="Print_Titles" ss:RefersTo="=功能!R1"/>
  </Names>
  <Table ss:ExpandedColumnCount="10" ss:ExpandedRowCount="15" x:FullColumns="1" x:FullRows="1">
   <Column ss:Index="8" ss:StyleID="s24" ss:AutoFitWidth="0" ss:Width="80" ss:Span="1"/>
   <Row>
    <Cell ss:MergeAcross="4"><Data ss:Type="String">功能样例</Data></Cell>
    <Cell><Data ss:Type="String">标题后</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">文字</Data></Cell>
    <Cell><Data ss:Type="Number">8.50</Data></Cell>
    <Cell><Data ss:Type="Number">3.30106198301179E+17</Data></Cell>
    <Cell><Data ss:Type="DateTime">2024-03-01T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">2024-03-01T09:00:00.000</Data></Cell>
    <Cell><Data ss:Type="Boolean">1</Data></Cell>
    <Cell><Data ss:Type="Boolean">0</Data></Cell>
    <Cell><Data ss:Type="Number">45356</Data></Cell>
    <Cell ss:StyleID="s22"><Data ss:Type="Number">45356</Data></Cell>
    <Cell ss:Formula="=1/0"><Data ss:Type="Error">#DIV/0!</Data></Cell>
   </Row>
   <Row ss:Index="5">
    <Cell ss:Index="3" ss:StyleID="s21"><Data ss:Type="Number">45356</Data></Cell>
    <Cell ss:StyleID="s23"><Data ss:Type="Number">45357.5</Data></Cell>
    <Cell ss:StyleID="s25"><Data ss:Type="Number">0.125</Data></Cell>
    <Cell ss:Index="7"><Data ss:Type="String"></Data></Cell>
   </Row>
   <Row>
    <Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>加粗</B><Font html:Color="#FF0000">红色</Font>普通</ss:Data></Cell>
    <Cell><Data ss:Type="String">第一行&#10;第二行</Data></Cell>
    <Cell><Data ss:Type="String">R&amp;D &lt;研发&gt; &quot;中心&quot; &#20013;&#x6587;</Data></Cell>
    <Cell><Data ss:Type="String">有批注</Data><Comment ss:Author="张伟"><ss:Data xmlns="http://www.w3.org/TR/REC-html40"><B>张伟:</B><Font html:Face="宋体">批注里的字</Font></ss:Data></Comment></Cell>
    <Cell ss:Formula="=1+2"><Data ss:Type="Number">3</Data></Cell>
    <Cell ss:Formula="=SUM(R[-1]C:R[-1]C[2])"/>
    <Cell><Data ss:Type="String"><![CDATA[<原样> & 保留]]></Data></Cell>
    <Cell><Data ss:Type="String">  前后空格  </Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">张伟</Data></Cell>
    <Cell ss:MergeAcross="1" ss:MergeDown="2"><Data ss:Type="String">杭州智算科技有限公司</Data></Cell>
    <Cell><Data ss:Type="Number">8</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">王芳</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">16</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="String">李娜</Data></Cell>
    <Cell ss:Index="4"><Data ss:Type="Number">24</Data></Cell>
   </Row>
   <Row ss:AutoFitHeight="0" ss:Span="2"/>
   <Row>
    <Cell><Data ss:Type="String">跨行之后</Data></Cell>
    <Cell ss:MergeDown="1"/>
    <Cell><Data ss:Type="String">空的合并之后</Data></Cell>
   </Row>
   <Row>
    <Cell><Data ss:Type="DateTime">1899-12-31T09:00:00.000</Data></Cell>
    <Cell ss:Index="3"><Data ss:Type="DateTime">1900-02-28T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">1900-02-29T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">1900-03-01T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">2025-03-05T17:30:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">2024/3/1</Data></Cell>
    <Cell><Data ss:Type="Number">8学时</Data></Cell>
   </Row>
  </Table>
  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">
   <Selected/>
   <ProtectObjects>False</ProtectObjects>
   <ProtectScenarios>False</ProtectScenarios>
  </WorksheetOptions>
 </Worksheet>
"""


def simple_sheet(name, text, visible=None):
    options = f"   <Visible>{visible}</Visible>\n" if visible else ""
    return (f' <Worksheet ss:Name="{escape(name)}">\n  <Table>\n   <Row>\n'
            f'    <Cell><Data ss:Type="String">{escape(text)}</Data></Cell>\n   </Row>\n  </Table>\n'
            f'  <WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">\n{options}'
            '   <ProtectObjects>False</ProtectObjects>\n  </WorksheetOptions>\n </Worksheet>\n')


def make_features():
    text = (EXCEL_HEAD + FEATURES_SHEET + simple_sheet("隐藏", "隐藏的内容", "SheetHidden")
            + simple_sheet("深度隐藏", "深度隐藏的内容", "SheetVeryHidden") + simple_sheet("说明 & 备注", "本表仅供测试")
            + "</Workbook>\n")
    with open(os.path.join(HERE, "spreadsheetml-features.xml"), "w", encoding="utf-8", newline="\r\n") as f:
        f.write(text)


PREFIXED = """<?xml version="1.0" encoding="utf-8"?>
<ss:Workbook xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel">
<ss:Worksheet ss:Name="旧表"><ss:Table><ss:Row><ss:Cell><ss:Data ss:Type="String">旧</ss:Data></ss:Cell></ss:Row></ss:Table>
<x:WorksheetOptions><x:Visible>SheetHidden</x:Visible></x:WorksheetOptions></ss:Worksheet>
<ss:Worksheet ss:Name="前缀"><ss:Table>
<ss:Row ss:Index="2"><ss:Cell ss:Index="2"><ss:Data ss:Type="Number">12.5</ss:Data></ss:Cell><ss:Cell><ss:Data ss:Type="DateTime">2024-03-05T00:00:00</ss:Data></ss:Cell></ss:Row>
</ss:Table></ss:Worksheet>
</ss:Workbook>
"""

GB2312 = """<?xml version="1.0" encoding="GB2312"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="学时">
  <Table>
   <Row><Cell><Data ss:Type="String">姓名</Data></Cell><Cell><Data ss:Type="String">工作单位</Data></Cell><Cell><Data ss:Type="String">学时</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">朱镕基</Data></Cell><Cell><Data ss:Type="String">浙江省经济和信息化厅</Data></Cell><Cell><Data ss:Type="Number">8</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>
"""

UTF16 = GB2312.replace('encoding="GB2312"', 'encoding="UTF-16"')


def make_small():
    with open(os.path.join(HERE, "spreadsheetml-prefixed.xml"), "w", encoding="utf-8") as f:
        f.write(PREFIXED)
    with open(os.path.join(HERE, "spreadsheetml-gb2312.xml"), "wb") as f:
        f.write(GB2312.encode("gb18030"))
    with open(os.path.join(HERE, "spreadsheetml-utf16.xml"), "wb") as f:
        f.write(UTF16.encode("utf-16"))  # with a byte-order mark, little-endian here


def main():
    convert(os.path.join(GOLDEN, "provincial-quirks-libreoffice.xlsx"),
            os.path.join(GOLDEN, "provincial-quirks-2003.xml"))
    convert(os.path.join(HERE, "provincial-libreoffice.xlsx"), os.path.join(HERE, "spreadsheetml-exported.xml"))
    make_freemarker(os.path.join(GOLDEN, "provincial-quirks-freemarker.xls"))
    shutil.copy(os.path.join(GOLDEN, "provincial-quirks-freemarker.xls"),
                os.path.join(END_TO_END, "provincial-quirks-freemarker.xls"))
    make_features()
    make_small()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--uno-convert":
        uno_convert(sys.argv[2], sys.argv[3])
    else:
        main()
