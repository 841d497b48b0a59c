// The routine builder works without this file. With it, after htmx swaps in a new routine
// panel, keyboard focus goes back where the server says (the moved item's button, the edited
// item, the first field with an error) instead of falling to the top of the page.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("routine-panel");
    var id = panel && panel.getAttribute("data-routine-focus");
    if (!id) {
      return;
    }
    panel.removeAttribute("data-routine-focus");
    var target = document.getElementById(id);
    if (target) {
      target.focus();
    }
  });
})();
