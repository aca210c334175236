#!/usr/bin/env python3
"""Adjust the LibreOffice-made workbook and build the other .xlsx fixtures.

Called by make-fixtures.sh; do not run alone. Usage:
    make_fixtures.py STEP OUTDIR CSV [LO_XLSX]
STEP is one of: qingdan, sheets, check-qingdan, check-sheets, shared-inline,
bomb, cells. qingdan/sheets write openpyxl output to OUTDIR (a temp dir, which
make-fixtures.sh then re-saves with LibreOffice); check-* verify the final files.
LO_XLSX is the raw LibreOffice conversion of CSV (one sheet, header in row 1).
"""
import copy
import csv
import os
import sys
import zipfile

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font

TITLE = "区委办（区政府办、直属机关工委）廉政风险防控责任清单"
HEADER = ["序号", "责任主体", "职权内容", "风险点", "风险等级", "防控措施", "责任人"]
N_ROWS = 25


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == HEADER, rows[0]
    assert len(rows) == N_ROWS + 1, len(rows)
    return rows


def wrap_multiline(ws):
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and "\n" in c.value:
                al = copy.copy(c.alignment)
                c.alignment = Alignment(horizontal=al.horizontal, vertical="top",
                                        wrap_text=True)


def ints_in_col_a(ws, first_row):
    for r in range(first_row, ws.max_row + 1):
        c = ws.cell(r, 1)
        if isinstance(c.value, float) and c.value.is_integer():
            c.value = int(c.value)
        elif isinstance(c.value, str) and c.value.strip().isdigit():
            c.value = int(c.value.strip())
        if c.value is not None:
            assert isinstance(c.value, int), (c.coordinate, c.value)
            c.number_format = "0"


def set_widths(ws):
    for col, w in zip("ABCDEFG", (6, 12, 24, 40, 10, 48, 16)):
        ws.column_dimensions[col].width = w


# ---------------------------------------------------------------- 1. qingdan
def make_qingdan(outdir, csv_path, lo_xlsx):
    rows = read_csv(csv_path)
    wb = openpyxl.load_workbook(lo_xlsx)
    ws = wb.worksheets[0]
    ws.title = "责任清单"

    # Row heights do not move with insert_rows: remember and shift them.
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    ws.insert_rows(1)
    for r in list(ws.row_dimensions.keys()):
        ws.row_dimensions[r].height = None
    for r, h in heights.items():
        ws.row_dimensions[r + 1].height = h

    ws["A1"] = TITLE
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[1].height = 24
    ws.merge_cells("A1:G1")
    for c in ws[2]:
        c.font = Font(bold=True)

    # Vertical merges of 责任主体 (column B) over the "same as above" blanks.
    first_data = 3
    last_data = first_data + N_ROWS - 1
    r = first_data
    while r <= last_data:
        end = r
        while end + 1 <= last_data and ws.cell(end + 1, 2).value in (None, ""):
            end += 1
        if end > r:
            ws.merge_cells(start_row=r, start_column=2, end_row=end, end_column=2)
            ws.cell(r, 2).alignment = Alignment(vertical="center", wrap_text=True)
        r = end + 1

    ints_in_col_a(ws, first_data)
    wrap_multiline(ws)
    set_widths(ws)
    ws.freeze_panes = "A3"
    wb.save(os.path.join(outdir, "qingdan.xlsx"))


def check_qingdan(outdir, csv_path):
    rows = read_csv(csv_path)
    out = os.path.join(outdir, "qingdan.xlsx")
    with zipfile.ZipFile(out) as z:
        assert "xl/sharedStrings.xml" in z.namelist(), "no shared strings"
    wb2 = openpyxl.load_workbook(out)
    assert wb2.sheetnames == ["责任清单"], wb2.sheetnames
    ws2 = wb2["责任清单"]
    assert ws2["A1"].value == TITLE
    assert [c.value for c in ws2[2]] == HEADER
    data = list(ws2.iter_rows(min_row=3, values_only=True))
    data = [d for d in data if any(v is not None for v in d)]
    assert len(data) == N_ROWS, len(data)
    nl = 0
    for i, (got, want) in enumerate(zip(data, rows[1:]), start=1):
        assert got[0] == i and isinstance(got[0], int), got[0]
        for j in range(1, 7):
            w = want[j] if want[j] != "" else None
            assert got[j] == w, (i, j, got[j], w)
            if isinstance(got[j], str) and "\n" in got[j]:
                nl += 1
                assert ws2.cell(i + 2, j + 1).alignment.wrap_text, (i, j)
    merged = sorted(str(m) for m in ws2.merged_cells.ranges)
    print(f"qingdan.xlsx: sheet 责任清单, title row 1, header row 2, "
          f"{len(data)} data rows (3-{2 + len(data)}), 序号 ints 1..{len(data)}, "
          f"{nl} cells with line breaks (all wrap_text), "
          f"{len(merged)} merged ranges: {', '.join(merged)}")


