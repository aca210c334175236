#!/usr/bin/env python3
"""Measures riskpress's full-text search on a built site: index size and query time in headless Chromium.

    python3 Benchmarks/search/measure.py --site /tmp/site --label example --json out.json [--http 20]

Sizes: every search/*.js (manifest, postings p-<k>.js, entry blocks d-<first>.js), raw and gzip
(Python's gzip, level 6). Queries: a fixed list (seeded, --seed) drawn from the site's own index, its
risk points taken in register order (exports/register.json), as before the index numbered entries
by kind, unit and domain, so the list stays the one of earlier results: 2–6 character pieces of
risk point texts and of measures, single characters, mixed ASCII/Chinese pieces (1-2个, 2014年, 1日内
… where the content has them) and a few queries that match nothing; then the ten characters found
in the most entries ("frequent char"), the heaviest one-character queries. Each query is a fresh
page load of search/index.html?q=… in headless Chromium (Selenium, /usr/bin/chromedriver) with the
browser cache disabled (CDP Network.setCacheDisabled), so every index file the query needs is
loaded again. Read after the page sets data-search-done: search.js's data-search-ms (query start →
first page of results in the DOM, performance.now(), the manifest's loading included),
data-search-shards (index files the query needed, the manifest not counted), the result count (the
status line: entries holding every gram of the query, checked against the same count done here in
Python), the bytes of the index files the page loaded (the manifest included), and the page wall
time (navigation start → data-search-done, performance.now() taken by a MutationObserver installed
before the page's own scripts). With --http N the first N queries are run again over HTTP (python
-m http.server on 127.0.0.1). Percentiles: nearest rank.
"""
import argparse
import gzip
import json
import math
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import time
import unicodedata
import urllib.parse
import urllib.request

CJK = re.compile(r"^[\u4e00-\u9fff]+$")
MIXED = re.compile(r"[0-9A-Za-z][0-9A-Za-z.\-%]*[\u4e00-\u9fff]{1,2}")
NO_MATCH_WORDS = ["量子纠缠", "珠穆朗玛", "火星基地", "鲸鱼迁徙", "区块链挖矿", "xqzjv"]

# Installed before the page's scripts: when search.js sets data-search-done on <body>, note the time.
OBSERVER = """
(function () {
  window.__benchDone = new Promise(function (resolve) {
    new MutationObserver(function () {
      if (window.__benchDoneAt === undefined && document.body && document.body.hasAttribute('data-search-done')) {
        window.__benchDoneAt = performance.now();
        resolve();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-search-done'] });
  });
})();
"""

WAIT = """
var done = arguments[arguments.length - 1];
(window.__benchDone || Promise.resolve()).then(function () {
  var body = document.body;
  var status = document.getElementById('search-status');
  var scripts = Array.prototype.map.call(document.querySelectorAll('script[src]'), function (s) { return s.getAttribute('src'); })
    .filter(function (src) { return /(^|\\/)search\\/[^\\/]+\\.js$/.test(src); });
  done({
    query: body.dataset.searchDone,
    ms: body.dataset.searchMs === undefined ? null : parseFloat(body.dataset.searchMs),
    shards: body.dataset.searchShards === undefined ? null : parseInt(body.dataset.searchShards, 10),
    status: status ? status.textContent : '',
    items: document.querySelectorAll('li.search-result').length,
    doneAt: window.__benchDoneAt === undefined ? null : window.__benchDoneAt,
    scripts: scripts
  });
});
"""

# A keystroke in the open page: once the manifest is in (data-search-ready), the query is put into
# the box and an input event sent; search.js counts data-search-ms from the event's timeStamp.
TYPE = """
var query = arguments[0];
var done = arguments[arguments.length - 1];
(function wait() {
  if (!document.body || !document.body.hasAttribute('data-search-ready')) { setTimeout(wait, 2); return; }
  new MutationObserver(function (changes, observer) {
    if (document.body.getAttribute('data-search-done') !== query) { return; }
    observer.disconnect();
    var body = document.body;
    var status = document.getElementById('search-status');
    var scripts = Array.prototype.map.call(document.querySelectorAll('script[src]'), function (s) { return s.getAttribute('src'); })
      .filter(function (src) { return /(^|\\/)search\\/[^\\/]+\\.js$/.test(src); });
    done({
      query: body.dataset.searchDone,
      ms: body.dataset.searchMs === undefined ? null : parseFloat(body.dataset.searchMs),
      shards: body.dataset.searchShards === undefined ? null : parseInt(body.dataset.searchShards, 10),
      status: status ? status.textContent : '',
      items: document.querySelectorAll('li.search-result').length,
      doneAt: null,
      scripts: scripts
    });
  }).observe(document.body, { attributes: true, attributeFilter: ['data-search-done'] });
  var input = document.getElementById('search-query');
  input.value = query;
  input.dispatchEvent(new Event('input', { bubbles: true }));
})();
"""


