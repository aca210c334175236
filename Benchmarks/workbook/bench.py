#!/usr/bin/env python3
"""Reading a register as an Excel workbook against reading the same rows as CSV.

For each size, one Content folder with the example's site.yaml and units/qwb.yaml and one
register of N rows made from the example's 责任清单 (its CSV form, Tests/Fixtures/Office/zerenqingdan.csv,
its 25 rows repeated with 序号 counted on), once as CSV (UTF-8 with BOM) and once as .xlsx
converted from that CSV by LibreOffice (shared strings, as an office's own file), or by
openpyxl when LibreOffice is not installed. `riskpress check` reads and links each; wall time
and peak memory from GNU time. Writes Benchmarks/results/workbook.md.
"""
import argparse, csv, os, platform, shutil, statistics, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def make_content(folder, rows, header, count):
    os.makedirs(os.path.join(folder, "units"))
    os.makedirs(os.path.join(folder, "registers"))
    shutil.copy(os.path.join(ROOT, "Content/site.yaml"), folder)
    shutil.copy(os.path.join(ROOT, "Content/units/qwb.yaml"), os.path.join(folder, "units"))
    path = os.path.join(folder, "registers", "qingdan.csv")
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        for n in range(count):
            row = list(rows[n % len(rows)])
            row[0] = str(n + 1)
            if n % len(rows) == 0 and not row[1]:
                row[1] = "秘书一科"
            writer.writerow(row)
    return path


def to_xlsx(csv_path, work):
    soffice = shutil.which("soffice")
    if soffice:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{work}/lo-profile", "--infilter=CSV:44,34,76,1",
             "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", work, csv_path],
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return os.path.join(work, "qingdan.xlsx"), "LibreOffice " + subprocess.run(
            [soffice, "--version"], capture_output=True, text=True).stdout.split()[1]
    import openpyxl
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Sheet1")
    with open(csv_path, encoding="utf-8-sig", newline="") as source:
        for row in csv.reader(source):
            sheet.append(row)
    path = os.path.join(work, "qingdan.xlsx")
    book.save(path)
    return path, "openpyxl " + openpyxl.__version__


def measure(riskpress, content, runs):
    times, memories = [], []
    for _ in range(runs):
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", riskpress, "check", "--content", content],
            capture_output=True, text=True)
        last = result.stderr.strip().splitlines()[-1].split()
        if result.returncode != 0 or "checked" not in result.stdout:
            sys.exit(f"riskpress check failed on {content}:\n{result.stdout}\n{result.stderr[-2000:]}")
        times.append(float(last[0]))
        memories.append(int(last[1]) / 1024)
    return min(times), statistics.median(times), max(memories), result.stdout.strip().splitlines()[-1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--riskpress", required=True)
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--command", default="Benchmarks/workbook.sh")
    args = parser.parse_args()

    with open(os.path.join(ROOT, "Tests/Fixtures/Office/zerenqingdan.csv"), encoding="utf-8-sig", newline="") as source:
        table = list(csv.reader(source))
    header, rows = table[0], table[1:]
    lines = []
    made_with = ""
    for size in [int(s) for s in args.sizes.split(",")]:
        work = tempfile.mkdtemp(prefix="riskpress-workbook-")
        csv_content = os.path.join(work, "csv")
        csv_path = make_content(csv_content, rows, header, size)
        xlsx_content = os.path.join(work, "xlsx")
        shutil.copytree(csv_content, xlsx_content)
        os.remove(os.path.join(xlsx_content, "registers", "qingdan.csv"))
        started = time.time()
        xlsx_path, made_with = to_xlsx(csv_path, work)
        convert = time.time() - started
        shutil.move(xlsx_path, os.path.join(xlsx_content, "registers", "qingdan.xlsx"))
        csv_size = os.path.getsize(csv_path) / 2**20
        xlsx_size = os.path.getsize(os.path.join(xlsx_content, "registers", "qingdan.xlsx")) / 2**20
        c = measure(args.riskpress, csv_content, args.runs)
        x = measure(args.riskpress, xlsx_content, args.runs)
        if c[3] != x[3]:
            sys.exit(f"the two forms read differently: {c[3]} / {x[3]}")
        print(f"{size}: csv {c[1]:.2f} s {c[2]:.0f} MiB, xlsx {x[1]:.2f} s {x[2]:.0f} MiB ({convert:.0f} s to convert)", flush=True)
        lines.append(
            f"| {size:,} | {csv_size:.1f} / {xlsx_size:.1f} | {c[0]:.2f} / {c[1]:.2f} | {x[0]:.2f} / {x[1]:.2f} | "
            f"{x[1] / c[1]:.2f} | {c[2]:.0f} | {x[2]:.0f} | {x[3]} |")
        shutil.rmtree(work)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    commit = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    report = f"""# Reading a register from an Excel workbook against the same rows as CSV

Generated by `{args.command}` (Benchmarks/workbook/bench.py).

- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, commit {commit}
- CPU: {cpu}, {os.cpu_count()} cores; load average at the end {' '.join(f'{v:.2f}' for v in os.getloadavg())}
- {platform.platform()}; {swift}; riskpress built with `-c release`
- Register: the example's 责任清单 (25 real rows) repeated with 序号 counted on, 7 columns, cells of
  several lines; the .xlsx converted from the CSV by {made_with}.
- Each form: `riskpress check --content <folder>` (read, link, check), {args.runs} runs; wall time min / median,
  peak resident memory (max over runs) from GNU time.

| rows | file MiB csv / xlsx | CSV s min / median | xlsx s min / median | xlsx / CSV (median) | CSV peak MiB | xlsx peak MiB | riskpress said (both) |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
""" + "\n".join(lines) + "\n"
    path = os.path.join(ROOT, "Benchmarks/results/workbook.md")
    with open(path, "w") as out:
        out.write(report)
    print(report)


main()
