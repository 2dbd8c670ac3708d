/* gongkai 大字 (适老模式): the header's 大字 button switches the whole site to large type, large
   buttons, darker colours and one column (the CSS is html.gk-large in gongkai-a11y.css and
   gongkai-poster-screen.css). The choice is kept in localStorage, so it follows the visitor from page
   to page and between the site and the poster print pages.

   Site pages read the stored choice before the first paint with a hashed inline script
   (theme/partials/gk-extrahead.html) and load this file deferred; poster print pages load it in
   <head>. Without JavaScript the button stays hidden (it is shown under html.gk-js) and every page
   reads normally. */
(function () {
  "use strict";
  var KEY = "gk-large"; // also read by the inline script in gk-extrahead.html
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) === "1"; } catch (e) { return false; }
  }

  function store(on) {
    try { localStorage.setItem(KEY, on ? "1" : "0"); } catch (e) { /* storage blocked: this page only */ }
  }

  function apply(on) {
    if (root.classList.contains("gk-large") !== on) root.classList.toggle("gk-large", on);
    var buttons = document.querySelectorAll(".gk-large-toggle"), pressed = on ? "true" : "false";
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("aria-pressed") !== pressed) buttons[i].setAttribute("aria-pressed", pressed);
    }
  }

  function toggle(event) {
    var button = event.target.closest ? event.target.closest(".gk-large-toggle") : null;
    if (!button) return;
    var on = !root.classList.contains("gk-large");
    store(on);
    apply(on);
  }

  root.classList.add("gk-js");
  apply(stored());
  document.addEventListener("click", toggle);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { apply(root.classList.contains("gk-large")); });
  }
  // Another tab switched: follow it.
  window.addEventListener("storage", function (event) { if (event.key === KEY) apply(stored()); });
})();