# ---------------------------------------------------------------- index files

def index_files(site):
    folder = os.path.join(site, "search")
    return sorted(f for f in os.listdir(folder) if f.endswith(".js"))


def sizes(site):
    folder = os.path.join(site, "search")
    out = {"files": {}, "raw": 0, "gzip": 0, "posting_shards": 0, "entry_shards": 0}
    for name in index_files(site):
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        packed = len(gzip.compress(data, compresslevel=6))
        out["files"][name] = {"raw": len(data), "gzip": packed}
        out["raw"] += len(data)
        out["gzip"] += packed
        if name.startswith("p-"):
            out["posting_shards"] += 1
        elif name.startswith("d-"):
            out["entry_shards"] += 1
    for kind in ("p-", "d-"):
        raws = [v["raw"] for k, v in out["files"].items() if k.startswith(kind)]
        out["largest_" + kind[0]] = max(raws) if raws else 0
    manifest = read_manifest(site)
    out["manifest"] = {"postingShards": manifest["postingShards"],
                       "entryShards": out["entry_shards"],
                       "entries": manifest["entries"]}
    return out


def read_manifest(site):
    with open(os.path.join(site, "search", "manifest.js"), encoding="utf-8") as f:
        body = f.read()
    return json.loads(body[len("riskpressSearch.manifest("):body.rstrip().rindex(")")])


def entries(site):
    """Every entry of the index, [kind, title, path, text]: kinds in the index's order, risk points
    in register order (as the index numbered them before it grouped them by unit and domain)."""
    folder = os.path.join(site, "search")
    manifest = read_manifest(site)
    numbered = {}
    for name in index_files(site):
        if not name.startswith("d-"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            body = f.read()
        m = re.match(r"riskpressSearch\.entries\((\d+),", body)
        rows = json.loads(body[m.end():body.rstrip().rindex(")")])
        for i, row in enumerate(rows):
            numbered[int(m.group(1)) + i] = row
    groups = manifest["groups"]
    rows, g = [], 0
    for n in sorted(numbered):
        while g + 1 < len(groups) and groups[g + 1][0] <= n:
            g += 1
        title, path, text = numbered[n]
        rows.append([manifest["kinds"][groups[g][1]], title, path, text])
    order = {}
    export = os.path.join(site, "exports", "register.json")
    if os.path.exists(export):
        with open(export, encoding="utf-8") as f:
            order = {"risks/" + risk["id"] + ".html": i for i, risk in enumerate(json.load(f)["risks"])}
    kinds = manifest["kinds"]
    return sorted(rows, key=lambda row: (kinds.index(row[0]), order.get(row[2], 0) if row[0] == "风险点" else 0))


def normalise(text):
    """As SearchIndex.normalise and search.js: NFKC, lower case, whitespace but line breaks removed."""
    out = []
    for c in text:
        for d in unicodedata.normalize("NFKC", c).lower():
            if d == "\n" or not d.isspace():
                out.append(d)
    return "".join(out)


# ---------------------------------------------------------------- queries

def make_queries(rows, seed, texts):
    rng = random.Random(seed)
    risks = [row[1].split(" ", 1)[1] if " " in row[1] else row[1] for row in rows if row[0] == "风险点"]
    measures = [line for row in rows if row[0] == "风险点" for line in row[3].split("\n") if len(line) >= 8]
    if not risks:
        risks = [row[1] for row in rows]
    if not measures:
        measures = [line for row in rows for line in row[3].split("\n") if len(line) >= 8] or risks
    everything = "\n".join(texts)
    queries, seen = [], set()

    def add(q, kind):
        if q and q not in seen:
            seen.add(q)
            queries.append((q, kind))
            return True
        return False

    def piece(pool, lo, hi):
        for _ in range(200):
            s = rng.choice(pool)
            n = rng.randint(lo, hi)
            if len(s) < n:
                continue
            start = rng.randrange(len(s) - n + 1)
            q = s[start:start + n]
            if CJK.match(q):
                return q
        return None

    while len([1 for _, k in queries if k == "risk"]) < 22:
        add(piece(risks, 2, 6), "risk")
    while len([1 for _, k in queries if k == "measure"]) < 18:
        add(piece(measures, 2, 6), "measure")
    while len([1 for _, k in queries if k == "1 char"]) < 8:
        add(piece(risks + measures, 1, 1), "1 char")
    for fixed in ("1-2个", "2014年"):
        if normalise(fixed) in everything:
            add(fixed, "mixed")
    mixed = sorted(set(m.group(0) for row in rows for m in MIXED.finditer(row[1] + "\n" + row[3])))
    rng.shuffle(mixed)
    for q in mixed:
        if len([1 for _, k in queries if k == "mixed"]) >= 6:
            break
        add(q, "mixed")
    nothing = [w for w in NO_MATCH_WORDS if normalise(w) not in everything][:3]
    for w in nothing:
        add(w, "no match")
    tries = 0
    while len([1 for _, k in queries if k == "no match"]) < 5 and tries < 1000:
        tries += 1  # two real pieces that never occur together: their grams exist, the phrase does not
        q = (piece(risks, 2, 2) or "") + (piece(measures, 2, 2) or "")
        if len(q) == 4 and normalise(q) not in everything:
            add(q, "no match")
    rng.shuffle(queries)
    counts = {}
    for text in texts:
        for c in set(text):
            if CJK.match(c):
                counts[c] = counts.get(c, 0) + 1
    for c, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:10]:
        add(c, "frequent char")
    return queries


