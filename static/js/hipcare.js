// Small progressive enhancements on top of htmx. Every page works without this file.
//
// For every htmx request on every page, whichever template it comes from:
// - an error (4xx, 5xx, no connection, timeout, an answer it could not put in place) is shown
//   in the page's one alert region
//   (#page-alert, role=alert in base.html), with a way on: reload the page;
// - a form's submit buttons are disabled while its request is in flight, and a plain form
//   (no htmx) is sent once however often it is clicked;
// - after a swap that took the keyboard focus away, focus goes to what the server marked
//   (data-autofocus), else to the new content's count ([data-result-count]) or heading;
// - result counts are read out through one live region (#live-status) that stays on the page;
// - a swap waits while a pointer is pressed inside what it replaces, so no click is lost.
(function () {
  "use strict";

  var MESSAGES = {
    offline: "HipCare could not be reached, so nothing was changed. Check your connection, then reload the page and try again.",
    403: "This page has expired, or you may no longer do this: nothing was changed. Reload the page and try again.",
    404: "That is no longer there: nothing was changed. Reload the page to see what is.",
    server: "Something went wrong on our side and nothing was changed. Reload the page and try again.",
    other: "That did not work and nothing was changed. Reload the page and try again.",
    unshown: "The page could not show the answer to that, so it may or may not have been done. Reload the page to see where things stand."
  };

  function alertRegion() {
    return document.getElementById("page-alert");
  }

  // The alert region's content: a message, a link that reloads the page (a plain GET of the
  // address the browser shows) and a button to dismiss it. Built from text, never from HTML.
  function showAlert(text) {
    var region = alertRegion();
    if (!region) {
      return;
    }
    var box = document.createElement("div");
    box.className = "alert alert-warning mb-0";
    box.setAttribute("role", "alert");
    var message = document.createElement("p");
    message.className = "mb-2";
    message.textContent = text;
    var reload = document.createElement("a");
    reload.className = "btn btn-primary btn-sm me-2";
    reload.href = window.location.href;
    reload.textContent = "Reload the page";
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.className = "btn btn-outline-secondary btn-sm";
    dismiss.setAttribute("data-dismiss-alert", "");
    dismiss.textContent = "Dismiss";
    box.append(message, reload, dismiss);
    var urgent = urgentAdvice();
    if (urgent) {
      // Said below the advice for a warning sign, which stays (see urgentAdvice).
      region.replaceChildren(urgent.closest("#page-alert > *") || urgent, box);
      return;
    }
    region.replaceChildren(box);
  }

  // The advice for warning signs ticked on an entry that was not saved, shown in the alert
  // region (a log entry sent on a withdrawn link: routines.session_views._link_gone_in_place,
  // templates/routines/_pending_advice.html). It stays until the runner dismisses it or an
  // answer brings advice of its own: a message without advice (a part of the page loading
  // itself on the same withdrawn link, a failed request) neither clears nor replaces it, nor
  // takes the focus from it. Without this, the history's own request, answered after the
  // entry's, left only "This link no longer works" on an emergency.
  function urgentAdvice() {
    var region = alertRegion();
    return region && region.querySelector("[data-pending-advice]");
  }

  function focusAlert() {
    var region = alertRegion();
    // What the server marked first (a message, a heading), else the first link or button.
    var first = region && (region.querySelector("[data-autofocus]") || region.querySelector("a[href], button"));
    if (first) {
      first.focus();
    }
  }

  // The page keeps room at its end for the alert, fixed at the foot of the window (hipcare.css):
  // as much as it is tall.
  function measureAlert() {
    var region = alertRegion();
    if (!region || typeof ResizeObserver === "undefined") {
      return;
    }
    new ResizeObserver(function () {
      document.documentElement.style.setProperty("--page-alert-height", region.offsetHeight + "px");
    }).observe(region);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", measureAlert);
  } else {
    measureAlert();
  }

  document.addEventListener("click", function (event) {
    var dismiss = event.target.closest && event.target.closest("[data-dismiss-alert]");
    if (dismiss) {
      var region = alertRegion();
      region.replaceChildren();
    }
  });

  // An error the server wrote for the alert region (the CSRF failure: hipcare/views.py)
  // comes retargeted at it; swap it there even though it is a 4xx.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.xhr.status >= 400 && detail.xhr.getResponseHeader("HX-Retarget") === "#page-alert") {
      detail.isError = false;
      if (urgentAdvice() && (detail.xhr.responseText || "").indexOf("data-pending-advice") === -1) {
        detail.shouldSwap = false; // what it says, the advice's box says already
        return;
      }
      detail.shouldSwap = true;
      window.setTimeout(focusAlert, 0);
    }
  });

  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr.status;
    showAlert(MESSAGES[status] || (status >= 500 ? MESSAGES.server : MESSAGES.other));
    focusAlert();
  });
  // An answer htmx could not put in place (the part of the page it was for is gone, or the
  // swap failed): said too, never a click that seems to do nothing.
  document.addEventListener("htmx:targetError", function () {
    showAlert(MESSAGES.unshown);
    focusAlert();
  });
  document.addEventListener("htmx:swapError", function () {
    showAlert(MESSAGES.unshown);
    focusAlert();
  });
  document.addEventListener("htmx:sendError", function () {
    showAlert(MESSAGES.offline);
    focusAlert();
  });
  document.addEventListener("htmx:timeout", function () {
    showAlert(MESSAGES.offline);
    focusAlert();
  });
  // A new request clears an old message, but not the advice for a warning sign (urgentAdvice).
  document.addEventListener("htmx:beforeSend", function (event) {
    var region = alertRegion();
    if (region && !region.contains(event.target) && !urgentAdvice()) {
      region.replaceChildren();
    }
  });

  // Nothing typed is lost to a swap. A form that an answer replaces without having sent it
  // (the runner's log form, when an entry's Delete or Change answers with the whole log) gets
  // back, in its new copy (the same id), what was typed or ticked in it. The form that was sent
  // takes the server's answer as it is (a blank form after a new entry, or its errors with what
  // was entered).
  function changedFields(form) {
    var changed = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.type === "hidden") {
        return;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) {
          changed.push({ name: field.name, value: field.value, checked: field.checked });
        }
      } else if (field.tagName === "SELECT") {
        var moved = Array.prototype.some.call(field.options, function (option) {
          return option.selected !== option.defaultSelected;
        });
        if (moved) {
          changed.push({ name: field.name, value: field.value });
        }
      } else if ("defaultValue" in field && field.value !== field.defaultValue) {
        changed.push({ name: field.name, value: field.value });
      }
    });
    return changed;
  }

  var typedBeforeSwap = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    typedBeforeSwap = [];
    var target = event.detail.target;
    if (!event.detail.shouldSwap || !target || !target.querySelectorAll) {
      return;
    }
    // The element that sent the request (event.detail.elt is the target here).
    var config = event.detail.requestConfig;
    var elt = config && config.elt;
    var sent = elt && (elt.form || (elt.closest && elt.closest("form")));
    var forms = Array.prototype.slice.call(target.querySelectorAll("form[id]"));
    if (target.tagName === "FORM" && target.id) {
      forms.push(target);
    }
    forms.forEach(function (form) {
      var changed = form === sent ? [] : changedFields(form);
      if (changed.length) {
        typedBeforeSwap.push({ id: form.id, fields: changed });
      }
    });
  });
  document.addEventListener("htmx:afterSwap", function () {
    var kept = typedBeforeSwap;
    typedBeforeSwap = [];
    kept.forEach(function (entry) {
      var form = document.getElementById(entry.id);
      if (!form || form.tagName !== "FORM") {
        return;
      }
      entry.fields.forEach(function (typed) {
        Array.prototype.forEach.call(form.elements, function (field) {
          if (field.name !== typed.name) {
            return;
          }
          if (field.type === "checkbox" || field.type === "radio") {
            if (field.value === typed.value) {
              field.checked = typed.checked;
            }
          } else if (field.type !== "hidden") {
            field.value = typed.value;
          }
        });
      });
    });
  });

  // No press is lost to a swap. While a pointer (a mouse button or a finger) is down inside
  // the part of the page an answer is about to replace (the builder's results refreshing as
  // the coach types, under the Add button they are pressing), the swap waits a little, with
  // htmx's own swap delay, so the button is released, and clicked, before it is replaced.
  var PRESS_HOLD_MS = 500;
  var pressed = null;
  document.addEventListener("pointerdown", function (event) {
    pressed = event.target;
  }, true);
  ["pointerup", "pointercancel"].forEach(function (name) {
    document.addEventListener(name, function () {
      pressed = null;
    }, true);
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var target = detail.target;
    if (!pressed || !detail.shouldSwap || !target || !target.contains || !target.contains(pressed)) {
      return;
    }
    var elt = detail.requestConfig && detail.requestConfig.elt;
    var own = elt && elt.closest && elt.closest("[hx-swap]");
    var spec = detail.swapOverride || (own && own.getAttribute("hx-swap")) || (window.htmx && window.htmx.config.defaultSwapStyle) || "innerHTML";
    detail.swapOverride = spec + " swap:" + PRESS_HOLD_MS + "ms";
  });

  var RELEASE_AFTER_MS = 8000;

  // Double submits. htmx: the buttons of the form being sent are disabled until it answers.
  function submitButtons(elt) {
    var form = elt.form || (elt.tagName === "FORM" ? elt : elt.closest("form"));
    if (!form) {
      return elt.tagName === "BUTTON" ? [elt] : [];
    }
    return Array.prototype.slice.call(
      form.querySelectorAll("button:not([type=button]), input[type=submit]")
    );
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig;
    if (!config || config.verb === "get") {
      return;
    }
    submitButtons(event.detail.elt).forEach(function (button) {
      if (!button.disabled) {
        button.disabled = true;
        button.setAttribute("data-busy", "");
      }
    });
  });
  // A new one-time key (hipcare/submissions) for a form that stays on the page after htmx has
  // sent it; after a failure it keeps its key, so a retry is known for one.
  function newKey() {
    var bytes = new Uint8Array(18);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var elt = event.detail.elt;
    var form = elt.form || (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
    var key = form && form.querySelector("input[name=submission]");
    if (key && event.detail.successful) {
      key.value = newKey();
    }
    submitButtons(event.detail.elt).forEach(function (button) {
      if (button.hasAttribute("data-busy")) {
        button.removeAttribute("data-busy");
        button.disabled = false;
      }
    });
  });

  // A plain form POST: the first submit goes, any other while the page is leaving is dropped,
  // and the buttons say so. (The server refuses a replay too: hipcare/submissions.py.)
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") {
      return;
    }
    if (form.hasAttribute("hx-post") || form.hasAttribute("data-hx-post")) {
      return; // htmx sends it, above
    }
    if (form.target && form.target !== "_self") {
      return; // answered in another window (a printable page): this page stays as it is
    }
    if (form.hasAttribute("data-submitted")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-submitted", "");
    // After this event the browser has read the clicked button's name and value.
    window.setTimeout(function () {
      submitButtons(form).forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("data-busy", "");
        }
      });
    }, 0);
    // An answer that leaves the page where it is (a download) lets the form be used again.
    window.setTimeout(function () {
      release(form);
    }, RELEASE_AFTER_MS);
  });

  function release(form) {
    form.removeAttribute("data-submitted");
    form.querySelectorAll("[data-busy]").forEach(function (button) {
      button.removeAttribute("data-busy");
      button.disabled = false;
    });
  }
  // Back to a page kept in the back/forward cache: its forms may be sent again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) {
      return;
    }
    document.querySelectorAll("form[data-submitted]").forEach(release);
  });

  // Focus and announcements after a swap.
  function announce(text) {
    var live = document.getElementById("live-status");
    if (!live || !text) {
      return;
    }
    // Emptied first, so the same count said twice is read out twice.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = text;
    }, 50);
  }

  function focusOn(element) {
    if (!element.hasAttribute("tabindex") && !element.matches("a[href], button, input, select, textarea")) {
      element.setAttribute("tabindex", "-1");
    }
    element.focus();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    // The element settled: the target, or what replaced it (hx-swap="outerHTML").
    var swapped = event.target;
    var count = swapped && swapped.querySelector && swapped.querySelector("[data-result-count]");
    if (count) {
      announce(count.textContent.trim());
    }
    var target = document.querySelector("[data-autofocus]");
    if (target) {
      target.removeAttribute("data-autofocus");
      focusOn(target);
      return;
    }
    // Other scripts (routine-builder.js) place focus on this event too: look after them.
    window.setTimeout(function () {
      var active = document.activeElement;
      // A focused element that is swapped out leaves the focus on <body>.
      var lost = !active || active === document.body;
      if (!lost || !swapped || !document.body.contains(swapped)) {
        return;
      }
      // A region that loaded itself (scrolled into view, not asked for) takes no focus.
      if (swapped.hasAttribute && swapped.hasAttribute("data-loaded-unasked")) {
        return;
      }
      var next = count || swapped.querySelector("h1, h2, h3, h4, [role=heading]") || swapped;
      focusOn(next);
    }, 0);
  });

  // The browser's time zone, for the server's "today" (hipcare/timezones.py): a cookie, read
  // from the next request on (hipcare/middleware.py, UserTimeZoneMiddleware), and the hidden
  // field of a form that checks dates (input[data-browser-zone]), read with that form, so the
  // first page a browser opens is checked on its own day too. Without them (no JavaScript)
  // the server uses UK time.
  var zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = ""; // An old browser without Intl: UK time it is.
  }
  // IANA names (Europe/London, America/Argentina/Buenos_Aires) need no escaping.
  if (!/^[A-Za-z0-9_+\/-]{1,64}$/.test(zone)) {
    zone = "";
  }
  if (zone && document.cookie.indexOf("hipcare_tz=" + zone) === -1) {
    document.cookie = "hipcare_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + (location.protocol === "https:" ? "; Secure" : "");
  }

  // A date drawn in UK time because the browser's zone was not known yet (a first visit: any
  // date hipcare/zoned_dates.py draws, time[data-local-date] with the moment in its datetime): the browser's
  // own day in its place, and the "(UK time)" note after it gone, so the first visit shows
  // the day the next ones (with the cookie) show.
  if (zone) {
    Array.prototype.forEach.call(document.querySelectorAll("time[data-local-date]"), function (time) {
      var moment = new Date(time.getAttribute("datetime"));
      if (isNaN(moment.getTime())) {
        return;
      }
      // The server's format (hipcare/zoned_dates.py LOCAL_FORMATS): "" day, month and year in
      // full; "short" with the month short; "day" weekday, day and month; "time" with the time.
      var kind = time.getAttribute("data-local-date");
      var options = { timeZone: zone, day: "numeric", month: "long", year: "numeric" };
      if (kind === "short") {
        options.month = "short";
      } else if (kind === "day") {
        options = { timeZone: zone, weekday: "short", day: "numeric", month: "short" };
      } else if (kind === "time") {
        options.hour = "2-digit";
        options.minute = "2-digit";
        options.hourCycle = "h23";
      }
      var parts = {};
      new Intl.DateTimeFormat("en-GB", options)
        .formatToParts(moment).forEach(function (part) { parts[part.type] = part.value; });
      if (kind === "day") {
        time.textContent = parts.weekday + " " + parts.day + " " + parts.month;
      } else {
        time.textContent = parts.day + " " + parts.month + " " + parts.year +
          (kind === "time" ? ", " + parts.hour + ":" + parts.minute : "");
      }
      var note = time.nextElementSibling;
      if (note && note.hasAttribute("data-zone-note")) {
        note.remove();
      }
      time.removeAttribute("data-local-date");
    });
  }

  // The emergency call buttons ([data-emergency-calls], triage/_emergency_calls.html) and the
  // "see a doctor today" numbers ([data-call-lines], triage/_urgent_calls.html) were drawn for
  // the zone the server knew (data-zone): on a first visit, before the cookie existed, UK
  // time, so "Call 999 (UK)" and "Call 111 (UK)" first for someone in New York. Where the
  // browser's zone is another, each kind of block is fetched again from its own
  // data-refresh-url (the cookie now goes with the request) and put in place, once, without
  // a reload. Nothing is announced, and nothing moves focus: a block holding the focus is
  // left as it is. Without JavaScript the page stays as drawn.
  function redrawCalls() {
    if (!zone || !window.fetch) {
      return;
    }
    var byUrl = {};
    Array.prototype.forEach.call(
      document.querySelectorAll("[data-emergency-calls][data-refresh-url], [data-call-lines][data-refresh-url]"),
      function (block) {
        if (block.getAttribute("data-zone") !== zone) {
          var url = block.getAttribute("data-refresh-url");
          (byUrl[url] = byUrl[url] || []).push(block);
        }
      }
    );
    Object.keys(byUrl).forEach(function (url) {
      var stale = byUrl[url];
      fetch(url, {
        credentials: "same-origin",
        headers: { Accept: "text/html", "HX-Request": "true" },
      })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) {
            return;
          }
          stale.forEach(function (block) {
            if (block.contains(document.activeElement) || !block.isConnected) {
              return;
            }
            var lines = new DOMParser().parseFromString(html, "text/html").body;
            block.replaceChildren.apply(block, Array.prototype.slice.call(lines.childNodes));
            block.setAttribute("data-zone", zone);
          });
        })
        .catch(function () {
          // Offline or the like: the lines drawn (with the configured numbers) stay.
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", redrawCalls);
  } else {
    redrawCalls();
  }

  function pad(number) {
    return (number < 10 ? "0" : "") + number;
  }

  // A day as the date field writes it (YYYY-MM-DD), in the browser's own zone.
  function localDay(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // A new log form's date field (routines/session_forms.py: data-today, the server's today;
  // data-started-at, when the routine was made; data-days-back): its limits are the browser's
  // days (the form sends its zone, and the server checks the date in it), and where the
  // browser's day is not the server's (its zone was not known yet) an untouched default
  // becomes the browser's today. Also when the two todays agree: the routine's first day can
  // still differ (made at 02:00 UTC is the day before in New York), and a field limited to
  // the server's first day refused the runner's yesterday that the server accepts.
  function browserDays(root) {
    root.querySelectorAll("input[data-browser-zone]").forEach(function (input) {
      input.value = zone;
    });
    root.querySelectorAll("input[type=date][data-today]").forEach(function (input) {
      if (!zone) {
        return; // no zone sent with the form: the server's limits are the ones it checks
      }
      // "Your time zone isn't known..." (session_forms.py, where the page was drawn without
      // it): untrue once the form sends the browser's zone.
      if (input.hasAttribute("data-zone-unknown")) {
        var hint = document.getElementById(input.id + "_helptext");
        if (hint) {
          hint.hidden = true;
          input.removeAttribute("aria-describedby");
        }
        input.removeAttribute("data-zone-unknown");
      }
      var now = new Date();
      var today = localDay(now);
      var served = input.getAttribute("data-today");
      var back = parseInt(input.getAttribute("data-days-back"), 10) || 0;
      var earliest = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() - back));
      var startedAt = new Date(input.getAttribute("data-started-at") || "");
      if (!isNaN(startedAt.getTime())) {
        var started = localDay(startedAt);
        // A routine made later today (clocks disagree): from today, as the server does.
        started = started < today ? started : today;
        earliest = started > earliest ? started : earliest;
      }
      input.max = today;
      input.min = earliest;
      if (input.value === served && today !== served) {
        input.value = today;
      }
      input.setAttribute("data-today", today);
    });
    // The next-morning question (templates/routines/_log_entries.html): asked from the day
    // after the entry's day (data-morning-ask / data-morning-wait, YYYY-MM-DD) on the
    // browser's own clock, where the page was made for another day (data-page-today).
    var today = localDay(new Date());
    root.querySelectorAll("[data-morning-ask], [data-morning-wait]").forEach(function (element) {
      if (element.getAttribute("data-page-today") === today) {
        return;
      }
      var ask = element.hasAttribute("data-morning-ask");
      var from = element.getAttribute(ask ? "data-morning-ask" : "data-morning-wait");
      element.hidden = ask ? today < from : today >= from;
      // The radios a page without a known zone keeps closed ("Already the morning after
      // where you are?"): due on the browser's own day, so shown open, as asked.
      if (ask && !element.hidden && element.tagName === "DETAILS") {
        element.open = true;
      }
    });
    // "Monday 30 November is the date where you logged it; where you are now it is still...":
    // said of a day ahead of the page's (data-shown-until), untrue once the browser's own day
    // has reached it (a first visit from the zone it was logged in).
    root.querySelectorAll("[data-shown-until]").forEach(function (element) {
      if (today >= element.getAttribute("data-shown-until")) {
        element.hidden = true;
      }
    });
  }

  // The log form's next-morning question (templates/routines/_session_log.html,
  // data-morning-for: the date field's id): only for a session on an earlier day, since
  // today's has no next morning yet. Otherwise hidden and disabled (so "Not yet" is sent:
  // nothing), with the line saying when it is asked shown instead ([data-morning-later]).
  // Left as it is when it shows an error, so the error and its answer stay in sight.
  function morningForDate(root) {
    root.querySelectorAll("fieldset[data-morning-for]").forEach(function (fieldset) {
      var date = document.getElementById(fieldset.getAttribute("data-morning-for"));
      var later = fieldset.parentNode.querySelector("[data-morning-later]");
      // Drawn as a new form's (data-before-script, static/css/hipcare.css) until now.
      fieldset.removeAttribute("data-before-script");
      if (later) {
        later.removeAttribute("data-before-script");
      }
      if (!date || fieldset.querySelector(".invalid-feedback")) {
        return;
      }
      function update() {
        // YYYY-MM-DD compares as text; `max` is today (the browser's: browserDays).
        var asked = date.value !== "" && (!date.max || date.value < date.max);
        fieldset.hidden = !asked;
        fieldset.disabled = !asked;
        if (later) {
          later.hidden = asked;
        }
      }
      date.addEventListener("input", update);
      date.addEventListener("change", update);
      update();
    });
  }

  browserDays(document);
  morningForDate(document);
  // The log swapped in by htmx carries new forms.
  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) {
      browserDays(event.target);
      morningForDate(event.target);
    }
  });

  // Last: everything above has run, so static/js/early.js keeps its marks (the CSS that draws
  // the page as this script leaves it).
  document.documentElement.classList.add("js-ran");
})();
