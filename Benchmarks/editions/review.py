#!/usr/bin/env python3
"""Applies an annual review (年度复核) to a generated Content folder, in place: of N risk points,
1% change — 30% reworded, 30% re-levelled, 20% added at the end of a register, 20% withdrawn
(状态: 已撤销: kept, so the flows that name them still read, and row-numbered ids do not shift).
Seeded; prints the counts as JSON.

    python3 Benchmarks/editions/review.py /tmp/editions/Content --seed 2026
"""
import argparse
import json
import os
import random

LEVELS = {"一般": "较大", "较大": "重大", "重大": "较大"}


def blocks(text):
    """The register's head and its risk points' blocks (each from its `- 风险点:` line)."""
    head, items = [], []
    for line in text.splitlines(keepends=True):
        if line.startswith("- 风险点:"):
            items.append([line])
        elif items:
            items[-1].append(line)
        else:
            head.append(line)
    return "".join(head), ["".join(item) for item in items]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--share", type=float, default=0.01)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    files = sorted(
        os.path.join(root, name)
        for root, _, names in os.walk(os.path.join(args.content, "registers"))
        for name in names if name.endswith(".yaml"))
    registers = {}
    for path in files:
        with open(path, encoding="utf-8") as handle:
            registers[path] = blocks(handle.read())
    total = sum(len(items) for _, items in registers.values())
    changes = round(total * args.share)
    counts = {"reworded": round(changes * 0.3), "relevelled": round(changes * 0.3)}
    counts["added"] = round(changes * 0.2)
    counts["withdrawn"] = changes - counts["reworded"] - counts["relevelled"] - counts["added"]

    grow = rng.sample(files, counts["added"])
    points = [(path, index) for path in files for index in range(len(registers[path][1]))]
    chosen = rng.sample(points, counts["reworded"] + counts["relevelled"] + counts["withdrawn"])
    reworded = chosen[:counts["reworded"]]
    relevelled = chosen[counts["reworded"]:counts["reworded"] + counts["relevelled"]]
    withdrawn = chosen[counts["reworded"] + counts["relevelled"]:]
    for path, index in withdrawn:
        head, items = registers[path]
        first, rest = items[index].split("\n", 1)
        items[index] = first + "\n  状态: 已撤销\n" + rest
    for path, index in reworded:
        head, items = registers[path]
        lines = items[index].split("\n")
        first = lines[0]
        text = first[len("- 风险点: "):].strip('"')
        lines[0] = '- 风险点: "' + text.rstrip("。") + "，且未及时纠正。" + '"'
        items[index] = "\n".join(lines)
    for path, index in relevelled:
        head, items = registers[path]
        lines = items[index].split("\n")
        for number, line in enumerate(lines):
            if line.startswith("  风险等级: "):
                level = line.split(": ", 1)[1].strip()
                lines[number] = "  风险等级: " + LEVELS.get(level, "一般")
                break
        else:
            lines.insert(1, "  风险等级: 较大")
        items[index] = "\n".join(lines)
    for number, path in enumerate(grow):
        head, items = registers[path]
        unit = head.split("范围: ", 1)[1].split("\n", 1)[0].strip()
        items.append(f'- 风险点: "年度复核新增风险点{number + 1}：未按新规定办理。"\n  风险等级: 一般\n  责任主体: {unit}\n  防控措施:\n  - "按新规定办理。"\n')
    for path in files:
        head, items = registers[path]
        text = head + "".join(items)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text if text.endswith("\n") else text + "\n")
    print(json.dumps({"risk points": total, "changes": changes, **counts}, ensure_ascii=False))


if __name__ == "__main__":
    main()