def expected_count(texts, query):
    """Entries holding every gram of the query (what the status line counts: the phrase, then its
    characters scattered)."""
    needle = normalise(query).replace("\n", "")
    if not needle:
        return 0
    grams = [needle] if len(needle) == 1 else [needle[i:i + 2] for i in range(len(needle) - 1)]
    return sum(1 for t in texts if all(g in t for g in grams))


# ---------------------------------------------------------------- browser

def browser(chromedriver, chromium):
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,900", "--allow-file-access-from-files"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_script_timeout(30)
    driver.set_page_load_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
    return driver


def run_query(driver, base, query, file_sizes, typed=False):
    from selenium.common.exceptions import TimeoutException, WebDriverException

    url = base + "search/index.html" + ("" if typed else "?q=" + urllib.parse.quote(query))
    started = time.monotonic()
    try:
        driver.get(url)
        got = driver.execute_async_script(TYPE, query) if typed else driver.execute_async_script(WAIT)
    except (TimeoutException, WebDriverException) as error:
        return {"error": type(error).__name__ + ": " + str(error).splitlines()[0][:200]}
    got["python_s"] = time.monotonic() - started
    if got.get("query") != query:
        got["error"] = f"data-search-done is {got.get('query')!r}"
    m = re.search(r"找到\s*(\d+)\s*条", got.get("status") or "")
    got["results"] = int(m.group(1)) if m else 0
    if "无法载入" in (got.get("status") or ""):
        got["error"] = got["status"]
    names = [s.rsplit("/", 1)[1] for s in got.pop("scripts")]
    got["loaded"] = [n for n in names if n != "manifest.js"]
    got["loaded_bytes"] = sum(file_sizes.get(n, {}).get("raw", 0) for n in names)
    return got


