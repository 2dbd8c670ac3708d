/* gongkai's front-matter format for Decap CMS: a save rewrites only the keys the clerk changed.

   Decap's own "frontmatter" format re-serialises the whole YAML block on every save (comments dropped,
   quotes removed, flow lists turned into block lists, keys reordered, long values folded): in git every
   save would be a noisy diff. Here fromFile() keeps the original front matter in the hidden key
   `_gk_source`, and toFile() edits that text in place with the `yaml` package's document ranges:
   an unchanged key keeps its bytes (comment, quotes, flow style); a changed one gets its new value
   in the same style; a new key is added at the end; a cleared optional key is removed with its line.
   A new file is written in the project's own style (`gongkai new`): one `key: value` a line, lists
   and maps in flow style ([a, b]), dates unquoted. Keys starting with `_gk_` are never written.

   Works in the browser (global YAML from vendor/yaml.js; registered by gongkai-admin.js) and in Node
   (tests/test_admin_format.py runs it on every example item). */
(function (root, factory) {
  if (typeof module === "object" && module.exports) {
    module.exports = factory(require("yaml"));
  } else {
    root.GongkaiFormat = factory(root.YAML);
  }
})(typeof self !== "undefined" ? self : this, function (YAML) {
  "use strict";

  var PRIVATE = "_gk_";
  var SOURCE = PRIVATE + "source";
  var OPEN = /^(\uFEFF?---[ \t]*\r?\n)/;
  var CLOSE = /^---[ \t]*(\r?\n|$)/m;
  var STRING_OPTIONS = { lineWidth: 0, flowCollectionPadding: false };

  function split(text) {
    var open = OPEN.exec(text);
    if (!open) return { head: "", inner: "", tail: "", body: text };
    var rest = text.slice(open[0].length);
    var close = CLOSE.exec(rest);
    if (!close) return { head: "", inner: "", tail: "", body: text };
    return { head: open[0], inner: rest.slice(0, close.index), tail: close[0],
             body: rest.slice(close.index + close[0].length) };
  }

  function fromFile(text) {
    var parts = split(text);
    var values = parts.inner ? YAML.parse(parts.inner) || {} : {};
    var data = Object.assign({}, values, { body: parts.body });
    if (parts.head) data[SOURCE] = parts.head + parts.inner + parts.tail;
    return data;
  }

  function empty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function same(a, b) {
    if (empty(a) && empty(b)) return true;
    if (typeof a === "number" || typeof b === "number") return String(a) === String(b);
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function written(data) {
    var values = {};
    Object.keys(data).forEach(function (key) {
      if (key !== "body" && key.indexOf(PRIVATE) !== 0) values[key] = data[key];
    });
    return values;
  }

  /* The text of one value in `style` (the node it replaces, if any); collections in flow style. */
  function render(value, style) {
    var doc = new YAML.Document(value);
    YAML.visit(doc, { Collection: function (_, node) { node.flow = true; } });
    if (style && YAML.isScalar(style) && YAML.isScalar(doc.contents) && typeof value === "string") {
      doc.contents.type = style.type;
    }
    if (style && YAML.isCollection(style) && !style.flow && YAML.isCollection(doc.contents)) {
      YAML.visit(doc, { Collection: function (_, node) { node.flow = false; } });
    }
    return doc.toString(STRING_OPTIONS).replace(/\n$/, "");
  }

  function lineStart(text, offset) {
    return text.lastIndexOf("\n", offset - 1) + 1;
  }

  function lineEnd(text, offset) {
    var end = text.indexOf("\n", offset);
    return end === -1 ? text.length : end + 1;
  }

  function indentBlock(text, indent) {
    return "\n" + text.split("\n").map(function (line) { return indent + line; }).join("\n");
  }

  /* Edits of the front matter text `inner` that turn its values into `values`: [start, end, text]. */
  function edits(inner, values) {
    var doc = YAML.parseDocument(inner);
    var original = doc.toJS() || {};
    var pairs = YAML.isMap(doc.contents) ? doc.contents.items : [];
    var changes = [];
    var newline = inner.indexOf("\r\n") !== -1 ? "\r\n" : "\n";
    pairs.forEach(function (pair) {
      var key = String(pair.key && pair.key.value);
      if (!Object.prototype.hasOwnProperty.call(values, key)) return;  // a key Decap did not send stays
      var value = values[key];
      if (same(value, original[key])) return;
      var node = pair.value;
      if (empty(value)) {  // a cleared optional key: its line goes
        var end = node ? node.range[2] : pair.key.range[2];
        changes.push([lineStart(inner, pair.key.range[0]), lineEnd(inner, Math.max(end - 1, pair.key.range[0])), ""]);
        return;
      }
      var text = render(value, node);
      if (YAML.isCollection(node) && !node.flow) {
        var indent = inner.slice(lineStart(inner, node.range[0]), node.range[0]);
        var stop = node.range[1];
        while (stop > node.range[0] && /[\r\n]/.test(inner[stop - 1])) stop--;  // its last newline stays
        changes.push([pair.key.range[1], stop, ":" + indentBlock(text, indent).replace(/\n/g, newline)]);
      } else if (!node || node.range[0] === node.range[1]) {  // `key:` with no value
        var at = node ? node.range[0] : pair.key.range[1];
        changes.push([at, at, (/:$/.test(inner.slice(0, at)) ? " " : "") + text]);
      } else {
        changes.push([node.range[0], node.range[1], text]);
      }
    });
    Object.keys(values).forEach(function (key) {
      if (key in original || empty(values[key])) return;
      var end = inner.length;
      var prefix = end === 0 || inner.endsWith("\n") ? "" : newline;
      changes.push([end, end, prefix + key + ": " + render(values[key], null) + newline]);
    });
    return changes;
  }

  function apply(text, changes) {
    return changes
      .sort(function (a, b) { return b[0] - a[0]; })
      .reduce(function (out, c) { return out.slice(0, c[0]) + c[2] + out.slice(c[1]); }, text);
  }

  function newFile(values, order) {
    var keys = (order || []).filter(function (k) { return k in values; });
    Object.keys(values).forEach(function (k) { if (keys.indexOf(k) === -1) keys.push(k); });
    return keys.filter(function (k) { return !empty(values[k]); })
      .map(function (k) { return k + ": " + render(values[k], null) + "\n"; }).join("");
  }

  function toFile(data, order) {
    var values = written(data);
    var body = data.body || "";
    var source = data[SOURCE];
    if (typeof source !== "string") return "---\n" + newFile(values, order) + "---\n\n" + body.replace(/^\n+/, "");
    var parts = split(source);
    return parts.head + apply(parts.inner, edits(parts.inner, values)) + parts.tail + body;
  }

  return { name: "gongkai-frontmatter", extension: "md", fromFile: fromFile, toFile: toFile,
           PRIVATE: PRIVATE };
});