# ---------------------------------------------------------------- 2. sheets
def make_sheets(outdir, csv_path, lo_xlsx):
    rows = read_csv(csv_path)
    wb = openpyxl.load_workbook(lo_xlsx)
    s1 = wb.worksheets[0]
    s2 = wb.copy_worksheet(s1)
    s4 = wb.copy_worksheet(s1)
    s1.title = "秘书科"      # header + CSV rows 1-10 (sheet rows 2-11)
    s1.delete_rows(12, 100)
    s2.title = "其他科室"    # header + CSV rows 11-25 (sheet rows 2-16)
    s2.delete_rows(2, 10)
    s4.title = "旧版"        # header + CSV rows 1-3, hidden
    s4.delete_rows(5, 100)
    s4.sheet_state = "hidden"
    s3 = wb.create_sheet("说明", 2)
    s3["A1"] = "说明"
    s3["A2"] = "本工作簿用于测试读取多张工作表：“秘书科”“其他科室”为责任清单，本表仅为文字说明，不是清单。"
    s3["A3"] = "“旧版”为隐藏工作表，保存第1—3行的旧副本。"
    s3.column_dimensions["A"].width = 90
    for ws in (s1, s2, s4):
        # row heights do not follow delete_rows: drop them, Calc/Excel re-fit.
        for r in list(ws.row_dimensions.keys()):
            ws.row_dimensions[r].height = None
        ints_in_col_a(ws, 2)
        wrap_multiline(ws)
        set_widths(ws)
    wb.active = 0
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws is s1
    wb.save(os.path.join(outdir, "qingdan-sheets.xlsx"))


def check_sheets(outdir, csv_path):
    rows = read_csv(csv_path)
    out = os.path.join(outdir, "qingdan-sheets.xlsx")
    with zipfile.ZipFile(out) as z:
        assert "xl/sharedStrings.xml" in z.namelist(), "no shared strings"
    wb2 = openpyxl.load_workbook(out)
    assert wb2.sheetnames == ["秘书科", "其他科室", "说明", "旧版"], wb2.sheetnames
    def body(ws):
        return [list(r) for r in ws.iter_rows(min_row=2, values_only=True)
                if any(v is not None for v in r)]
    def want(a, b):
        return [[int(r[0])] + [v if v != "" else None for v in r[1:]]
                for r in rows[a:b + 1]]
    for name, a, b in (("秘书科", 1, 10), ("其他科室", 11, 25), ("旧版", 1, 3)):
        ws = wb2[name]
        assert [c.value for c in ws[1]] == HEADER, name
        assert body(ws) == want(a, b), name
    assert wb2["旧版"].sheet_state == "hidden"
    assert all(ws.sheet_state == "visible" for ws in wb2.worksheets[:3])
    print("qingdan-sheets.xlsx: 秘书科 (header row 1, rows 2-11 = CSV 1-10), "
          "其他科室 (header row 1, rows 2-16 = CSV 11-25), 说明 (A1:A3 text, no header), "
          "旧版 (hidden, header row 1, rows 2-4 = CSV 1-3)")


# ---------------------------------------------------------------- 3. shared/inline
def make_shared_inline(outdir, csv_path):
    rows = read_csv(csv_path)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "责任清单"
    ws.append(HEADER)
    for r in rows[1:6]:
        ws.append([int(r[0])] + [v if v != "" else None for v in r[1:]])
    # D2: 风险点 of CSV row 1 as rich text, bold run + plain run.
    text = rows[1][3]
    cut = text.index("、") + 1 if "、" in text else len(text) // 2
    ws["D2"] = CellRichText(
        TextBlock(InlineFont(b=True, rFont="黑体"), text[:cut]),
        TextBlock(InlineFont(rFont="宋体"), text[cut:]),
    )
    # A5: 序号 4 stored as float 4.0, shown as "4".
    ws["A5"] = 4.0
    ws["A5"].number_format = "0"
    wrap_multiline(ws)
    set_widths(ws)
    out = os.path.join(outdir, "qingdan-shared-inline.xlsx")
    wb.save(out)

    wb2 = openpyxl.load_workbook(out, rich_text=True)
    ws2 = wb2.active
    d2 = ws2["D2"].value
    assert isinstance(d2, CellRichText) and str(d2) == text, d2
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    import re
    a5 = re.search(r'<c r="A5"[^>]*>.*?</c>', xml).group(0)
    d2x = re.search(r'<c r="D2"[^>]*>', xml).group(0)
    print(f"qingdan-shared-inline.xlsx: D2 rich text ({d2x}) runs "
          f"[bold {text[:cut]!r}] + [plain {text[cut:]!r}]; A5 = {a5}")


