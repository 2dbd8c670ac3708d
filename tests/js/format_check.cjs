// Runs theme/admin/gongkai-format.js (the file the web editor loads) in Node for tests/test_admin_format.py.
// stdin: JSON [{"text": ..., "changes": {key: value}, "order": [...]}, ...]; a case without "text" is a new
// file made from "changes". stdout: JSON [{"same": toFile(fromFile(text)), "edited": toFile(fromFile + changes)}].
"use strict";
const format = require("../../theme/admin/gongkai-format.js");

const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = cases.map(({ text, changes, order }) => {
  if (text === undefined) return { edited: format.toFile(changes, order) };
  const data = format.fromFile(text);
  return { same: format.toFile(data, order), edited: format.toFile(Object.assign({}, data, changes), order),
           data: Object.fromEntries(Object.entries(data).filter(([key]) => !key.startsWith(format.PRIVATE))) };
});
process.stdout.write(JSON.stringify(results));
