#!/usr/bin/env python3
"""riskpress against Hugo on the same province-scale pages, in one run on one machine.

Called by Benchmarks/province.sh, which installs Hugo and GNU time and builds riskpress in release
first. For each size (risk points) it generates the Content and the equivalent Hugo site with
generate.py, then builds each several times into an empty folder, alternating the two, and keeps
per run: wall time (monotonic clock around the process), peak memory (GNU time's maximum resident
set size), files and HTML pages written. Also measured: the floor (copying riskpress's finished
Output tree with `cp -r`), whether two riskpress builds give byte-identical Output, and — at the
reference size — the rebuild after editing one register file, by `riskpress build` run again
(a full build) and by `riskpress serve` (which renders only what the edit touched), each compared
with a full build of the edited Content. Writes the results as Markdown.
"""
import argparse
import filecmp
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
DATE = "2026-11-23"  # the build date riskpress is given, so disclosure status does not depend on the day


def run_measured(command, printed=None):
    """Runs `command` under GNU time; returns (seconds, peak RSS in MiB). Fails loudly on error.
    `printed`: a list that gets what the command printed."""
    start = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-v"] + command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024
    if printed is not None:
        printed.append(done.stdout)
    return seconds, rss


def count_files(root):
    files = pages = 0
    for _, _, names in os.walk(root):
        for name in names:
            files += 1
            pages += name.endswith(".html")
    return files, pages


def same_tree(a, b):
    """True when the two folders hold the same files with the same bytes."""
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    if mismatch or errors:
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in comparison.common_dirs)


def fresh(path):
    if os.path.exists(path):
        shutil.rmtree(path)


def riskpress_build(riskpress, content, output, cache=None, printed=None):
    """A build that leaves its snapshot in `cache` (and starts from the one there, if it stands for
    `output`); with no cache, a full build that leaves none."""
    caching = ["--cache-dir", cache] if cache else ["--no-cache"]
    return run_measured([riskpress, "build", "--content", content, "--output", output, "--date", DATE, "--no-pdf"] + caching,
                        printed)


def hugo_build(hugo, site, output):
    return run_measured([hugo, "--source", site, "--destination", output, "--quiet"])


def summary(values):
    return min(values), statistics.median(values)


