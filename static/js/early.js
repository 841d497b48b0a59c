// Run before the page is first drawn: a plain <script src> in <head>, neither deferred nor
// async (the CSP allows no inline script). It marks <html> with what static/js/hipcare.js
// (deferred: it runs once the page is parsed, often after a first paint) will find, so the
// CSS hides at once what that script would hide, rather than showing it until then:
// - "js": JavaScript runs. static/css/hipcare.css: elements marked data-before-script
//   ("hidden" / "shown") are drawn as the script will set them, until it removes the mark.
// - "js-zone": the browser's time zone is known (as hipcare.js reads it), so the log form's
//   "Your time zone isn't known..." date hint, which the script removes, is not drawn.
// Without JavaScript nothing is marked, and the page shows everything it says.
// The marks promise what hipcare.js will do, so they hold only while it may still run: the
// deferred scripts have all run, or failed to load, when DOMContentLoaded fires, and where
// hipcare.js has not marked <html> "js-ran" by then (blocked, offline, stopped by an error)
// they are taken back, and the page is as without JavaScript (the date hint shown, the
// next-morning question asked as the server drew it).
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = "";
  }
  if (/^[A-Za-z0-9_+\/-]{1,64}$/.test(zone)) {
    root.classList.add("js-zone");
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!root.classList.contains("js-ran")) {
      root.classList.remove("js", "js-zone");
    }
  });
})();
