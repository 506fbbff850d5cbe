#!/usr/bin/env python3
"""Writes zip-bomb.xlsx: hidden-first-sheet.xlsx with its visible sheet's XML padded by 100 MB of empty
rows, deflated by Python's zipfile (about 300 KB on disk, 400 to 1 inflated). Run: python3 make_zip_bomb_fixture.py"""
import zipfile

source = zipfile.ZipFile("hidden-first-sheet.xlsx")
with zipfile.ZipFile("zip-bomb.xlsx", "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
    for item in source.infolist():
        data = source.read(item.filename)
        if item.filename.endswith("sheet2.xml"):
            head, tail = data.split(b"</sheetData>")
            data = head + b'<row r="1000"></row>' * (100_000_000 // 20) + b"</sheetData>" + tail
        out.writestr(item, data)