def edit_one_register(content, n=0):
    """Changes the text of one risk point in one register file (the n-th edit picks another file),
    as a user would; returns the file."""
    folder = os.path.join(content, "registers")
    bodies = sorted(os.listdir(folder))
    body = bodies[(len(bodies) // 2 + n) % len(bodies)]
    name = sorted(os.listdir(os.path.join(folder, body)))[n % 3]
    path = os.path.join(folder, body, name)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    edited = re.sub(r"(- 风险点: \")", r"\1（已修订）", text, count=1)
    assert edited != text, f"no risk point to edit in {path}"
    with open(path, "w", encoding="utf-8") as f:
        f.write(edited)
    return path


def serve_rebuilds(riskpress, content, output, edits):
    """Starts `riskpress serve`, waits for its first build, then edits one register file at a time
    and reads how long each rebuild took (serve prints `rebuilt in N ms: …`). Returns the times in
    seconds and the pages each rendered; the server is stopped at the end."""
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([riskpress, "serve", "--content", content, "--output", output, "--date", DATE,
                               "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    times, pages = [], []
    try:
        def next_build():
            for line in server.stdout:
                if " built " in line or " rebuilt " in line or "failed" in line:
                    return line.strip()
            sys.exit("riskpress serve stopped")
        first = next_build()
        assert " built " in first, first
        for n in range(edits):
            time.sleep(1.0)  # a later modification time than the last build's
            edit_one_register(content, n)
            line = next_build()
            match = re.search(r"rebuilt in (\d+) ms: (\d+) pages", line)
            assert match, line
            times.append(int(match.group(1)) / 1000)
            pages.append(int(match.group(2)))
    finally:
        server.terminate()
        server.wait()
    return times, pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--riskpress", required=True)
    parser.add_argument("--hugo", default=shutil.which("hugo"))
    parser.add_argument("--sizes", default="5000,20000,40000", help="risk point counts")
    parser.add_argument("--reference", type=int, default=20000, help="the size for ratios, determinism and the edit")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default="/tmp/province-bench")
    parser.add_argument("--results", default=os.path.join(REPO, "Benchmarks", "results", "province.md"))
    parser.add_argument("--command", default="", help="the command line to print in the results")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    os.makedirs(args.work, exist_ok=True)

    rows = []
    extra = []
    for size in sizes:
        base = os.path.join(args.work, str(size))
        content, site = os.path.join(base, "Content"), os.path.join(base, "hugo")
        subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), "--risks", str(size), "--out", content,
                        "--hugo", site], check=True, stdout=subprocess.DEVNULL)
        # Every build and copy goes into a folder of its own, never used before, and nothing is deleted
        # until the size is done. On this machine's ext4 (no journal) creating a file skips the inodes
        # freed in the last minute, so a build started just after a big `rm -rf` spent several times
        # the system time of one that was not (see Benchmarks/README.md); both generators paid it,
        # depending on the order of the runs.
        folders = []

        def new_folder(name):
            path = os.path.join(base, f"{name}-{len(folders)}")
            fresh(path)
            folders.append(path)
            return path

        # Every timed build leaves its snapshot, as `riskpress build` does by default; each goes
        # into a new folder, so none starts from one.
        cache = new_folder("cache")
        times = {"riskpress": [], "hugo": []}
        memory = {"riskpress": [], "hugo": []}
        # One warm-up build each (file cache, Hugo's module cache), then alternate.
        for run in range(args.runs + 1):
            out_r = new_folder("out-riskpress")
            t, m = riskpress_build(args.riskpress, content, out_r, cache)
            if run > 0:
                times["riskpress"].append(t)
                memory["riskpress"].append(m)
            out_h = new_folder("out-hugo")
            t, m = hugo_build(args.hugo, site, out_h)
            if run > 0:
                times["hugo"].append(t)
                memory["hugo"].append(m)
        files_r, pages_r = count_files(out_r)
        files_h, pages_h = count_files(out_h)
        floor = []
        for _ in range(args.runs):
            copy = new_folder("copy")
            start = time.monotonic()
            subprocess.run(["cp", "-r", out_r, copy], check=True)
            floor.append(time.monotonic() - start)
        rows.append(dict(size=size, times=times, memory=memory, files_r=files_r, pages_r=pages_r, files_h=files_h,
                         pages_h=pages_h, floor=floor))
        print(f"{size}: riskpress {summary(times['riskpress'])} s, hugo {summary(times['hugo'])} s", file=sys.stderr)

        if size == args.reference:
            second = new_folder("out-riskpress-again")
            riskpress_build(args.riskpress, content, second)
            extra.append(("two full builds of the same Content, byte-identical Output", "yes" if same_tree(out_r, second) else "NO"))
            # The edit: one register file changed, the build run again on the same Output, starting
            # from the snapshot the last timed build left.
            edited = edit_one_register(content)
            printed = []
            t_edit, m_edit = riskpress_build(args.riskpress, content, out_r, cache, printed)
            rendered = re.search(r"\((\d+) pages rendered again", printed[0])
            full = out_r + "-full"
            fresh(full)
            riskpress_build(args.riskpress, content, full)
            identical = same_tree(out_r, full)
            fresh(full)
            extra.append((f"`riskpress build` again after editing one register file ({os.path.relpath(edited, content)})",
                          f"{t_edit:.2f} s, {m_edit:.0f} MiB, "
                          + (f"{rendered.group(1)} pages rendered again" if rendered else "a full build")
                          + f"; Output identical to a full build: {'yes' if identical else 'NO'}"))
            # The same edit under `riskpress serve`, which rebuilds only what the edit touched.
            served = out_r + "-serve"
            fresh(served)
            times_s, pages_s = serve_rebuilds(args.riskpress, content, served, args.runs)
            full = out_r + "-full"
            fresh(full)
            riskpress_build(args.riskpress, content, full)
            identical = same_tree(served, full)
            fresh(full)
            fresh(served)
            extra.append((f"`riskpress serve` rebuilding after each of {len(times_s)} edits of one register file",
                          f"min / median {min(times_s):.2f} / {statistics.median(times_s):.2f} s, {statistics.median(pages_s):.0f} pages "
                          f"rendered again; Output identical to a full build: {'yes' if identical else 'NO'}"))
        for folder in folders:
            fresh(folder)

    write_results(args, rows, extra)


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = re.search(r"model name\s*:\s*(.*)", f.read()).group(1)
    except OSError:
        pass
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1)) / 1024 / 1024
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.strip()
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    commit = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    return [f"CPU: {cpu}, {os.cpu_count()} cores; memory {mem:.0f} GiB; {platform.platform()}",
            f"Swift: {swift[0] if swift else '?'}", f"Hugo: {hugo}", f"riskpress commit: {commit}",
            f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"]


def write_results(args, rows, extra):
    lines = ["# riskpress against Hugo at province scale", "",
             "Written by `Benchmarks/province.sh` (see Benchmarks/README.md); do not edit by hand.", ""]
    lines += [f"- {line}" for line in machine()]
    lines += [f"- command: `{args.command or ' '.join(sys.argv)}`",
              f"- {args.runs} runs each after one warm-up, riskpress and Hugo alternating, each into a new empty folder, nothing deleted during the timed runs;"
              " riskpress in release with `--no-pdf`", ""]
    lines += ["| risk points | riskpress min / median | Hugo min / median | time ratio (median) | riskpress peak memory | Hugo peak memory | memory ratio | copy floor | files / pages riskpress | files / pages Hugo |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        rmin, rmed = summary(row["times"]["riskpress"])
        hmin, hmed = summary(row["times"]["hugo"])
        rmem, hmem = max(row["memory"]["riskpress"]), max(row["memory"]["hugo"])
        lines.append(
            f"| {row['size']:,} | {rmin:.2f} / {rmed:.2f} s | {hmin:.2f} / {hmed:.2f} s | {rmed / hmed:.2f} | {rmem:.0f} MiB | {hmem:.0f} MiB | "
            f"{rmem / hmem:.2f} | {statistics.median(row['floor']):.2f} s | {row['files_r']:,} / {row['pages_r']:,} | {row['files_h']:,} / {row['pages_h']:,} |")
    by_size = {row["size"]: statistics.median(row["times"]["riskpress"]) for row in rows}
    if 20000 in by_size and 40000 in by_size:
        lines += ["", f"Growth: 40,000 risk points take {by_size[40000] / by_size[20000]:.2f}× the time of 20,000 (riskpress, median)."]
    if extra:
        lines += [""] + [f"- {name}: {value}" for name, value in extra]
    os.makedirs(os.path.dirname(args.results), exist_ok=True)
    with open(args.results, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
