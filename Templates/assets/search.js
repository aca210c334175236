/* riskpress search: full-text search over the index that riskpress writes at build time.
 *
 * Chinese has no spaces, so the index maps every character and every pair of neighbouring
 * characters (after NFKC, lower case, whitespace removed) to the entries that contain it. Index
 * files are classic scripts loaded with <script> elements, which also works from file://.
 *
 * A query loads the posting shards of its grams (search/p-<k>.js). Each posting carries a letter:
 * whether the gram is in the entry's title, and the entry's level; the entry's number tells its
 * kind, units and domain (the manifest's groups). So candidates are ranked, filtered and counted
 * before any entry is loaded; then only the entries of the page shown are loaded (search/d-<n>.js,
 * blocks of 8) and confirmed against their text.
 *
 * Ranking (docs/search.md): the query as one phrase in the title (a risk point's title is its text)
 * first, then as one phrase in the other text (measures, steps …), then entries that hold all its
 * characters but not as one phrase; within each, higher levels first; then the register's order.
 */
(function () {
  'use strict';

  var PAGE = 20;
  var NO_LEVEL = 12;
  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var manifest = null;
  var postings = {};
  var blocks = {};
  var loading = {};
  var requested = [];
  var current = null;
  var sequence = 0;

  window.riskpressSearch = {
    manifest: function (value) { manifest = prepare(value); },
    postings: function (shard, map) { postings[shard] = map; },
    entries: function (first, rows) { blocks[first] = rows; }
  };

  /* Loads search/<name>.js once; resolves when it has run. */
  function load(name) {
    if (!loading[name]) {
      requested.push(name);
      loading[name] = new Promise(function (resolve, reject) {
        var element = document.createElement('script');
        element.src = root + 'search/' + name + '.js';
        element.onload = function () { resolve(); };
        element.onerror = function () { reject(new Error('search/' + name + '.js could not be loaded')); };
        document.head.appendChild(element);
      });
    }
    return loading[name];
  }

  /* What the filters need from the manifest, worked out once: each group's units with all their
     parents, the units in tree order with their depth. */
  function prepare(m) {
    var parents = m.units.map(function (u) { return u[2]; });
    m.groupUnits = m.groups.map(function (g) {
      var seen = {};
      var all = [];
      g[2].forEach(function (u) {
        for (var at = u, guard = 0; at >= 0 && guard < 64; at = parents[at], guard++) {
          if (!seen[at]) { seen[at] = true; all.push(at); }
        }
      });
      return all;
    });
    var children = m.units.map(function () { return []; });
    var tops = [];
    m.units.forEach(function (u, i) { if (u[2] >= 0 && u[2] !== i) { children[u[2]].push(i); } else { tops.push(i); } });
    m.tree = [];
    (function walk(list, depth) {
      list.forEach(function (i) { m.tree.push({ unit: i, depth: depth }); if (depth < 16) { walk(children[i], depth + 1); } });
    })(tops, 0);
    m.splitSet = m.splits;
    return m;
  }

  /* NFKC, lower case, no whitespace but line breaks, as code points (as riskpress does when it
     builds the index). A line break separates list items: no match runs across one. */
  function isSpace(c) { return c !== '\n' && /\s/.test(c); }

  function normalise(text) {
    var out = [];
    var points = Array.from(text);
    for (var i = 0; i < points.length; i++) {
      var parts = Array.from(points[i].normalize('NFKC').toLowerCase());
      for (var j = 0; j < parts.length; j++) {
        if (!isSpace(parts[j])) { out.push(parts[j]); }
      }
    }
    return out;
  }

  /* The whole string normalised in one go, as riskpress normalises a text for the index. */
  function quick(text) {
    return Array.from(text.normalize('NFKC').toLowerCase()).filter(function (c) { return !isSpace(c); });
  }

  /* Like normalise, with the index in `points` where each normalised code point came from. */
  function normaliseWithPlaces(points) {
    var chars = [];
    var places = [];
    for (var i = 0; i < points.length; i++) {
      var parts = Array.from(points[i].normalize('NFKC').toLowerCase());
      for (var j = 0; j < parts.length; j++) {
        if (!isSpace(parts[j])) { chars.push(parts[j]); places.push(i); }
      }
    }
    return { chars: chars, places: places };
  }

  function find(haystack, needle, from) {
    outer: for (var i = from || 0; i + needle.length <= haystack.length; i++) {
      for (var j = 0; j < needle.length; j++) {
        if (haystack[i + j] !== needle[j]) { continue outer; }
      }
      return i;
    }
    return -1;
  }

  /* The shard of a gram: FNV-1a over its code points, as riskpress computes it. */
  function shardOf(gram) {
    var h = 0x811c9dc5;
    for (var ch of gram) { h = Math.imul((h ^ ch.codePointAt(0)) >>> 0, 16777619) >>> 0; }
    return h & (manifest.postingShards - 1);
  }

  /* A gram's postings: entry numbers and letters (0–25). */
  function decode(text) {
    var numbers = new Int32Array(text.length);
    var codes = new Uint8Array(text.length);
    var count = 0, last = -1, gap = 0;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c >= 65 && c <= 90) {
        last = last + gap + 1;
        numbers[count] = last;
        codes[count] = c - 65;
        count++;
        gap = 0;
      } else {
        gap = gap * 36 + (c <= 57 ? c - 48 : c - 87);
      }
    }
    return { numbers: numbers.subarray(0, count), codes: codes.subarray(0, count) };
  }

  /* The block (its first entry) that holds entry n. */
  function blockOf(n) {
    var base = n - n % manifest.block;
    var splits = manifest.splits;
    var low = 0, high = splits.length;
    while (low < high) { var mid = (low + high) >> 1; if (splits[mid] <= n) { low = mid + 1; } else { high = mid; } }
    return low > 0 && splits[low - 1] > base ? splits[low - 1] : base;
  }

  function entry(n) {
    var first = blockOf(n);
    var row = blocks[first][n - first];
    return { title: row[0], path: row[1], text: row[2], number: n };
  }

  function levelRank(level) { return level === NO_LEVEL || level >= manifest.levels.length ? 99 : manifest.levels[level][1]; }

  /* The candidates of a query: entries holding all its grams, each with its group, level and
     whether every gram is in its title. */
  function candidatesOf(q) {
    var grams = [];
    if (q.length === 1) { grams.push(q[0]); } else { for (var i = 0; i + 1 < q.length; i++) { grams.push(q[i] + q[i + 1]); } }
    var shards = {};
    grams.forEach(function (g) { shards['p-' + shardOf(g)] = true; });
    var names = Object.keys(shards);
    return Promise.all(names.map(load)).then(function () {
      var lists = grams.map(function (g) { return decode(postings[shardOf(g)][g] || ''); });
      lists.sort(function (a, b) { return a.numbers.length - b.numbers.length; });
      var numbers = Array.from(lists[0].numbers);
      var inTitle = Array.from(lists[0].codes, function (c) { return c < 13; });
      var levels = Array.from(lists[0].codes, function (c) { return c % 13; });
      for (var l = 1; l < lists.length && numbers.length > 0; l++) {
        var other = lists[l], j = 0, kept = 0;
        for (var k = 0; k < numbers.length; k++) {
          while (j < other.numbers.length && other.numbers[j] < numbers[k]) { j++; }
          if (j < other.numbers.length && other.numbers[j] === numbers[k]) {
            numbers[kept] = numbers[k];
            inTitle[kept] = inTitle[k] && other.codes[j] < 13;
            levels[kept] = levels[k];
            kept++;
          }
        }
        numbers.length = kept; inTitle.length = kept; levels.length = kept;
      }
      // Each candidate's group: both lists are in number order.
      var groups = new Int32Array(numbers.length);
      var g = 0;
      for (var c = 0; c < numbers.length; c++) {
        while (g + 1 < manifest.groups.length && manifest.groups[g + 1][0] <= numbers[c]) { g++; }
        groups[c] = g;
      }
      return { grams: names.length, numbers: numbers, inTitle: inTitle, levels: levels, groups: groups };
    });
  }

  /* Filters: kind (a label), level (a label), unit (an id, with its sub-units), domain (an id). */
  var FILTERS = ['kind', 'level', 'unit', 'domain'];

  function valuesOf(c, i) {
    var group = manifest.groups[c.groups[i]];
    return {
      kind: [manifest.kinds[group[1]]],
      level: c.levels[i] === NO_LEVEL ? [] : [manifest.levels[c.levels[i]][0]],
      unit: manifest.groupUnits[c.groups[i]].map(function (u) { return manifest.units[u][0]; }),
      domain: group[3] >= 0 ? [manifest.domains[group[3]][0]] : []
    };
  }

  /* The candidates that pass the filters, and per filter the counts of its values among the
     candidates that pass every other filter. Values are worked out per group, not per entry. */
  function narrow(c, filters) {
    var byGroup = {};
    var counts = { kind: {}, level: {}, unit: {}, domain: {} };
    var passing = [];
    for (var i = 0; i < c.numbers.length; i++) {
      var key = c.groups[i] * 16 + c.levels[i];
      var values = byGroup[key] || (byGroup[key] = valuesOf(c, i));
      var failed = null, failures = 0;
      for (var f = 0; f < FILTERS.length; f++) {
        var name = FILTERS[f];
        if (filters[name] && values[name].indexOf(filters[name]) < 0) { failed = name; failures++; }
      }
      if (failures === 0) { passing.push(i); }
      for (var h = 0; h < FILTERS.length; h++) {
        var facet = FILTERS[h];
        if (failures === 0 || (failures === 1 && failed === facet)) {
          values[facet].forEach(function (v) { counts[facet][v] = (counts[facet][v] || 0) + 1; });
        }
      }
    }
    return { passing: passing, counts: counts };
  }

  /* The ranked list: keys from what the postings tell (optimistic: the phrase assumed whole), made
     exact for the entries shown, which are loaded and confirmed. A key is one number, sorted as
     such: (tier × 128 + level rank) × 2^25 + the candidate's place (candidates are in number order). */
  var PLACE = 33554432;

  function Ranking(c, q, passing) {
    this.c = c;
    this.q = q;
    this.confirmed = {};
    var keys = new Float64Array(passing.length);
    for (var n = 0; n < passing.length; n++) {
      var i = passing[n];
      keys[n] = ((c.inTitle[i] ? 0 : 1) * 128 + levelRank(c.levels[i])) * PLACE + i;
    }
    this.keys = keys.sort();
    this.length = keys.length;
  }

  /* The n-th result: the candidate's place, its tier and, once confirmed, its entry. */
  Ranking.prototype.item = function (n) {
    var key = this.keys[n];
    var i = key % PLACE;
    var c = this.c;
    return { i: i, number: c.numbers[i], tier: Math.floor(key / PLACE / 128), confirmed: this.confirmed[i] || null };
  };

  /* Makes the first `count` results confirmed: loads their blocks, confirms them against their text
     (which may move one down), and again until the first `count` are all confirmed. */
  Ranking.prototype.confirm = function (count) {
    var self = this;
    var waiting = [];
    for (var n = 0; n < Math.min(count, self.length); n++) {
      var item = self.item(n);
      if (!item.confirmed) { item.at = n; waiting.push(item); }
    }
    if (waiting.length === 0) { return Promise.resolve(); }
    var names = {};
    waiting.forEach(function (item) { names['d-' + blockOf(item.number)] = true; });
    return Promise.all(Object.keys(names).map(load)).then(function () {
      var moved = false;
      waiting.forEach(function (item) {
        var e = entry(item.number);
        var tier = find(quick(e.title), self.q) >= 0 ? 0 : find(quick(e.text), self.q) >= 0 ? 1 : 2;
        self.confirmed[item.i] = e;
        if (tier !== item.tier) {
          self.keys[item.at] = (tier * 128 + levelRank(self.c.levels[item.i])) * PLACE + item.i;
          moved = true;
        }
      });
      if (moved) { self.keys.sort(); }
      return self.confirm(count);
    });
  };

  /* The text of `points` from `from` to `to` (code points) with the query marked: the whole phrase
     where it stands, else each pair of its characters. */
  function marked(points, q, from, to, scattered) {
    var piece = normaliseWithPlaces(points.slice(from, to));
    var marks = new Uint8Array(to - from);
    if (!scattered) {
      for (var at = find(piece.chars, q); at >= 0; at = find(piece.chars, q, at + 1)) {
        for (var k = 0; k < q.length; k++) { marks[piece.places[at + k]] = 1; }
      }
    } else {
      var wanted = {};
      for (var g = 0; g + 1 < q.length; g++) { wanted[q[g] + q[g + 1]] = true; }
      for (var i = 0; i + 1 < piece.chars.length; i++) {
        if (wanted[piece.chars[i] + piece.chars[i + 1]]) { marks[piece.places[i]] = 1; marks[piece.places[i + 1]] = 1; }
      }
    }
    var fragment = document.createDocumentFragment();
    var run = '', inMark = false;
    function flush() {
      if (!run) { return; }
      if (inMark) {
        var m = document.createElement('mark');
        m.textContent = run;
        fragment.appendChild(m);
      } else {
        fragment.appendChild(document.createTextNode(run));
      }
      run = '';
    }
    for (var i = 0; i < to - from; i++) {
      if (!!marks[i] !== inMark) { flush(); inMark = !!marks[i]; }
      run += points[from + i];
    }
    flush();
    return fragment;
  }

  /* Where in `points` (code points) `needle` (normalised code points) first stands, or -1: looked
     for in the text as it is first, which is the usual case and quick for a long document. */
  function placeOf(text, points, needle) {
    var plain = text.toLowerCase().indexOf(needle.join(''));
    if (plain >= 0) { return Array.from(text.slice(0, plain)).length; }
    var body = normaliseWithPlaces(points);
    var at = find(body.chars, needle);
    return at < 0 ? -1 : body.places[at];
  }

  /* A piece of the text around the first match (its line's start at most 30 characters before),
     the match marked; the text's start when the match is in the title. */
  function snippet(e, q, tier) {
    var points = Array.from(e.text);
    var start = tier === 0 ? -1 : placeOf(e.text, points, tier === 2 ? q.slice(0, 2) : q);
    var from = 0, to = Math.min(points.length, 80);
    if (start >= 0) {
      from = Math.max(0, start - 30);
      for (var k = start - 1; k >= from; k--) { if (points[k] === '\n') { from = k + 1; break; } }
      to = Math.min(points.length, start + q.length + 60);
    }
    var fragment = document.createDocumentFragment();
    if (from > 0) { fragment.appendChild(document.createTextNode('…')); }
    fragment.appendChild(marked(points, q, from, to, tier === 2));
    if (to < points.length) { fragment.appendChild(document.createTextNode('…')); }
    return fragment;
  }

  function resultItem(item, q) {
    var c = current.candidates;
    var e = item.confirmed;
    var group = manifest.groups[c.groups[item.i]];
    var li = document.createElement('li');
    li.className = 'search-result' + (item.tier === 2 ? ' search-scattered' : '');
    li.setAttribute('data-path', e.path);
    li.setAttribute('data-entry', String(e.number));
    var kind = document.createElement('span');
    kind.className = 'search-kind';
    kind.textContent = manifest.kinds[group[1]];
    var link = document.createElement('a');
    link.href = root + e.path;
    link.appendChild(marked(Array.from(e.title), q, 0, Array.from(e.title).length, item.tier === 2));
    var heading = document.createElement('p');
    heading.className = 'search-title';
    heading.appendChild(kind);
    heading.appendChild(document.createTextNode(' '));
    heading.appendChild(link);
    li.appendChild(heading);
    var facts = [];
    var units = group[2].map(function (u) { return manifest.units[u][1]; }).join('、');
    if (units) { facts.push(units); }
    if (c.levels[item.i] !== NO_LEVEL) { facts.push(manifest.levels[c.levels[item.i]][0]); }
    if (item.tier === 2) { facts.push('字词分散'); }
    if (facts.length) {
      var meta = document.createElement('p');
      meta.className = 'search-meta';
      facts.forEach(function (fact, n) {
        var span = document.createElement('span');
        span.textContent = fact;
        if (n === 1 && c.levels[item.i] !== NO_LEVEL) { span.className = 'search-level'; }
        meta.appendChild(span);
      });
      li.appendChild(meta);
    }
    if (e.text) {
      var context = document.createElement('p');
      context.className = 'search-context';
      context.appendChild(snippet(e, q, item.tier));
      li.appendChild(context);
    }
    return li;
  }

  /* The URL's query string for a query and filters. */
  function queryString(query, filters) {
    var params = new URLSearchParams();
    params.set('q', query);
    FILTERS.forEach(function (f) { if (filters[f]) { params.set(f, filters[f]); } });
    return '?' + params.toString();
  }

  function remember() {
    try { history.replaceState(null, '', queryString(current.query, current.filters)); } catch (e) { /* some file:// pages refuse */ }
  }

  function filterLink(name, value, label, count) {
    var a = document.createElement('a');
    var selected = current.filters[name] === value;
    var next = Object.assign({}, current.filters);
    next[name] = selected ? '' : value;
    a.href = queryString(current.query, next);
    a.className = 'search-filter' + (selected ? ' selected' : '');
    if (selected) { a.setAttribute('aria-current', 'true'); }
    a.setAttribute('data-filter', name);
    a.setAttribute('data-value', value);
    a.appendChild(document.createTextNode(label + ' '));
    var n = document.createElement('span');
    n.className = 'search-count';
    n.textContent = String(count);
    a.appendChild(n);
    a.addEventListener('click', function (event) {
      event.preventDefault();
      current.filters = next;
      refilter();
    });
    return a;
  }

  function filterSelect(name, title, options) {
    var select = document.createElement('select');
    select.setAttribute('data-filter', name);
    select.setAttribute('aria-label', title);
    var all = document.createElement('option');
    all.value = '';
    all.textContent = '全部' + title;
    select.appendChild(all);
    options.forEach(function (o) {
      var option = document.createElement('option');
      option.value = o.value;
      option.textContent = o.label + '（' + o.count + '）';
      option.setAttribute('data-count', String(o.count));
      if (current.filters[name] === o.value) { option.defaultSelected = true; }
      select.appendChild(option);
    });
    select.addEventListener('change', function () {
      current.filters[name] = select.value;
      refilter();
    });
    return select;
  }

  function showFilters(counts) {
    var box = document.getElementById('search-filters');
    if (!box) { return; }
    box.textContent = '';
    var heading = document.createElement('h2');
    heading.textContent = '筛选';
    box.appendChild(heading);
    function section(name, title, node) {
      var div = document.createElement('div');
      div.className = 'search-facet';
      div.setAttribute('data-facet', name);
      var h = document.createElement('h3');
      h.textContent = title;
      div.appendChild(h);
      div.appendChild(node);
      box.appendChild(div);
    }
    var kinds = document.createElement('div');
    manifest.kinds.forEach(function (k) {
      if (counts.kind[k] || current.filters.kind === k) { kinds.appendChild(filterLink('kind', k, k, counts.kind[k] || 0)); }
    });
    section('kind', '类别', kinds);
    var levels = document.createElement('div');
    manifest.levels.forEach(function (l) {
      if (counts.level[l[0]] || current.filters.level === l[0]) { levels.appendChild(filterLink('level', l[0], l[0], counts.level[l[0]] || 0)); }
    });
    if (levels.childNodes.length) { section('level', '风险等级', levels); }
    var units = manifest.tree.filter(function (t) {
      var id = manifest.units[t.unit][0];
      return counts.unit[id] || current.filters.unit === id;
    }).map(function (t) {
      var id = manifest.units[t.unit][0];
      return { value: id, label: '　'.repeat(t.depth) + manifest.units[t.unit][1], count: counts.unit[id] || 0 };
    });
    if (units.length) { section('unit', '单位', filterSelect('unit', '单位', units)); }
    var domains = manifest.domains.filter(function (d) { return counts.domain[d[0]] || current.filters.domain === d[0]; })
      .map(function (d) { return { value: d[0], label: d[1], count: counts.domain[d[0]] || 0 }; });
    if (domains.length) { section('domain', '领域', filterSelect('domain', '领域', domains)); }
    var active = FILTERS.some(function (f) { return current.filters[f]; });
    if (active) {
      var clear = document.createElement('a');
      clear.href = queryString(current.query, {});
      clear.className = 'search-clear';
      clear.textContent = '清除筛选';
      clear.addEventListener('click', function (event) { event.preventDefault(); current.filters = {}; refilter(); });
      box.appendChild(clear);
    }
    box.hidden = false;
  }

  /* Shows the first `shown` ranked results (confirming them first). */
  function showPage(state, shown, started) {
    return state.ranking.confirm(shown).then(function () {
      if (state !== current) { return; }
      var status = document.getElementById('search-status');
      var list = document.getElementById('search-results');
      var total = state.ranking.length;
      var all = state.candidates.numbers.length;
      if (all === 0) {
        status.textContent = '没有找到包含“' + state.query + '”的内容。';
      } else if (total === 0) {
        status.textContent = '筛选后没有结果（共 ' + all + ' 条包含“' + state.query + '”）。';
      } else {
        status.textContent = '找到 ' + total + ' 条匹配“' + state.query + '”的结果' + (total < all ? '（共 ' + all + ' 条，已筛选）' : '') + '。';
      }
      for (var n = state.shown; n < Math.min(shown, total); n++) { list.appendChild(resultItem(state.ranking.item(n), state.q)); }
      state.shown = Math.min(shown, total);
      var more = document.getElementById('search-more');
      if (more) {
        more.hidden = state.shown >= total;
        more.textContent = '显示更多（已显示 ' + state.shown + ' / ' + total + ' 条）';
      }
      var body = document.body;
      if (started !== undefined) { body.setAttribute('data-search-ms', String(Math.round((performance.now() - started) * 100) / 100)); }
      var files = requested.filter(function (name) { return name !== 'manifest'; });
      body.setAttribute('data-search-shards', String(files.length));
      body.setAttribute('data-search-files', files.join(' '));
      body.setAttribute('data-search-shown', String(state.shown));
      body.setAttribute('data-search-done', state.query);
    });
  }

  /* The filters changed: narrow the same candidates again, show the first page, keep the URL. */
  function refilter() {
    var state = current;
    var narrowed = narrow(state.candidates, state.filters);
    state.ranking = new Ranking(state.candidates, state.q, narrowed.passing);
    state.shown = 0;
    document.getElementById('search-results').textContent = '';
    showFilters(narrowed.counts);
    remember();
    requested = [];
    return showPage(state, PAGE, performance.now());
  }

  /* Searches for `query` with `filters`; `started`: when the keystroke came (an event's timeStamp),
     from which data-search-ms counts, else now. */
  function run(query, filters, started) {
    if (started === undefined) { started = performance.now(); }
    var mine = ++sequence;
    requested = [];
    var status = document.getElementById('search-status');
    var q = normalise(query).filter(function (c) { return c !== '\n'; });
    if (q.length === 0) {
      current = null;
      status.textContent = '';
      document.getElementById('search-results').textContent = '';
      return Promise.resolve();
    }
    status.textContent = '正在搜索……';
    return load('manifest').then(function () { return candidatesOf(q); }).then(function (candidates) {
      if (mine !== sequence) { return; }
      var state = { query: query, q: q, filters: filters || {}, candidates: candidates, shown: 0 };
      current = state;
      var narrowed = narrow(candidates, state.filters);
      state.ranking = new Ranking(candidates, q, narrowed.passing);
      document.getElementById('search-results').textContent = '';
      showFilters(narrowed.counts);
      remember();
      return showPage(state, PAGE, started);
    }).catch(function (error) {
      status.textContent = '搜索索引无法载入：' + error.message;
      document.body.setAttribute('data-search-done', query);
    });
  }

  function more() {
    if (!current) { return Promise.resolve(); }
    requested = [];
    return showPage(current, current.shown + PAGE, performance.now());
  }

  window.riskpressSearch.run = run;
  window.riskpressSearch.more = more;

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('search-query');
    if (!input) { return; }
    var params = new URLSearchParams(window.location.search);
    var query = params.get('q') || '';
    var filters = {};
    FILTERS.forEach(function (f) { if (params.get(f)) { filters[f] = params.get(f); } });
    input.value = query;
    input.addEventListener('input', function (event) { run(input.value, current ? current.filters : {}, event.timeStamp); });
    var form = input.form;
    if (form) { form.addEventListener('submit', function (event) { event.preventDefault(); run(input.value, current ? current.filters : {}); }); }
    var button = document.getElementById('search-more');
    if (button) { button.addEventListener('click', function () { more(); }); }
    if (query.trim()) {
      run(query, filters);
    } else {
      // Loaded while the reader types: a keystroke then needs only its postings and entries.
      load('manifest').then(function () { document.body.setAttribute('data-search-ready', ''); });
    }
  });
})();
