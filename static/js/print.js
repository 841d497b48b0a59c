// The coach's print view (templates/routines/print.html): with JavaScript, a Print button that
// opens the browser's print dialog (on a phone too, where no keyboard shortcut exists). Without
// JavaScript the button stays hidden and the words beside it say how to print.
(function () {
  "use strict";

  function offerPrintButton() {
    if (!window.print) {
      return;
    }
    document.querySelectorAll("[data-print-page]").forEach(function (button) {
      button.hidden = false;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", offerPrintButton);
  } else {
    offerPrintButton();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print-page]")) {
      window.print();
    }
  });
})();
