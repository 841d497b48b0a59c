// The symptom checker's enhancements. Every step works without this file.
(function () {
  "use strict";
  // An answer swapped in by htmx gets its own history entry, so Back from the answer brings
  // the questions back with every answer given (the "Change my answers" form, posted again from
  // the page itself: nothing is stored, in the browser or on the server).
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("triage-panel");
    var onAnswer = history.state && history.state.hipcareTriage === "answer";
    if (panel && panel.querySelector("[data-tier]") && !onAnswer) {
      history.pushState({ hipcareTriage: "answer" }, "", window.location.href);
    }
  });
  window.addEventListener("popstate", function () {
    var change = document.querySelector("#triage-panel [data-tier] #change-answers");
    if (change && change.requestSubmit) {
      var edit = document.createElement("input");
      edit.type = "hidden";
      edit.name = "edit";
      edit.value = "1";
      change.appendChild(edit);
      change.requestSubmit();
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
