# Writes into the folder given: 20 script files of ~8 kB (s0..s19.js) and 20 of ~50 kB (l0..l19.js),
# CJK text in a JS array, and index.html, which on an input event loads the rounds of files its value
# names (one round after another, the files of a round in parallel) and then adds 20 list items.
import os, random, sys
os.makedirs(sys.argv[1], exist_ok=True)
os.chdir(sys.argv[1])
random.seed(1)
def text(n):
    return "".join(chr(random.randint(0x4e00, 0x9fa5)) for _ in range(n))
for size, label in ((8000, "s"), (50000, "l")):
    for i in range(20):
        parts, total = [], 60
        while total < size:
            t = text(random.randint(20, 80)); parts.append('"' + t + '"'); total += len(t.encode()) + 3
        body = "window.__got(%d,[%s]);\n" % (i, ",".join(parts))
        open(f"{label}{i}.js", "w").write(body)
open("index.html", "w").write("""<!doctype html><meta charset=utf-8><title>floor</title>
<input id=q><ul id=out></ul>
<script>
var seq = 0;
window.__got = function (i, rows) { window.__rows = rows.length; };
function load(name) {
  return new Promise(function (resolve, reject) {
    var s = document.createElement('script');
    s.src = name + '.js?r=' + (seq++) + '-' + Math.random();
    s.onload = resolve; s.onerror = reject;
    document.head.appendChild(s);
  });
}
function round(prefix, k, from) {
  var all = [];
  for (var i = 0; i < k; i++) all.push(load(prefix + ((from + i) % 20)));
  return Promise.all(all);
}
document.getElementById('q').addEventListener('input', function (e) {
  var plan = JSON.parse(e.target.value);   // [[prefix, k], ...] rounds one after another
  var t0 = e.timeStamp;
  var p = Promise.resolve(), from = 0;
  plan.forEach(function (r) { p = p.then(function () { var f = from; from += r[1]; return round(r[0], r[1], f); }); });
  p.then(function () {
    var out = document.getElementById('out');
    out.textContent = '';
    for (var i = 0; i < 20; i++) { var li = document.createElement('li'); li.textContent = 'result ' + i; out.appendChild(li); }
    document.body.setAttribute('data-ms', String(performance.now() - t0));
  });
});
document.body.setAttribute('data-ready', '1');
</script>
""")
