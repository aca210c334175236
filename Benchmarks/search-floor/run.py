# Times, in headless Chromium from file://, an input event -> K classic scripts loaded in parallel
# (or two rounds) -> 20 list items added. Usage: run.py FOLDER RUNS OUT.json (FOLDER from make.py).
import json, os, statistics, sys, random
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
o = Options(); o.binary_location = "/usr/bin/chromium"
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900", "--allow-file-access-from-files"):
    o.add_argument(a)
d = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=o)
d.set_script_timeout(30)
if os.environ.get("FLOOR_CDP", "1") == "1":
    d.execute_cdp_cmd("Network.enable", {}); d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
TYPE = """
var plan = arguments[0], done = arguments[arguments.length - 1];
(function wait() {
  if (!document.body || !document.body.hasAttribute('data-ready')) { setTimeout(wait, 2); return; }
  new MutationObserver(function (c, ob) { ob.disconnect(); done(parseFloat(document.body.getAttribute('data-ms'))); })
    .observe(document.body, { attributes: true, attributeFilter: ['data-ms'] });
  var q = document.getElementById('q'); q.value = plan; q.dispatchEvent(new Event('input', { bubbles: true }));
})();
"""
configs = [("0", [])]
for k in ([int(x) for x in os.environ["FLOOR_K"].split(",")] if "FLOOR_K" in os.environ else (1, 2, 3, 5, 10, 20)):
    configs.append((f"{k} x 8kB", [["s", k]]))
    configs.append((f"{k} x 50kB", [["l", k]]))
configs += [] if "FLOOR_K" in os.environ else [("2 x 8kB, then 1 x 8kB", [["s", 2], ["s", 1]]),
            ("2 x 8kB, then 3 x 8kB", [["s", 2], ["s", 3]]),
            ("2 x 8kB, then 20 x 8kB", [["s", 2], ["s", 20]]),
            ("2 x 50kB, then 3 x 8kB", [["l", 2], ["s", 3]]),
            ("2 x 50kB, then 20 x 8kB", [["l", 2], ["s", 20]])]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 25
url = "file://" + os.path.abspath(os.path.join(sys.argv[1], "index.html"))
res = {name: [] for name, _ in configs}
for w in range(5):
    d.get(url); d.execute_async_script(TYPE, json.dumps([["s", 2]]))
for r in range(runs):
    order = list(configs); random.Random(r).shuffle(order)
    for name, plan in order:
        d.get(url)
        res[name].append(d.execute_async_script(TYPE, json.dumps(plan)))
d.quit()
def p95(v): v = sorted(v); return v[min(len(v) - 1, int(round(0.95 * len(v) + 0.5)) - 1)]
print(f"{'files':28} {'median':>7} {'p95':>7} {'max':>7}  (ms, {runs} runs)")
for name, _ in configs:
    v = res[name]; print(f"{name:28} {statistics.median(v):7.1f} {p95(v):7.1f} {max(v):7.1f}")
json.dump(res, open(sys.argv[3] if len(sys.argv) > 3 else os.path.join(sys.argv[1], "floor.json"), "w"))
