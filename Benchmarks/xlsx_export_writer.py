"""A streaming .xlsx writer for generate_export.py: one sheet written the way Excel writes an export.

Excel keeps every text in the shared-strings table (`<c r="B4" t="s"><v>12</v></c>`), numbers as
numbers (`<c r="A4"><v>1</v></c>`), dates as day serials in a cell with a date style
(`<c r="J4" s="1"><v>45352</v></c>`), and leaves empty cells out. XlsxWriter's constant-memory mode
writes inline strings instead, so this writes the parts itself with zipfile: the sheet streams to the
archive row by row, the shared-strings table (one entry per distinct text, a few tens of thousands
for an export) is written after it. Standard library only.
"""

import datetime
import zipfile
from xml.sax.saxutils import escape

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"""

APP = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><AppVersion>16.0300</AppVersion></Properties>"""

CORE = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>export</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2025-09-01T02:00:00Z</dcterms:created></cp:coreProperties>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>"""

WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"""

# Cell format 1 shows a date as 2024-03-05 (a custom number format, as Chinese exports set it).
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd"/></numFmts><fonts count="1"><font><sz val="11"/><color theme="1"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf><xf numFmtId="176" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"><alignment vertical="center"/></xf></cellXfs><cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>"""

SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" xr:uid="{00000000-0001-0000-0000-000000000000}"><dimension ref="A1:{last}"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14" x14ac:dyDescent="0.25"/><sheetData>"""

SHEET_TAIL = """</sheetData>{merges}<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>"""

EXCEL_EPOCH = datetime.date(1899, 12, 30).toordinal()


def column_letters(index):
    s = ""
    index += 1
    while index:
        index, r = divmod(index - 1, 26)
        s = chr(65 + r) + s
    return s


class XlsxExportWriter:
    """writerow/writerows like csv.writer, then close(). `numbers` and `dates` are column indexes:
    a value there that reads as a number (dates: an ISO date string) is written as one, anything
    else (a corrupted row's "abc") as text."""

    def __init__(self, path, columns, last_row, numbers=(), dates=(), merged_title_rows=0):
        self.columns = columns
        self.letters = [column_letters(i) for i in range(columns)]
        self.numbers = set(numbers)
        self.dates = set(dates)
        self.merged_title_rows = merged_title_rows
        self.strings = {}
        self.string_refs = 0
        self.row = 0
        self.serials = {}
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6)
        self.sheet = self.zip.open(self._entry("xl/worksheets/sheet1.xml"), "w")
        # Excel writes the used range first: the caller knows how many rows there will be.
        self.sheet.write(SHEET_HEAD.replace("{last}", "%s%d" % (self.letters[-1], max(1, last_row))).encode())
        self.pending = []

    @staticmethod
    def _entry(name):
        # A fixed time stamp: the same arguments give the same bytes.
        info = zipfile.ZipInfo(name, date_time=(2025, 9, 1, 10, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    def _sst(self, text):
        self.string_refs += 1
        index = self.strings.get(text)
        if index is None:
            index = self.strings[text] = len(self.strings)
        return index

    def _serial(self, iso):
        serial = self.serials.get(iso)
        if serial is None:
            serial = self.serials[iso] = datetime.date.fromisoformat(iso).toordinal() - EXCEL_EPOCH
        return serial

    def writerow(self, values):
        self.row += 1
        r = str(self.row)
        parts = ['<row r="', r, '" spans="1:', str(self.columns), '" x14ac:dyDescent="0.25">']
        letters, numbers, dates = self.letters, self.numbers, self.dates
        for i, value in enumerate(values):
            if value == "" or value is None:
                continue
            ref = letters[i] + r
            if isinstance(value, int) or (i in numbers and _is_number(value)):
                parts.append('<c r="%s"><v>%s</v></c>' % (ref, value))
            elif i in dates and _is_iso_date(value):
                parts.append('<c r="%s" s="1"><v>%d</v></c>' % (ref, self._serial(value)))
            else:
                parts.append('<c r="%s" t="s"><v>%d</v></c>' % (ref, self._sst(str(value))))
        parts.append("</row>")
        self.pending.append("".join(parts))
        if len(self.pending) >= 4096:
            self._flush()

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)

    def _flush(self):
        if self.pending:
            self.sheet.write("".join(self.pending).encode())
            self.pending.clear()

    def close(self):
        self._flush()
        merges = ""
        if self.merged_title_rows:
            # The title rows merged over the table's width, as exports lay them out.
            refs = "".join('<mergeCell ref="A%d:%s%d"/>' % (n, self.letters[-1], n)
                           for n in range(1, self.merged_title_rows + 1))
            merges = '<mergeCells count="%d">%s</mergeCells>' % (self.merged_title_rows, refs)
        self.sheet.write(SHEET_TAIL.replace("{merges}", merges).encode())
        self.sheet.close()
        with self.zip.open(self._entry("xl/sharedStrings.xml"), "w") as f:
            f.write(('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">'
                     % (self.string_refs, len(self.strings))).encode())
            chunk = []
            for text in self.strings:  # dicts keep insertion order: the index order
                space = ' xml:space="preserve"' if text != text.strip() else ""
                chunk.append("<si><t%s>%s</t></si>" % (space, escape(text)))
                if len(chunk) >= 4096:
                    f.write("".join(chunk).encode())
                    chunk.clear()
            chunk.append("</sst>")
            f.write("".join(chunk).encode())
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", ROOT_RELS),
                           ("docProps/app.xml", APP), ("docProps/core.xml", CORE),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
                           ("xl/styles.xml", STYLES)):
            self.zip.writestr(self._entry(name), text)
        self.zip.close()


def _is_number(value):
    try:
        float(value)
        return True
    except ValueError:
        return False


def _is_iso_date(value):
    return len(value) == 10 and value[4] == "-" and value[7] == "-"
