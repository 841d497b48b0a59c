// Small progressive enhancements on top of htmx. Every page works without this file.
(function () {
  "use strict";
  // After htmx swaps in new content, move keyboard and screen-reader focus to the element
  // that asks for it (a result heading, an error summary), once.
  document.addEventListener("htmx:afterSettle", function () {
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.removeAttribute("data-autofocus");
      target.focus();
    }
  });
})();
