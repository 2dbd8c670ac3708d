/*
 * gongkai search: the browser half of the index written by hooks/gongkai/search (Python).
 *
 * On the search page (<div id="gk-search" data-index="./">) it reads ?q=&unit=&category=&type=&year=,
 * fetches index.json once, then for each query only the postings shards of the query's character
 * n-grams, and only the item files of the results in view. Everywhere else it adds a small search
 * box to the header that opens the search page. No inline script, no eval: it runs under a
 * Content-Security-Policy of script-src 'self'.
 *
 * Index format (see hooks/gongkai/search/postings.py and build.py):
 *   p/<hex>.bin  varint count, then per n-gram: varint key length, UTF-8 key, varint data length;
 *                then the data of each n-gram in the same order.
 *   unigram data: varint items, then per item varint(delta << 2 | flags)  flags: 1 whole word, 2 in title
 *   bigram data:  varint items, then per item varint(delta), varint n, n x varint(gap << 2 | flags)
 *                 flags: 1 a word starts at the offset, 2 a word ends after the bigram
 */
(function () {
  "use strict";

  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  var PAGE_SIZE = 10;
  var MAX_TERMS = 8;
  var DEBOUNCE_MS = 60;
  var SNIPPET_BEFORE = 24;
  var SNIPPET_LENGTH = 90;
  var TYPE_NAMES = { standing: "固定公开", periodic: "定期公开", immediate: "及时公开" };
  var STATUS_MARKS = { withdrawn: "已撤回", superseded: "已被更正替代" };
  var FILTERS = ["unit", "category", "type", "year"];

  /* ---------------------------------------------------------------- the index */

  function Index(base, manifest) {
    this.base = base;
    this.m = manifest;
    this.root = new URL(manifest.root, base);
    this.charmap = new Map();
    for (var i = 0, cm = Array.from(manifest.charmap); i < cm.length; i += 2) this.charmap.set(cm[i], cm[i + 1]);
    this.shards = new Map(); // shard number -> Promise<Map<gram, Uint8Array>>
    this.items = new Map(); // item number -> Promise<item>
    this.decodeRecords();
  }

  /* One fixed-width record per item: unit, category, kind (type * 3 + status), year, title length. */
  Index.prototype.decodeRecords = function () {
    var rec = this.m.records, widths = rec.widths, data = rec.data, n = this.m.items;
    var digit = new Int8Array(128);
    for (var d = 0; d < ALPHABET.length; d++) digit[ALPHABET.charCodeAt(d)] = d;
    var cols = widths.map(function () { return new Int32Array(n); });
    var at = 0;
    for (var item = 0; item < n; item++) {
      for (var f = 0; f < widths.length; f++) {
        var v = 0;
        for (var w = 0; w < widths[f]; w++) v = v * 64 + digit[data.charCodeAt(at++)];
        cols[f][item] = v;
      }
    }
    this.unitOf = cols[0];
    this.categoryOf = cols[1];
    this.kindOf = cols[2];
    this.yearOf = cols[3];
    this.titleLength = cols[4];
    this.lastYear = this.m.first_year;
    for (item = 0; item < n; item++) this.lastYear = Math.max(this.lastYear, this.m.first_year + this.yearOf[item]);
  };

  Index.prototype.typeName = function (item) {
    return this.m.types[Math.floor(this.kindOf[item] / this.m.statuses.length)];
  };

  Index.prototype.statusName = function (item) {
    return this.m.statuses[this.kindOf[item] % this.m.statuses.length];
  };

  Index.prototype.normalise = function (text) {
    var out = "";
    for (var ch of text) {
      var to = this.charmap.get(ch);
      out += to === undefined ? ch : to;
    }
    return out;
  };

  /* Normalised query terms (split on whitespace, duplicates dropped, at most MAX_TERMS), each as an
   * array of code points. */
  Index.prototype.terms = function (query) {
    var seen = new Set(), out = [];
    this.normalise(query).split(/\s+/).forEach(function (t) {
      if (t && !seen.has(t)) { seen.add(t); out.push(Array.from(t)); }
    });
    return out.slice(0, MAX_TERMS);
  };

  /* FNV-1a over code points: the same function as postings.shard_of in Python. */
  function shardOf(gram, shards) {
    var h = 0x811c9dc5;
    for (var ch of gram) h = Math.imul(h ^ ch.codePointAt(0), 0x01000193) >>> 0;
    return h & (shards - 1);
  }

  /* Reads unsigned LEB128 varints (postings.put_varint); values stay below 2^35. */
  var POW128 = [1, 128, 16384, 2097152, 268435456];
  function Reader(bytes, pos) { this.b = bytes; this.p = pos || 0; }
  Reader.prototype.next = function () {
    var b = this.b, byte = b[this.p++], v = byte & 0x7f, k = 0;
    while (byte & 0x80) { byte = b[this.p++]; v += (byte & 0x7f) * POW128[++k]; }
    return v;
  };

  Index.prototype.shard = function (number) {
    var cached = this.shards.get(number);
    if (cached) return cached;
    var url = new URL("p/" + number.toString(16) + ".bin?v=" + this.m.build, this.base);
    var promise = fetch(url).then(function (r) {
      if (r.status === 404) return new Map();
      if (!r.ok) throw new Error("HTTP " + r.status + " " + url);
      return r.arrayBuffer().then(function (buf) {
        var bytes = new Uint8Array(buf), rd = new Reader(bytes), count = rd.next(), keys = [];
        var utf8 = new TextDecoder();
        for (var i = 0; i < count; i++) {
          var len = rd.next(), key = utf8.decode(bytes.subarray(rd.p, rd.p + len));
          rd.p += len;
          keys.push([key, rd.next()]);
        }
        var map = new Map(), at = rd.p;
        keys.forEach(function (k) { map.set(k[0], bytes.subarray(at, at + k[1])); at += k[1]; });
        return map;
      });
    });
    this.shards.set(number, promise);
    promise.catch(function () { this.shards.delete(number); }.bind(this));
    return promise;
  };

  Index.prototype.postings = function (gram) {
    return this.shard(shardOf(gram, this.m.shards)).then(function (map) { return map.get(gram) || null; });
  };

  function decodeUnigram(bytes) {
    var rd = new Reader(bytes), n = rd.next(), docs = new Int32Array(n), flags = new Uint8Array(n), doc = 0;
    for (var i = 0; i < n; i++) { var v = rd.next(); doc += Math.floor(v / 4); docs[i] = doc; flags[i] = v & 3; }
    return { docs: docs, flags: flags };
  }

  /* Bigram postings as flat arrays: item i's offsets are pos[start[i] .. start[i+1]). */
  function decodeBigram(bytes) {
    var rd = new Reader(bytes), n = rd.next(), docs = new Int32Array(n), start = new Int32Array(n + 1);
    var pos = [], flags = [], doc = 0;
    for (var i = 0; i < n; i++) {
      doc += rd.next();
      docs[i] = doc;
      start[i] = pos.length;
      for (var k = rd.next(), at = 0; k > 0; k--) { var v = rd.next(); at += Math.floor(v / 4); pos.push(at); flags.push(v & 3); }
    }
    start[n] = pos.length;
    return { docs: docs, start: start, pos: pos, flags: flags };
  }

  /* Index of value in sorted a[lo..hi), or -1. */
  function find(a, lo, hi, value) {
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (a[mid] < value) lo = mid + 1; else if (a[mid] > value) hi = mid; else return mid;
    }
    return -1;
  }

  /* Bigram offsets covering a term of n >= 2 characters: 0, 2, 4 ... n-2. */
  function cover(n) {
    var out = [];
    for (var k = 0; k < n - 1; k += 2) out.push(k);
    if (out[out.length - 1] !== n - 2) out.push(n - 2);
    return out;
  }

  /*
   * Every item whose normalised text contains the term, as Map item -> match:
   * {w: a match is whole words, t: a match is in the title, c: number of matches,
   *  f: offset of the match to show in the snippet (the first in the body, whole words preferred)}.
   */
  Index.prototype.matchTerm = function (cps) {
    var self = this;
    if (cps.length === 1) {
      return this.postings(cps[0]).then(function (data) {
        var out = new Map();
        if (!data) return out;
        var u = decodeUnigram(data);
        for (var i = 0; i < u.docs.length; i++) {
          out.set(u.docs[i], { w: (u.flags[i] & 1) > 0, t: (u.flags[i] & 2) > 0, c: 1, f: -1 });
        }
        return out;
      });
    }
    var offsets = cover(cps.length);
    return Promise.all(offsets.map(function (k) { return self.postings(cps[k] + cps[k + 1]); })).then(function (datas) {
      var out = new Map();
      if (datas.some(function (d) { return !d; })) return out;
      var lists = datas.map(decodeBigram), last = lists.length - 1, cursor = lists.map(function () { return 0; });
      var smallest = lists.reduce(function (a, b) { return b.docs.length < a.docs.length ? b : a; });
      for (var s = 0; s < smallest.docs.length; s++) {
        var doc = smallest.docs[s], present = true;
        for (var l = 0; l < lists.length && present; l++) { // all lists are sorted: walk them forwards
          var docs = lists[l].docs;
          while (cursor[l] < docs.length && docs[cursor[l]] < doc) cursor[l]++;
          present = cursor[l] < docs.length && docs[cursor[l]] === doc;
        }
        if (!present) continue;
        var titleLength = self.titleLength[doc], first = lists[0], i0 = cursor[0], m = null;
        for (var j = first.start[i0]; j < first.start[i0 + 1]; j++) {
          var p = first.pos[j], endFlags = first.flags[j], ok = true;
          for (l = 1; l < lists.length && ok; l++) {
            var li = lists[l], at = find(li.pos, li.start[cursor[l]], li.start[cursor[l] + 1], p + offsets[l]);
            ok = at >= 0;
            if (ok && l === last) endFlags = li.flags[at];
          }
          if (!ok) continue;
          var whole = (first.flags[j] & 1) > 0 && (endFlags & 2) > 0;
          var rank = (p > titleLength ? 2 : 0) + (whole ? 1 : 0);
          if (!m) m = { w: false, t: false, c: 0, f: p, r: rank };
          m.c++;
          if (rank > m.r) { m.f = p; m.r = rank; }
          m.w = m.w || whole;
          m.t = m.t || p + cps.length <= titleLength;
        }
        if (m) out.set(doc, m);
      }
      return out;
    });
  };

  /* Items allowed by the filters, as a predicate (null when no filter is set). */
  Index.prototype.filter = function (f) {
    var self = this, tests = [];
    if (f.unit) {
      var want = this.m.units.findIndex(function (u) { return u[0] === f.unit; }), allowed = new Set();
      this.m.units.forEach(function (u, i) { // parents come before children in the table
        if (i === want || allowed.has(u[2])) allowed.add(i);
      });
      tests.push(function (d) { return allowed.has(self.unitOf[d]); });
    }
    if (f.category) {
      var c = this.m.categories.findIndex(function (x) { return x[0] === f.category; });
      tests.push(function (d) { return self.categoryOf[d] === c; });
    }
    if (f.type) tests.push(function (d) { return self.typeName(d) === f.type; });
    if (f.year) {
      var y = parseInt(f.year, 10) - this.m.first_year;
      tests.push(function (d) { return self.yearOf[d] === y; });
    }
    if (!tests.length) return null;
    return function (d) { return tests.every(function (t) { return t(d); }); };
  };

  /* Search: {items: ranked item numbers, matches: per term Map, terms}. */
  Index.prototype.search = function (query, filters) {
    var self = this, terms = this.terms(query), keep = this.filter(filters);
    if (!terms.length) {
      var all = [];
      if (keep) for (var d = 0; d < this.m.items; d++) if (keep(d)) all.push(d);
      return Promise.resolve({ items: all, matches: [], terms: terms });
    }
    return Promise.all(terms.map(function (t) { return self.matchTerm(t); })).then(function (matches) {
      var smallest = matches.reduce(function (a, b) { return b.size < a.size ? b : a; });
      var items = [], keys = new Map();
      smallest.forEach(function (_m, doc) {
        if (keep && !keep(doc)) return;
        var w = 0, t = 0, c = 0;
        for (var i = 0; i < matches.length; i++) {
          var m = matches[i].get(doc);
          if (!m) return;
          w += m.w; t += m.t; c += m.c;
        }
        items.push(doc);
        keys.set(doc, [w, t, c]);
      });
      items.sort(function (a, b) { // whole-word matches first, then title matches, then more matches, then newer
        var ka = keys.get(a), kb = keys.get(b);
        return kb[0] - ka[0] || kb[1] - ka[1] || kb[2] - ka[2] || a - b;
      });
      return { items: items, matches: matches, terms: terms };
    });
  };

  /* An item file: {u: URL, t: title, d: date, p: period, n: text length, x: first part of the text,
   * chunks: number of parts}; part k > 0 of the text is in "<item>-<k>.json". */
  Index.prototype.item = function (number, part) {
    var name = number + (part ? "-" + part : ""), cached = this.items.get(name);
    if (cached) return cached;
    var url = new URL("d/" + Math.floor(number / 256) + "/" + name + ".json?v=" + this.m.build, this.base);
    var promise = fetch(url).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status + " " + url);
      return r.json();
    });
    this.items.set(name, promise);
    promise.catch(function () { this.items.delete(name); }.bind(this));
    return promise;
  };

  /* Characters [from, to) of an item's text, fetching only the parts they are in. */
  Index.prototype.slice = function (number, item, from, to) {
    var size = this.m.text_chunk, first = Math.floor(from / size), parts = [];
    for (var k = first; k <= Math.floor(Math.max(from, to - 1) / size) && k < (item.chunks || 1); k++) {
      parts.push(k === 0 ? Promise.resolve(item.x) : this.item(number, k));
    }
    return Promise.all(parts).then(function (texts) {
      var chars = Array.from(texts.join(""));
      return chars.slice(from - first * size, to - first * size);
    });
  };

  var loading = new Map();
  function loadIndex(base) {
    var key = base.href;
    if (!loading.has(key)) {
      // index.json is revalidated on every page load; the other files carry its build id (?v=).
      loading.set(key, fetch(new URL("index.json", base), { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
        return r.json();
      }).then(function (m) { return new Index(base, m); }));
      loading.get(key).catch(function () { loading.delete(key); });
    }
    return loading.get(key);
  }

  /* ---------------------------------------------------------------- rendering */

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }

  /* Append chars[from..to) to parent, with every occurrence of a term wrapped in <mark>. */
  function highlight(parent, chars, from, to, index, terms) {
    var normal = chars.slice(from, to).map(function (c) { return index.normalise(c); });
    var marked = new Uint8Array(normal.length);
    terms.forEach(function (t) {
      outer: for (var i = 0; i + t.length <= normal.length; i++) {
        for (var k = 0; k < t.length; k++) if (normal[i + k] !== t[k]) continue outer;
        for (k = 0; k < t.length; k++) marked[i + k] = 1;
      }
    });
    for (var i = 0; i < normal.length;) {
      var j = i;
      while (j < normal.length && marked[j] === marked[i]) j++;
      var text = chars.slice(from + i, from + j).join("");
      parent.appendChild(marked[i] ? el("mark", { text: text }) : document.createTextNode(text));
      i = j;
    }
  }

  /* Offset of the first occurrence of term (code points, normalised) after the title, or -1. */
  function firstInBody(chars, titleLength, index, term) {
    outer: for (var i = titleLength + 1; i + term.length <= chars.length; i++) {
      for (var k = 0; k < term.length; k++) if (index.normalise(chars[i + k]) !== term[k]) continue outer;
      return i;
    }
    return -1;
  }

  /* The result's list entry: title (linked), marks, unit · category · period · date, snippet. */
  function resultNode(index, number, item, result) {
    var title = Array.from(item.t), at = -1;
    result.matches.forEach(function (m) { var x = m.get(number); if (x && at < 0 && x.f >= 0) at = x.f; });
    if (at < 0 && result.terms.length) at = firstInBody(Array.from(item.x), title.length, index, result.terms[0]);
    // the snippet: SNIPPET_LENGTH characters of the body around the match shown
    var bodyStart = Math.min(item.n, title.length + 1), center = at >= bodyStart ? at : bodyStart;
    var from = Math.max(bodyStart, center - SNIPPET_BEFORE), to = Math.min(item.n, from + SNIPPET_LENGTH);
    return index.slice(number, item, from, to).then(function (chars) {
      var link = el("a", { href: new URL(item.u, index.root).href, "class": "gk-search__title" });
      highlight(link, title, 0, title.length, index, result.terms);
      var snippet = el("p", { "class": "gk-search__snippet" });
      if (from > bodyStart) snippet.appendChild(document.createTextNode("…"));
      highlight(snippet, chars, 0, chars.length, index, result.terms);
      if (to < item.n) snippet.appendChild(document.createTextNode("…"));
      var status = index.statusName(number), mark = STATUS_MARKS[status];
      var unit = index.m.units[index.unitOf[number]], category = index.m.categories[index.categoryOf[number]];
      var when = item.p ? item.p + " · " + item.d + " 发布" : item.d + " 发布";
      return el("li", { "class": "gk-search__result" + (status === "withdrawn" ? " gk-search__result--withdrawn" : "") }, [
        el("div", {}, [link, mark ? el("span", { "class": "gk-search__mark", text: mark }) : null]),
        el("div", { "class": "gk-search__meta", text: [unit[1], category[1], when].join(" · ") }),
        snippet,
      ]);
    });
  }

  /* ---------------------------------------------------------------- the search page */

  function readParams() {
    var p = new URLSearchParams(location.search), out = { q: p.get("q") || "" };
    FILTERS.forEach(function (f) { out[f] = p.get(f) || ""; });
    return out;
  }

  function option(value, label, selected) {
    return el("option", { value: value, selected: value === selected ? "selected" : null, text: label });
  }

  function SearchPage(root, index) {
    this.root = root;
    this.index = index;
    this.seq = 0;
    this.timer = 0;
    this.shown = 0;
    this.result = null;
    this.build(readParams());
  }

  SearchPage.prototype.build = function (params) {
    var self = this, m = this.index.m;
    this.input = el("input", {
      type: "search", name: "q", id: "gk-search-q", value: params.q, placeholder: "输入字词，如：低保、宅基地、财务收支",
      autocomplete: "off", enterkeyhint: "search", "aria-label": "搜索公开事项", maxlength: "100",
    });
    this.input.value = params.q;
    var depth = function (u) { var d = 0; while (u[2] >= 0) { u = m.units[u[2]]; d++; } return d; };
    var collator = new Intl.Collator("zh");
    var years = [];
    for (var y = this.index.lastYear; y >= m.first_year; y--) years.push(y);
    this.selects = {
      unit: el("select", { name: "unit", "aria-label": "单位" }, [option("", "全部单位", params.unit)].concat(
        m.units.map(function (u) { return option(u[0], "\u3000".repeat(depth(u)) + u[1], params.unit); }))),
      category: el("select", { name: "category", "aria-label": "类别" }, [option("", "全部类别", params.category)].concat(
        m.categories.slice().sort(function (a, b) { return collator.compare(a[1], b[1]); })
          .map(function (c) { return option(c[0], c[1], params.category); }))),
      type: el("select", { name: "type", "aria-label": "公开类型" }, [option("", "全部类型", params.type)].concat(
        m.types.map(function (t) { return option(t, TYPE_NAMES[t] || t, params.type); }))),
      year: el("select", { name: "year", "aria-label": "年份" }, [option("", "全部年份", params.year)].concat(
        years.map(function (y) { return option(String(y), y + "年", params.year); }))),
    };
    this.form = el("form", { "class": "gk-search__form", role: "search", action: "", method: "get" }, [
      el("div", { "class": "gk-search__box" }, [this.input, el("button", { type: "submit", text: "搜索" })]),
      el("div", { "class": "gk-search__filters" }, FILTERS.map(function (f) { return self.selects[f]; })),
    ]);
    this.status = el("p", { "class": "gk-search__status", role: "status", "aria-live": "polite" });
    this.list = el("ol", { "class": "gk-search__results" });
    this.more = el("button", { type: "button", "class": "gk-search__more", hidden: "hidden", text: "显示更多结果" });
    this.root.replaceChildren(this.form, this.status, this.list, this.more);

    this.composing = false;
    this.input.addEventListener("compositionstart", function () { self.composing = true; });
    this.input.addEventListener("compositionend", function () { self.composing = false; self.schedule(); });
    this.input.addEventListener("input", function (e) { if (!e.isComposing && !self.composing) self.schedule(); });
    FILTERS.forEach(function (f) { self.selects[f].addEventListener("change", function () { self.run(true); }); });
    this.form.addEventListener("submit", function (e) { e.preventDefault(); self.run(true); self.input.blur(); });
    this.more.addEventListener("click", function () { self.showMore(); });
    window.addEventListener("popstate", function () {
      var p = readParams();
      self.input.value = p.q;
      FILTERS.forEach(function (f) { self.selects[f].value = p[f]; });
      self.run(false);
    });
    this.run(false);
  };

  SearchPage.prototype.params = function () {
    var self = this, out = { q: this.input.value.trim() };
    FILTERS.forEach(function (f) { out[f] = self.selects[f].value; });
    return out;
  };

  SearchPage.prototype.schedule = function () {
    var self = this;
    if (!this.typedAt) this.typedAt = performance.now();
    clearTimeout(this.timer);
    this.timer = setTimeout(function () { self.run(true); }, DEBOUNCE_MS);
  };

  /* Run the search for the form's state; record it in the address bar (shareable). */
  SearchPage.prototype.run = function (record) {
    var self = this, params = this.params(), seq = ++this.seq, started = this.typedAt || performance.now();
    this.typedAt = 0;
    clearTimeout(this.timer);
    if (record) {
      var url = new URL(location.href), sp = new URLSearchParams();
      ["q"].concat(FILTERS).forEach(function (k) { if (params[k]) sp.set(k, params[k]); });
      url.search = sp.toString();
      if (url.href !== location.href) history.replaceState(null, "", url.href);
    }
    this.root.setAttribute("aria-busy", "true");
    this.root.setAttribute("data-state", "busy");
    var filters = { unit: params.unit, category: params.category, type: params.type, year: params.year };
    this.index.search(params.q, filters).then(function (result) {
      if (seq !== self.seq) return null;
      self.result = result;
      self.shown = 0;
      self.list.replaceChildren();
      self.more.hidden = true;
      if (!params.q && !self.index.filter(filters)) {
        self.status.textContent = "输入要查找的字词（简体、繁体都可以），或选择单位、类别、年份浏览。";
        return null;
      }
      if (!result.items.length) {
        self.status.textContent = params.q
          ? "没有找到包含“" + params.q + "”的公开事项。可以减少字数，或取消筛选条件。"
          : "没有符合筛选条件的公开事项。";
        return null;
      }
      self.status.textContent = (params.q ? "找到 " : "共 ") + result.items.length + " 条公开事项";
      return self.showMore(seq);
    }).then(function () {
      if (seq !== self.seq) return;
      self.root.removeAttribute("aria-busy");
      self.root.setAttribute("data-query", params.q);
      self.root.setAttribute("data-count", String(self.result ? self.result.items.length : 0));
      self.root.setAttribute("data-ms", String(Math.round(performance.now() - started)));
      self.root.setAttribute("data-state", "ready");
    }).catch(function (err) {
      if (seq !== self.seq) return;
      self.root.removeAttribute("aria-busy");
      self.root.setAttribute("data-state", "error");
      self.status.textContent = "搜索出错，请刷新页面后重试。（" + err.message + "）";
    });
  };

  /* Fetch and render the next page of results. */
  SearchPage.prototype.showMore = function (seq) {
    var self = this, result = this.result, from = this.shown, to = Math.min(result.items.length, from + PAGE_SIZE);
    seq = seq || this.seq;
    this.shown = to;
    var numbers = result.items.slice(from, to);
    return Promise.all(numbers.map(function (n) {
      return self.index.item(n).then(function (item) { return resultNode(self.index, n, item, result); });
    })).then(function (nodes) {
      if (seq !== self.seq) return;
      nodes.forEach(function (node) { self.list.appendChild(node); });
      self.more.hidden = to >= result.items.length;
    });
  };

  /* ---------------------------------------------------------------- start-up */

  function start() {
    var root = document.getElementById("gk-search");
    if (!root || root.getAttribute("data-started")) return;
    root.setAttribute("data-started", "1");
    root.setAttribute("data-state", "loading");
    root.replaceChildren(el("p", { "class": "gk-search__status", text: "正在载入搜索…" }));
    var base = new URL(root.getAttribute("data-index") || "./", location.href);
    loadIndex(base).then(function (index) { new SearchPage(root, index); }).catch(function (err) {
      root.setAttribute("data-state", "error");
      root.replaceChildren(el("p", { "class": "gk-search__status", text: "搜索索引载入失败，请检查网络后刷新页面。（" + err.message + "）" }));
    });
  }

  // mkdocs-material's instant navigation swaps pages without reloading scripts: follow its document$.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
