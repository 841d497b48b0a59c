// The symptom checker's enhancements. Every step works without this file.
//
// The browser's Back and Forward buttons move between the checker's steps. Each step swapped in
// by htmx gets a history entry of its own, at the same address (/triage/): the entry records
// only which step it was ("1" to "4", "answer", "edit"), never an answer. The answers live in
// the page itself (its hidden fields), so Back posts them from the page to the server with
// "back" set to the step wanted, exactly as the "Previous step" button does, and Forward sends
// the step on the page as "Next" does. Nothing is stored, in the browser or on the server; an
// address never carries an answer (it would reach the history list and server logs).
(function () {
  "use strict";
  var KEY = "hipcareTriage";
  // This page's entries, told apart from those of a page loaded before it (a reload): those
  // hold no answers to go back to.
  var PAGE = String(Date.now()) + String(Math.random()).slice(2);
  // While a step is on its way, Back and Forward wait for it: the page then follows wherever
  // the history has got to, rather than the history following the page.
  var busy = false;
  var followLater = false;
  var followedFrom = null; // the step shown when follow() sent the page on
  var followedBack = false; // whether follow() sent it back (never then on a step at a time)
  // The entry to write once history.back() lands on the entry before: see cutOffAhead().
  var pendingEntry = null;

  function panel() {
    return document.getElementById("triage-panel");
  }

  function shownStep() {
    var element = panel();
    return element ? element.getAttribute("data-step") : null;
  }

  function stepOf(state) {
    return state && typeof state === "object" ? state[KEY] || null : null;
  }

  function record(shown, previous) {
    return { hipcareTriage: shown, hipcarePrevious: previous, hipcarePage: PAGE };
  }

  function isNumber(step) {
    return /^[0-9]+$/.test(step || "");
  }

  // How far along a step is: the answer after every step ("edit" is not along the way).
  function rank(step) {
    return isNumber(step) ? Number(step) : step === "answer" ? 100 : -1;
  }

  // Make the current history entry say which step is shown: a step moved forward to gets an
  // entry of its own; a step moved back to (the "Previous step" button) moves the history back
  // too, when the entry before is that step, so Back and Forward keep matching the steps.
  function recordStep() {
    var shown = shownStep();
    if (!shown) {
      return;
    }
    var state = history.state;
    var current = stepOf(state);
    if (current === shown) {
      return;
    }
    if (!current || state.hipcarePage !== PAGE) {
      history.replaceState(Object.assign({}, state, record(shown, null)), "");
      return;
    }
    if (state.hipcarePrevious === shown) {
      history.back();
      return;
    }
    history.pushState(record(shown, current), "", window.location.href);
  }

  function send(form, submitter, extra) {
    if (!form || !form.requestSubmit) {
      return;
    }
    var added = Object.keys(extra || {}).map(function (name) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = extra[name];
      form.appendChild(input);
      return input;
    });
    if (submitter) {
      form.requestSubmit(submitter);
    } else {
      form.requestSubmit();
    }
    // The form's data was read as it was sent: a form left on the page (the request failed)
    // must not go back again on its next "Next".
    added.forEach(function (input) {
      input.remove();
    });
  }

  // Show the step a history entry recorded: back with the answers on the page, or forward as
  // the step's own button would.
  function follow(state) {
    var wanted = stepOf(state);
    var shown = shownStep();
    if (!wanted || !shown || wanted === shown) {
      return;
    }
    if (state.hipcarePage !== PAGE) {
      // An entry of a page loaded before this one: its answers went with it.
      history.replaceState(Object.assign({}, state, record(shown, null)), "");
      return;
    }
    var root = panel();
    var stepForm = root.querySelector("#triage-step");
    var answerForm = root.querySelector("#change-answers");
    var backwards = isNumber(wanted) && (!isNumber(shown) || Number(wanted) < Number(shown));
    followedFrom = shown;
    followedBack = backwards || (wanted === "answer" && shown === "edit") || wanted === "edit";
    if (backwards) {
      send(stepForm || answerForm, null, { back: wanted });
    } else if (wanted === "edit" && answerForm) {
      send(answerForm, null, { edit: "1" });
    } else if (wanted === "answer" && shown === "edit" && stepForm) {
      // Back from "Change my answers" to the answer: the answer for the answers on the page,
      // or, if they no longer decide one, the first step (never a step further on).
      send(stepForm, null, { back: "answer" });
    } else if (wanted === "edit" && stepForm) {
      // Back from a step to "Change my answers": every question, nothing checked on the way.
      send(stepForm, null, { back: "edit" });
    } else if (stepForm) {
      send(stepForm, stepForm.querySelector("[data-next]"));
    }
  }

  // Forward showed another step than the entry's (an answer changed on the way, so the
  // answers lead somewhere else): the entries ahead were made for the old answers and must not
  // be reached by Forward. Only a new entry cuts them off, and it must take the place of the
  // one just left: step back onto the entry before, then push the step shown from there.
  function cutOffAhead(shown) {
    pendingEntry = shown;
    history.back();
  }

  window.addEventListener("popstate", function (event) {
    if (pendingEntry !== null) {
      var shown = pendingEntry;
      pendingEntry = null;
      history.pushState(record(shown, stepOf(event.state)), "", window.location.href);
      return;
    }
    if (busy) {
      followLater = true;
      return;
    }
    follow(event.state);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var root = panel();
    if (root && root.contains(event.target)) {
      busy = true;
    }
  });

  function settled() {
    busy = false;
    var from = followedFrom;
    var back = followedBack;
    followedFrom = null;
    followedBack = false;
    if (followLater) {
      followLater = false;
      follow(history.state);
      return;
    }
    // Forward several entries at once (a long press on Forward) goes a step at a time, as
    // long as each step moves on towards the entry.
    var wanted = stepOf(history.state);
    var shown = shownStep();
    if (from !== null && !back && wanted && rank(from) < rank(shown) && rank(shown) < rank(wanted)) {
      follow(history.state);
      return;
    }
    if (from !== null) {
      // This swap followed Back or Forward. Where it could not show the entry's step (Back to
      // an answer whose answers now lead to a step, say), the entry says what is shown
      // instead. Never a new entry here: pushing would cut off the entries ahead and recreate
      // the one just left, and Back would bring the runner round to the same step for ever.
      var state = history.state;
      if (shown && stepOf(state) !== shown && !back && state && state.hipcarePage === PAGE) {
        cutOffAhead(shown);
        return;
      }
      if (shown && stepOf(state) !== shown) {
        var previous = state ? state.hipcarePrevious : null;
        history.replaceState(Object.assign({}, state, record(shown, previous)), "");
        if (previous === shown) {
          // The entry before shows the same step: stand on it, so the next Back moves on.
          history.back();
        }
      }
      return;
    }
    recordStep();
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    if (busy && !event.detail.successful) {
      // Nothing was swapped in (hipcare.js says what went wrong): the page is as it was.
      busy = false;
      followLater = false;
      followedFrom = null;
      followedBack = false;
    }
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (busy) {
      settled();
    }
  });

  // A page of the checker loaded afresh (a reload, or Back from another site) starts over: its
  // answers were only ever in the page. If its history entry says the runner had got further,
  // say so rather than silently showing the first step again.
  // Only a reload or a history move (Back, Forward) can lose answers: a link followed or
  // "Start again" is a fresh start on purpose, and gets no notice whatever the entry held.
  function cameBackOrReloaded() {
    var entries = window.performance && performance.getEntriesByType
      ? performance.getEntriesByType("navigation")
      : [];
    var type = entries.length ? entries[0].type : "";
    return type === "reload" || type === "back_forward";
  }

  function noticeLostAnswers() {
    var shown = shownStep();
    var recorded = stepOf(history.state);
    var notice = document.getElementById("answers-cleared");
    if (notice && recorded && recorded !== shown && shown === "1" && cameBackOrReloaded()) {
      notice.hidden = false;
    }
  }

  // While an answer is shown, the header's links that leave the checker (data-leaves-answer)
  // open in a new tab (and say so), as the server marks them on an answer page loaded whole:
  // the answer lives in this page only. The checker's own link stays a fresh start here.
  function markLeavingLinks() {
    var onAnswer = shownStep() === "answer";
    document.querySelectorAll("a[data-leaves-answer]").forEach(function (link) {
      if (onAnswer) {
        link.setAttribute("target", "_blank");
        link.setAttribute("rel", "noopener");
      } else {
        link.removeAttribute("target");
        link.removeAttribute("rel");
      }
      var note = link.querySelector(".new-tab-note");
      if (onAnswer && !note) {
        note = document.createElement("span");
        note.className = "new-tab-note";
        var hidden = document.createElement("span");
        hidden.className = "visually-hidden";
        hidden.textContent = " (opens in a new tab)";
        var arrow = document.createElement("span");
        arrow.setAttribute("aria-hidden", "true");
        arrow.textContent = " \u2197";
        note.append(hidden, arrow);
        link.append(note);
      } else if (!onAnswer && note) {
        note.remove();
      }
    });
  }

  document.addEventListener("htmx:afterSettle", markLeavingLinks);

  // The printable summary: with JavaScript its button opens the print dialog, so it takes the
  // place of the instruction shown without.
  function offerPrintButton() {
    var button = document.querySelector("[data-print]");
    var help = document.querySelector("[data-print-help]");
    if (button && window.print) {
      button.hidden = false;
      if (help) {
        help.hidden = true;
      }
    }
  }

  function start() {
    offerPrintButton();
    noticeLostAnswers();
    var shown = shownStep();
    if (shown) {
      // A fresh page: its entry starts the record (one from before it belongs to a page gone).
      history.replaceState(Object.assign({}, history.state, record(shown, null)), "");
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