# ---------------------------------------------------------------- 6. bomb
def make_bomb(outdir, src_xlsx, pad_bytes):
    out = os.path.join(outdir, "bomb.xlsx")
    chunk = b" " * (1 << 20)
    with zipfile.ZipFile(src_xlsx) as zin, \
         zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            zi.compress_type = zipfile.ZIP_DEFLATED
            if info.filename != "xl/worksheets/sheet1.xml":
                zout.writestr(zi, data, compresslevel=9)
                continue
            head, sep, tail = data.partition(b"</sheetData>")
            assert sep, "no </sheetData> in sheet1.xml"
            zi.file_size = len(head) + pad_bytes + len(sep) + len(tail)
            with zout.open(zi, "w") as f:
                f.write(head)
                left = pad_bytes
                while left:
                    n = min(left, len(chunk))
                    f.write(chunk[:n])
                    left -= n
                f.write(sep + tail)
    with zipfile.ZipFile(out) as z:
        comp = sum(i.compress_size for i in z.infolist())
        unc = sum(i.file_size for i in z.infolist())
        s = z.getinfo("xl/worksheets/sheet1.xml")
    print(f"bomb.xlsx: file {os.path.getsize(out)} bytes; entries compressed {comp} "
          f"bytes, uncompressed {unc} bytes; sheet1.xml {s.compress_size} -> "
          f"{s.file_size} bytes (ratio {s.file_size / s.compress_size:.0f}:1)")


# ---------------------------------------------------------------- cells.md
def make_cells(outdir):
    path = os.path.join(outdir, "qingdan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["责任清单"]
    lines = ["# qingdan.xlsx cell map", "",
             "Generated by `make-fixtures.sh` from the saved file (do not edit by hand).", "",
             "- Sheet: `责任清单` (only sheet)",
             f"- Used range: `{ws.dimensions}`",
             f"- Title: `责任清单!A1` = “{ws['A1'].value}” (merged `A1:G1`)",
             "- Header row: **2** (`A2`..`G2` = " + ", ".join(c.value for c in ws[2]) + ")",
             f"- Data rows: **3–{ws.max_row}** (CSV row *n* is sheet row *n+2*; "
             f"`A3`=1 … `A{ws.max_row}`={ws.cell(ws.max_row, 1).value}, stored as integers)",
             "- Column E (风险等级) is empty in every data row, as in the CSV.", "",
             "## Merged ranges", "",
             "| Range | Top-left value | CSV rows |", "|---|---|---|"]
    for m in sorted(ws.merged_cells.ranges, key=lambda m: (m.min_col, m.min_row)):
        v = str(ws.cell(m.min_row, m.min_col).value).replace("\n", "⏎")
        rows = "title" if m.min_row == 1 else f"{m.min_row - 2}–{m.max_row - 2}"
        lines.append(f"| `{m.coord}` | {v} | {rows} |")
    covered = {r for m in ws.merged_cells.ranges if m.min_col == 2
               for r in range(m.min_row, m.max_row + 1)}
    single = [f"B{r}" for r in range(3, ws.max_row + 1) if r not in covered]
    lines += ["", "Column B cells outside any merge hold their own 责任主体: "
              + ", ".join(f"`{c}`" for c in single) + ".", "",
              "## Cells with line breaks (`\\n` inside the value, wrap text on)", "",
              "| Cell | Column | Lines | First line |", "|---|---|---|---|"]
    for row in ws.iter_rows(min_row=1):
        for c in row:
            if isinstance(c.value, str) and "\n" in c.value:
                col = ws.cell(2, c.column).value
                lines.append(f"| `责任清单!{c.coordinate}` | {col} | "
                             f"{c.value.count(chr(10)) + 1} | {c.value.splitlines()[0]} |")
    with open(os.path.join(outdir, "cells.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("cells.md written")


if __name__ == "__main__":
    step, outdir, csv_path = sys.argv[1:4]
    extra = sys.argv[4] if len(sys.argv) > 4 else None
    if step == "qingdan":
        make_qingdan(outdir, csv_path, extra)
    elif step == "check-qingdan":
        check_qingdan(outdir, csv_path)
    elif step == "check-sheets":
        check_sheets(outdir, csv_path)
    elif step == "sheets":
        make_sheets(outdir, csv_path, extra)
    elif step == "shared-inline":
        make_shared_inline(outdir, csv_path)
    elif step == "bomb":
        make_bomb(outdir, extra, int(sys.argv[5]))
    elif step == "cells":
        make_cells(outdir)
    else:
        sys.exit(f"unknown step {step}")
