#!/usr/bin/env python3
"""Writes a Content folder with a large generated risk register for the search benchmark.

Seeded and deterministic (Python's random.Random with a fixed seed; the same seed gives the
same files on every machine). The words are real: risk point texts (风险点, and the items of
表现形式) and prevention measures (防控措施) are read from the example Content/registers/
(the YAML registers and the CSV register) and recombined: each generated risk point is one
real risk text (sometimes two joined) with 2-4 sampled measures, a level of the sanji scheme
(重大/较大/一般) and a responsible unit. Standard library only.

    python3 Benchmarks/search/generate.py --out /tmp/gen-content            # 20,000 risk points
    python3 Benchmarks/search/generate.py --out DIR --risks 5000 --seed 7
"""
import argparse
import csv
import json
import os
import random
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

RISK_KEYS = ("风险点",)
LIST_KEYS = {"防控措施": "measures", "表现形式": "manifestations"}
NUMBERING = re.compile(r"^\s*(?:\d+[.、．)]|[（(]\d+[)）]|[①②③④⑤⑥⑦⑧⑨⑩])\s*")


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return json.loads(value)
    return value


def read_yaml_register(path, risks, measures):
    """Line-based reading of the block-style registers in Content/registers: the values of 风险点,
    the items under 防控措施 and 表现形式 (in 默认 or in an entry). Enough for these files."""
    list_kind = None
    list_indent = -1
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            indent = len(line) - len(line.lstrip(" "))
            body = line.strip()
            if list_kind is not None:
                if body.startswith("- ") and indent >= list_indent:
                    text = unquote(body[2:])
                    if text:
                        (measures if list_kind == "measures" else risks).append(text)
                    continue
                list_kind = None
            item = body[2:].strip() if body.startswith("- ") else body
            key, sep, value = item.partition(":")
            key = key.strip()
            if not sep:
                continue
            value = value.strip()
            if key in RISK_KEYS and value:
                risks.append(unquote(value))
            elif key in LIST_KEYS and not value:
                list_kind = LIST_KEYS[key]
                list_indent = indent
            elif key in LIST_KEYS and value.startswith("["):
                for part in value.strip("[]").split(","):
                    if part.strip():
                        (measures if LIST_KEYS[key] == "measures" else risks).append(unquote(part))


def split_cell(cell):
    """A CSV cell of numbered items or lines: its items, numbers removed."""
    items = []
    for line in cell.replace("\r", "").split("\n"):
        line = NUMBERING.sub("", line).strip()
        if line:
            items.append(line)
    return items


def read_csv_register(path, risks, measures):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            risks.extend(split_cell(row.get("风险点") or ""))
            measures.extend(split_cell(row.get("防控措施") or ""))


def read_sources(content):
    risks, measures, titles = [], [], []
    root = os.path.join(content, "registers")
    for folder, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(folder, name)
            if name.endswith(".csv"):
                read_csv_register(path, risks, measures)
            elif name == "zerenqingdan.xlsx":
                # The example's 责任清单 is a workbook; its CSV form is the test fixture.
                read_csv_register(os.path.join(REPO, "Tests", "Fixtures", "Office", "zerenqingdan.csv"), risks, measures)
            elif name.endswith(".csv.yaml") or name.endswith(".xlsx.yaml"):
                continue
            elif name.endswith(".yaml"):
                read_yaml_register(path, risks, measures)
            if name.endswith(".yaml"):
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if line.startswith("标题:"):
                            titles.append(unquote(line.split(":", 1)[1]))
    unit_names = []
    for name in sorted(os.listdir(os.path.join(content, "units"))):
        with open(os.path.join(content, "units", name), encoding="utf-8") as f:
            unit_names += [unquote(m) for m in re.findall(r"名称:\s*([^,}\n]+)", f.read())]

    def unique(items):
        seen, out = set(), []
        for item in items:
            item = item.strip()
            if item and item not in seen:
                seen.add(item)
                out.append(item)
        return out

    return unique(risks), unique(measures), unique(titles), unique(unit_names)


def q(text):
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True, help="Content folder to write (replaced)")
    parser.add_argument("--content", default=os.path.join(REPO, "Content"), help="the example Content to sample")
    parser.add_argument("--risks", type=int, default=20000)
    parser.add_argument("--units", type=int, default=100)
    parser.add_argument("--registers", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20260)
    args = parser.parse_args()

    risks, measures, titles, unit_names = read_sources(args.content)
    if len(risks) < 20 or len(measures) < 20:
        sys.exit(f"too little text in {args.content}: {len(risks)} risk texts, {len(measures)} measures")
    rng = random.Random(args.seed)

    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "units"))
    os.makedirs(os.path.join(args.out, "registers", "gen"))
    shutil.copy(os.path.join(args.content, "site.yaml"), os.path.join(args.out, "site.yaml"))

    # Units u001…: real unit names, a number added where a name comes round again (names stay unique).
    units = []
    for i in range(args.units):
        base = unit_names[i % len(unit_names)]
        round_ = i // len(unit_names)
        units.append((f"u{i + 1:03d}", base if round_ == 0 else f"{base}（{round_ + 1}）"))
    with open(os.path.join(args.out, "units", "gen.yaml"), "w", encoding="utf-8") as f:
        f.write(f"# Generated by Benchmarks/search/generate.py --seed {args.seed}: {args.units} units.\n")
        for uid, name in units:
            f.write(f"- 编号: {uid}\n  名称: {q(name)}\n  等级方案: sanji\n")

    levels = ["重大"] * 15 + ["较大"] * 35 + ["一般"] * 50
    per_register = [args.risks // args.registers + (1 if r < args.risks % args.registers else 0)
                    for r in range(args.registers)]
    written = 0
    for r, count in enumerate(per_register):
        rid = f"gen-r{r + 1:02d}"
        scope = units[r * args.units // args.registers][0]
        # Units of this register: its scope and a few others, as a register covers several 科室.
        members = [scope] + [u for u, _ in rng.sample(units, 6)]
        title = f"{titles[r % len(titles)]}（生成 {r + 1:02d}）"
        lines = [f"# Generated by Benchmarks/search/generate.py --seed {args.seed}.",
                 f"编号: {rid}", f"标题: {q(title)}", f"范围: {scope}", "等级方案: sanji", "风险清单:"]
        for _ in range(count):
            text = rng.choice(risks)
            if rng.random() < 0.3:
                text += rng.choice(risks)
            lines.append(f"- 风险点: {q(text)}")
            lines.append(f"  风险等级: {rng.choice(levels)}")
            lines.append(f"  责任主体: {rng.choice(members)}")
            lines.append("  防控措施:")
            for measure in rng.sample(measures, rng.randint(2, 4)):
                lines.append(f"  - {q(measure)}")
        with open(os.path.join(args.out, "registers", "gen", rid + ".yaml"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        written += count
    print(f"{args.out}: {written} risk points in {args.registers} registers, {args.units} units; "
          f"sampled from {len(risks)} risk texts and {len(measures)} measures of {args.content}")


if __name__ == "__main__":
    main()
