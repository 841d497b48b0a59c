// The routine builder works without this file. With it, after htmx swaps in a new routine
// panel or an item's dose form, keyboard focus goes where the server says (the moved item's
// button, the edited item, the first field with an error, the dose form's first field)
// instead of falling to the top of the page.
(function () {
  "use strict";
  document.addEventListener("htmx:afterSettle", function () {
    // The panel always carries the attribute, empty when it asks for nothing.
    var holder = document.querySelector('[data-routine-focus]:not([data-routine-focus=""])');
    if (!holder) {
      return;
    }
    var id = holder.getAttribute("data-routine-focus");
    holder.removeAttribute("data-routine-focus");
    var target = document.getElementById(id);
    // A dose form that arrives after its <details> was closed again leaves the focus alone.
    if (target && !target.closest("details:not([open])")) {
      target.focus();
    }
  });
})();
