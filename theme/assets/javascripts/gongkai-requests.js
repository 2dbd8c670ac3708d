/*
 * gongkai 依申请公开 / 意见反馈 lookup: on a unit's register page (<form id="gk-lookup" data-src="lookup.json">)
 * it reads the small static lookup.json beside the page (written by hooks/gongkai/requests_api.py), shows
 * the form, and answers a number with its status and due date. No inline script, no eval: it runs under
 * the site's Content-Security-Policy (script-src 'self'). Without JavaScript the form stays hidden and the
 * tables on the page say the same. ?no=2026-007 in the address looks the number up on arrival.
 */
(function () {
  "use strict";

  var KIND = { request: "申请编号", feedback: "意见编号" };

  function normalise(text) {
    // Full-width digits, letters and hyphens as a phone keyboard may type them; spaces ignored.
    return text.replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/[\s\u3000]/g, "").replace(/[\u2010-\u2015\u2212]/g, "-").toUpperCase();
  }

  function line(label, value) {
    var p = document.createElement("p");
    var b = document.createElement("strong");
    b.textContent = label + "：";
    p.appendChild(b);
    p.appendChild(document.createTextNode(value));
    return p;
  }

  function show(out, records, typed) {
    var wanted = normalise(typed);
    out.textContent = "";
    if (!wanted) return;
    var found = records.filter(function (r) { return normalise(r.no) === wanted; });
    if (!found.length) {
      out.appendChild(line("没有找到", typed + "。请核对回执上的编号；刚收到的申请或意见登记后才能查到。"));
      return;
    }
    found.forEach(function (r) {
      var box = document.createElement("div");
      box.className = "gk-lookup-hit gk-r-" + r.status;
      box.appendChild(line(KIND[r.kind] || "编号", r.no));
      if (r.subject) box.appendChild(line("申请内容", r.subject));
      box.appendChild(line("收到日期", r.received));
      box.appendChild(line("答复期限", r.due || "无法计算"));
      if (r.replied) box.appendChild(line("答复日期", r.replied));
      box.appendChild(line("状态", r.text));
      out.appendChild(box);
    });
  }

  function start() {
    var form = document.getElementById("gk-lookup");
    if (!form) return;
    var input = document.getElementById("gk-lookup-no");
    var out = document.getElementById("gk-lookup-result");
    fetch(new URL(form.getAttribute("data-src"), document.baseURI))
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (records) {
        form.hidden = false;
        form.addEventListener("submit", function (event) {
          event.preventDefault();
          show(out, records, input.value);
          var url = new URL(window.location.href);
          url.searchParams.set("no", input.value.trim());
          window.history.replaceState(null, "", url);
        });
        var asked = new URL(window.location.href).searchParams.get("no");
        if (asked) {
          input.value = asked;
          show(out, records, asked);
        }
      })
      .catch(function () { /* the form stays hidden: the tables below still answer */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
