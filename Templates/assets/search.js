/* riskpress search: full-text search over the index that riskpress writes at build time.
 *
 * Chinese has no spaces, so the index maps every character and every pair of neighbouring
 * characters (after NFKC, lower case, whitespace removed) to the entries that contain it. A query's
 * pairs (or its one character) give candidates; each candidate is confirmed against its text, so
 * every result contains the query exactly. Index files are classic scripts loaded with <script>
 * elements, which also works from file://, and only the shards a query needs are loaded.
 */
(function () {
  'use strict';

  var script = document.currentScript;
  var root = (script && script.getAttribute('data-root')) || '';
  var manifest = null;
  var postings = {};
  var entryShards = {};
  var loading = {};

  window.riskpressSearch = {
    manifest: function (value) { manifest = value; },
    postings: function (shard, map) { postings[shard] = map; },
    entries: function (shard, first, rows) { entryShards[shard] = { first: first, rows: rows }; }
  };

  /* Loads search/<name>.js once; resolves when it has run. */
  function load(name) {
    if (!loading[name]) {
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

  /* The whole string normalised in one go (what confirming a candidate needs). */
  function quick(text) {
    return Array.from(text.normalize('NFKC').toLowerCase()).filter(function (c) { return !isSpace(c); });
  }

  /* Like normalise, with the index in `text`'s code points where each normalised one came from. */
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

  function find(haystack, needle) {
    outer: for (var i = 0; i + needle.length <= haystack.length; i++) {
      for (var j = 0; j < needle.length; j++) {
        if (haystack[i + j] !== needle[j]) { continue outer; }
      }
      return i;
    }
    return -1;
  }

  function entry(number) {
    var shard = entryShards[entryShardOf(number)];
    var row = shard.rows[number - shard.first];
    return { kind: row[0], title: row[1], path: row[2], text: row[3], number: number };
  }

  function entryShardOf(number) {
    var shards = manifest.entryShards;
    var k = 0;
    while (k + 1 < shards.length && shards[k + 1] <= number) { k++; }
    return k;
  }

  /* The entries that contain the query, best first. */
  function search(query) {
    var q = normalise(query).filter(function (c) { return c !== '\n'; });
    if (q.length === 0) { return Promise.resolve({ results: [], shards: 0 }); }
    var grams = [];
    if (q.length === 1) {
      grams.push(q[0]);
    } else {
      for (var i = 0; i + 1 < q.length; i++) { grams.push(q[i] + q[i + 1]); }
    }
    var needed = {};
    grams.forEach(function (gram) { needed[gram.codePointAt(0) % manifest.postingShards] = true; });
    var shardNames = Object.keys(needed).map(function (k) { return 'p-' + k; });
    return Promise.all(shardNames.map(load)).then(function () {
      var candidates = null;
      grams.forEach(function (gram) {
        var list = postings[gram.codePointAt(0) % manifest.postingShards][gram] || [];
        if (candidates === null) {
          candidates = list.slice();
        } else {
          var set = new Set(list);
          candidates = candidates.filter(function (n) { return set.has(n); });
        }
      });
      candidates = candidates || [];
      var entryNames = {};
      candidates.forEach(function (n) { entryNames['d-' + entryShardOf(n)] = true; });
      var names = Object.keys(entryNames);
      return Promise.all(names.map(load)).then(function () {
        var phrase = query.trim();
        var results = [];
        candidates.forEach(function (n) {
          var e = entry(n);
          // The whole text normalised at once, as riskpress does when it builds the index; where each
          // character came from is worked out later, for the results shown.
          var inTitle = find(quick(e.title), q) >= 0;
          var at = find(quick(e.text), q);
          if (!inTitle && at < 0) { return; }
          var exact = e.title.indexOf(phrase) >= 0 || e.text.indexOf(phrase) >= 0;
          results.push({ entry: e, inTitle: inTitle, exact: exact, at: at });
        });
        results.sort(function (a, b) {
          if (a.inTitle !== b.inTitle) { return a.inTitle ? -1 : 1; }
          if (a.exact !== b.exact) { return a.exact ? -1 : 1; }
          var pa = a.at < 0 ? Infinity : a.at, pb = b.at < 0 ? Infinity : b.at;
          if (pa !== pb) { return pa - pb; }
          return a.entry.number - b.entry.number;
        });
        results.forEach(function (r) { r.query = query; });
        return { results: results, shards: shardNames.length + names.length, query: q };
      });
    });
  }

  /* A piece of the entry's text around the first match, the match marked. */
  function snippet(result, length) {
    var points = Array.from(result.entry.text);
    var fragment = document.createDocumentFragment();
    var body = normaliseWithPlaces(points);
    var at = result.at < 0 ? -1 : find(body.chars, normalise(result.query));
    if (at < 0) {
      fragment.appendChild(document.createTextNode(points.slice(0, 80).join('') + (points.length > 80 ? '…' : '')));
      return fragment;
    }
    var start = body.places[at];
    var end = body.places[at + length - 1] + 1;
    var from = Math.max(0, start - 30);
    var to = Math.min(points.length, end + 60);
    fragment.appendChild(document.createTextNode((from > 0 ? '…' : '') + points.slice(from, start).join('')));
    var mark = document.createElement('mark');
    mark.textContent = points.slice(start, end).join('');
    fragment.appendChild(mark);
    fragment.appendChild(document.createTextNode(points.slice(end, to).join('') + (to < points.length ? '…' : '')));
    return fragment;
  }

  function show(query, outcome, started) {
    var status = document.getElementById('search-status');
    var list = document.getElementById('search-results');
    list.textContent = '';
    var results = outcome.results;
    if (results.length === 0) {
      status.textContent = '没有找到包含“' + query + '”的内容。';
    } else {
      status.textContent = '找到 ' + results.length + ' 条包含“' + query + '”的结果' + (results.length > 100 ? '，显示前 100 条' : '') + '。';
    }
    results.slice(0, 100).forEach(function (result) {
      var item = document.createElement('li');
      item.className = 'search-result';
      item.setAttribute('data-path', result.entry.path);
      var kind = document.createElement('span');
      kind.className = 'search-kind';
      kind.textContent = result.entry.kind;
      var link = document.createElement('a');
      link.href = root + result.entry.path;
      link.textContent = result.entry.title;
      var heading = document.createElement('p');
      heading.className = 'search-title';
      heading.appendChild(kind);
      heading.appendChild(document.createTextNode(' '));
      heading.appendChild(link);
      var context = document.createElement('p');
      context.className = 'search-context';
      context.appendChild(snippet(result, outcome.query.length));
      item.appendChild(heading);
      item.appendChild(context);
      list.appendChild(item);
    });
    document.body.setAttribute('data-search-ms', String(Math.round((performance.now() - started) * 100) / 100));
    document.body.setAttribute('data-search-shards', String(outcome.shards));
    document.body.setAttribute('data-search-done', query);
  }

  function run(query) {
    var started = performance.now();
    var status = document.getElementById('search-status');
    status.textContent = '正在搜索……';
    return load('manifest').then(function () { return search(query); }).then(function (outcome) {
      show(query, outcome, started);
    }).catch(function (error) {
      status.textContent = '搜索索引无法载入：' + error.message;
      document.body.setAttribute('data-search-done', query);
    });
  }

  window.riskpressSearch.run = run;

  document.addEventListener('DOMContentLoaded', function () {
    var input = document.getElementById('search-query');
    if (!input) { return; }
    var query = new URLSearchParams(window.location.search).get('q') || '';
    input.value = query;
    if (query.trim()) { run(query); }
  });
})();
