#!/usr/bin/env bash
# Regenerate the .xlsx test fixtures in this directory from the repository's
# own example register in its CSV form (zerenqingdan.csv here).
#
# Needs: soffice (LibreOffice Calc, headless), python3 with openpyxl,
#        msoffcrypto-tool (pip install openpyxl msoffcrypto-tool).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CSV="$HERE/zerenqingdan.csv"
PY="$HERE/make_fixtures.py"
BOMB_PAD=$((300 * 1024 * 1024))   # 300 MiB of spaces inside sheet1.xml

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# 0. LibreOffice: CSV (UTF-8 = charset 76, comma = 44, quote = 34, from line 1)
#    -> xlsx. A private profile keeps this from touching the user's one.
cp "$CSV" "$TMP/qingdan.csv"
soffice --headless -env:UserInstallation="file://$TMP/lo-profile" \
  --infilter="CSV:44,34,76,1" \
  --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$TMP/lo" "$TMP/qingdan.csv"
LO_XLSX="$TMP/lo/qingdan.xlsx"
test -s "$LO_XLSX"

# 1. qingdan.xlsx: title row, merged 责任主体, wrap text, integer 序号.
# 2. qingdan-sheets.xlsx: 秘书科 / 其他科室 / 说明 / 旧版 (hidden).
#    openpyxl adjusts the LibreOffice file (writing to $TMP/py); openpyxl saves
#    every string inline, so LibreOffice re-saves both files: the final files
#    are Calc-written, with xl/sharedStrings.xml as an office workbook has.
mkdir -p "$TMP/py"
python3 "$PY" qingdan "$TMP/py" "$CSV" "$LO_XLSX"
python3 "$PY" sheets "$TMP/py" "$CSV" "$LO_XLSX"
soffice --headless -env:UserInstallation="file://$TMP/lo-profile" \
  --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir "$HERE" \
  "$TMP/py/qingdan.xlsx" "$TMP/py/qingdan-sheets.xlsx"
python3 "$PY" check-qingdan "$HERE" "$CSV"
python3 "$PY" check-sheets "$HERE" "$CSV"

# 3. qingdan-shared-inline.xlsx: openpyxl only; rich text D2, float 4.0 in A5.
python3 "$PY" shared-inline "$HERE" "$CSV"

# 4. encrypted.xlsx: qingdan.xlsx with password 1234 (OLE compound file).
rm -f "$HERE/encrypted.xlsx"
msoffcrypto-tool -e -p 1234 "$HERE/qingdan.xlsx" "$HERE/encrypted.xlsx"
python3 - "$HERE/encrypted.xlsx" <<'PY'
import sys, msoffcrypto
with open(sys.argv[1], "rb") as f:
    head = f.read(8)
    f.seek(0)
    o = msoffcrypto.OfficeFile(f)
    assert head == bytes.fromhex("d0cf11e0a1b11ae1"), head
    assert o.is_encrypted()
print("encrypted.xlsx: OLE compound file (D0 CF 11 E0), is_encrypted = True")
PY

# 5. not-a-zip.xlsx: first 200 bytes of the CSV (BOM included), renamed.
head -c 200 "$CSV" > "$HERE/not-a-zip.xlsx"
echo "not-a-zip.xlsx: $(wc -c < "$HERE/not-a-zip.xlsx") bytes of CSV"

# 6. bomb.xlsx: qingdan.xlsx entries, sheet1.xml padded with 300 MiB spaces.
python3 "$PY" bomb "$HERE" "$CSV" "$HERE/qingdan.xlsx" "$BOMB_PAD"

# cells.md: cell map of qingdan.xlsx, read back from the saved file.
python3 "$PY" cells "$HERE" "$CSV"

# The example Content keeps this register as the workbook.
cp "$HERE/qingdan.xlsx" "$ROOT/Content/registers/qwb/zerenqingdan.xlsx"

ls -l "$HERE"
