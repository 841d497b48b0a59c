// The symptom checker's enhancements. Every step works without this file.
(function () {
  "use strict";
  // An answer swapped in by htmx gets its own history entry, so Back from the answer brings
  // the questions back with every answer given (the "Change my answers" form, posted again from
  // the page itself: nothing is stored, in the browser or on the server).
  document.addEventListener("htmx:afterSettle", function (event) {
    var panel = document.getElementById("triage-panel");
    if (panel && panel.querySelector("[data-tier]") && event.target === panel) {
      history.pushState({ hipcareTriage: "answer" }, "", window.location.href);
    }
  });
  window.addEventListener("popstate", function () {
    var change = document.querySelector("#triage-panel [data-tier] #change-answers");
    if (change && change.requestSubmit) {
      var button = change.querySelector("button[name=edit]");
      change.requestSubmit(button);
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