class HTTPServer:
    def __init__(self, folder):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", folder],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{self.port}/"
        for _ in range(100):
            try:
                urllib.request.urlopen(self.base + "search/manifest.js", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.close()
        raise RuntimeError("http.server did not start")

    def close(self):
        self.process.terminate()
        self.process.wait(timeout=10)


# ---------------------------------------------------------------- numbers

def combine(runs, **fields):
    """One query's repeated page loads: the median times, the rest from the first good run."""
    good = [r for r in runs if "error" not in r and r.get("ms") is not None]
    if not good:
        return dict(fields, error=runs[0].get("error", "no result"), runs=runs)
    out = dict(good[0])
    out.update(fields)
    out["ms_all"] = [r["ms"] for r in good]
    out["ms"] = statistics.median(out["ms_all"])
    walls = [r["doneAt"] for r in good if r.get("doneAt") is not None]
    out["doneAt"] = statistics.median(walls) if walls else None
    out["errors"] = len(runs) - len(good)
    if any(r["results"] != good[0]["results"] or r["shards"] != good[0]["shards"] for r in good):
        out["unstable"] = True
    if out["results"] != out["expected"]:
        out["mismatch"] = True
    return out


def percentile(values, p):
    """Nearest rank."""
    values = sorted(values)
    if not values:
        return None
    return values[max(0, math.ceil(p / 100 * len(values)) - 1)]


def summary(runs):
    ok = [r for r in runs if r and "error" not in r and r.get("ms") is not None]
    if not ok:
        return {"n": 0, "errors": len(runs)}
    ms = [r["ms"] for r in ok]
    wall = [r["doneAt"] for r in ok if r.get("doneAt") is not None]
    shards = [r["shards"] for r in ok]
    loaded = [r["loaded_bytes"] for r in ok]
    results = [r["results"] for r in ok]
    return {
        "n": len(ok), "errors": len(runs) - len(ok),
        "failed_loads": sum(r.get("errors", 0) for r in ok) + sum(len(r.get("runs", [1])) for r in runs if r not in ok),
        "ms_median": statistics.median(ms), "ms_p95": percentile(ms, 95), "ms_max": max(ms),
        "wall_median": statistics.median(wall) if wall else None, "wall_p95": percentile(wall, 95) if wall else None,
        "shards_median": statistics.median(shards), "shards_max": max(shards),
        "loaded_median": statistics.median(loaded), "loaded_max": max(loaded),
        "results_median": statistics.median(results), "results_max": max(results),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", required=True, help="a site built by riskpress (the folder with search/)")
    parser.add_argument("--label", default=None)
    parser.add_argument("--json", required=True, help="where to write all numbers")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--http", type=int, default=0, metavar="N", help="also run the first N queries over HTTP")
    parser.add_argument("--repeat", type=int, default=3, help="passes over the query list; a query's time is its median")
    parser.add_argument("--warmup", type=int, default=5, help="page loads before timing, per mode (not counted)")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    site = os.path.abspath(args.site)
    label = args.label or os.path.basename(site)

    size = sizes(site)
    rows = entries(site)
    if len(rows) != size["manifest"]["entries"]:
        sys.exit(f"{label}: {len(rows)} entries in d-*.js, the manifest says {size['manifest']['entries']}")
    texts = [normalise(row[1] + "\n" + row[3]) for row in rows]
    queries = make_queries(rows, args.seed, texts)
    print(f"{label}: {len(rows)} entries ({sum(1 for r in rows if r[0] == '风险点')} risk points), "
          f"index {size['raw'] / 1024:.0f} KiB raw / {size['gzip'] / 1024:.0f} KiB gzip, "
          f"{size['posting_shards']} posting + {size['entry_shards']} entry shards; {len(queries)} queries", flush=True)

    driver = browser(args.chromedriver, args.chromium)
    results = []
    try:
        modes = [("file", "file://" + urllib.parse.quote(site) + "/", queries),
                 ("typed", "file://" + urllib.parse.quote(site) + "/", queries)]
        server = None
        if args.http:
            server = HTTPServer(site)
            modes.append(("http", server.base, queries[:args.http]))
        try:
            for mode, base, chosen in modes:
                for i in range(args.warmup):  # warm-up: browser start, JIT, the OS file cache; not counted
                    run_query(driver, base, queries[i % len(queries)][0], size["files"], typed=mode == "typed")
                runs = {query: [] for query, _ in chosen}
                for rep in range(args.repeat):  # whole passes, so a slow spell of the machine hits every query alike
                    for i, (query, kind) in enumerate(chosen):
                        run = run_query(driver, base, query, size["files"], typed=mode == "typed")
                        runs[query].append(run)
                        print(f"  {mode} pass {rep + 1}/{args.repeat} {i + 1:3d}/{len(chosen)} {query!r:16} {kind:9} "
                              + (f"ERROR {run['error']}" if "error" in run else
                                 f"{run['ms']:8.1f} ms  wall {run['doneAt'] or 0:8.1f} ms  shards {run['shards']:2d}  "
                                 f"{run['loaded_bytes'] / 1048576:5.1f} MB  results {run['results']}"),
                              flush=True)
                for query, kind in chosen:
                    results.append(combine(runs[query], mode=mode, query=query, kind=kind,
                                           expected=expected_count(texts, query)))
        finally:
            if server:
                server.close()
    finally:
        driver.quit()

    out = {
        "label": label, "site": site, "seed": args.seed,
        "risk_points": sum(1 for r in rows if r[0] == "风险点"), "entries": len(rows),
        "sizes": size, "queries": [q for q, _ in queries],
        "runs": results,
        "file": summary([r for r in results if r["mode"] == "file"]),
        "typed": summary([r for r in results if r["mode"] == "typed"]),
        "http": summary([r for r in results if r["mode"] == "http"]) if args.http else None,
        "mismatches": [r["query"] for r in results if r.get("mismatch")],
        "unstable": [r["query"] for r in results if r.get("unstable")],
        "repeat": args.repeat, "warmup": args.warmup,
    }
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
    for mode in ("file", "typed", "http"):
        s = out[mode]
        if s and s.get("n"):
            print(f"{label} {mode}: {s['n']} queries, search median {s['ms_median']:.1f} ms, p95 {s['ms_p95']:.1f} ms; "
                  f"wall median {s['wall_median'] or 0:.1f} ms; shards median {s['shards_median']}, max {s['shards_max']}; "
                  f"errors {s['errors']}")
    if out["mismatches"]:
        print(f"{label}: result counts differ from the Python check for {out['mismatches']}")


if __name__ == "__main__":
    main()
