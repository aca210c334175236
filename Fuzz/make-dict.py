#!/usr/bin/env python3
"""Writes Fuzz/riskpress.dict, the libFuzzer dictionary: every quoted name in
Sources/RiskContent/FieldNames.swift (the keys and values riskpress reads) and the marks of its
formats. Run from the repository: python3 Fuzz/make-dict.py"""
import re

source = open("Sources/RiskContent/FieldNames.swift", encoding="utf-8").read()
names = sorted(set(re.findall(r'"([^"\\]{1,24})"', source)))
marks = ["---", "```risks", "```flow", "```", "\n  - ", "- ", ": ", '"', "'", "|\n", ">\n", "&a", "*a",
         "!!str", "{", "}", "[", "]", "，", "；", "、", "\r\n", "\n", "1.", "（一）", "重大", "较大", "一般",
         "未定级", "是", "否", "公开: 否", "开始", "结束", "条件", "去向"]


def quoted(word):
    out = ""
    for byte in word.encode("utf-8"):
        out += chr(byte) if 32 <= byte < 127 and byte not in (34, 92) else "\\x%02X" % byte
    return '"' + out + '"'


with open("Fuzz/riskpress.dict", "w", encoding="ascii") as f:
    f.write("# libFuzzer dictionary for riskpress Content: the field names riskpress reads\n")
    f.write("# (Sources/RiskContent/FieldNames.swift) and the marks its formats use. Made by Fuzz/make-dict.py.\n")
    for word in names + marks:
        f.write(quoted(word) + "\n")
