/* Every page of the preview (`gongkai preview`, `mkdocs serve`) loads this, the page of errors
 * (hooks/gongkai/preview.py) too: MkDocs' inline livereload script is stopped by the CSP. It asks the preview
 * server for the next build (its /livereload/ long poll: the first answer is the current build, the next one a
 * newer build) and reloads the page then: a saved item shows, and fixing an error brings the page back. */
(function () {
  "use strict";
  var seen = null;
  function poll() {
    fetch("/livereload/" + (seen === null ? 0 : seen) + "/0", { cache: "no-store" })
      .then(function (response) { return response.text(); })
      .then(function (text) {
        var epoch = parseInt(text, 10);
        if (seen !== null && epoch > seen) {
          window.location.reload();
          return;
        }
        seen = epoch;
        poll();
      })
      .catch(function () { window.setTimeout(poll, 1000); });
  }
  poll();
})();
