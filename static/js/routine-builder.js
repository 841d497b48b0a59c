// The routine builder works without this file: every action is a form. With it:
// - after htmx swaps in a new routine panel or an item's dose form, keyboard focus goes where
//   the server says (the moved item's button, the edited item, the first field with an error,
//   the dose form's first field) instead of falling to the top of the page;
// - a catalogue card's Add button keeps the focus after its request (it is disabled meanwhile);
// - the items can be dragged into a new order (SortableJS, by the handle); dropping one sends
//   the whole new order in one POST, the same form the server renders for the order;
// - the share link has a working "Copy" button.
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

  // A button disabled while its request is in flight (a catalogue card's Add) loses the
  // keyboard focus to the page; once the answer is in, give it back if the button is still
  // there and nothing else took the focus (the panel's own focus request wins).
  var pressed = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    pressed = elt && elt.tagName === "BUTTON" && document.activeElement === elt ? elt : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    var button = pressed;
    pressed = null;
    window.setTimeout(function () {
      // Lost: on the page itself or a region around the button (a click on the disabled
      // button focuses <main>).
      var active = document.activeElement;
      var lost = !active || active === document.body || (button && active.contains(button));
      if (button && lost && active !== button && button.isConnected && !button.disabled) {
        button.focus();
      }
    }, 0);
  });

  // Drag and drop. The list's items each carry a hidden `item` input belonging to the order
  // form (form="routine-order"), so the form sends the pks in the order the list now shows.
  function sortable(root) {
    if (typeof Sortable === "undefined") {
      return;
    }
    var lists = root.querySelectorAll ? root.querySelectorAll("[data-sortable]") : [];
    if (root.matches && root.matches("[data-sortable]")) {
      lists = [root];
    }
    Array.prototype.forEach.call(lists, function (list) {
      if (list.sortableReady) {
        return;
      }
      list.sortableReady = true;
      list.classList.add("is-sortable");
      Sortable.create(list, {
        handle: ".drag-handle",
        draggable: ".routine-item",
        animation: 120,
        ghostClass: "routine-item-ghost",
        // Pointer events rather than the browser's own drag and drop: the same on a phone, a
        // mouse and a pen.
        forceFallback: true,
        onEnd: function (event) {
          if (event.oldIndex === event.newIndex) {
            return;
          }
          // Sortable leaves empty style attributes behind; htmx would copy them onto the new
          // panel's items as it settles, which the CSP refuses. Drop them first.
          Array.prototype.forEach.call(list.querySelectorAll("[style]"), function (el) {
            el.removeAttribute("style");
          });
          var form = document.getElementById(list.getAttribute("data-sortable"));
          if (form && typeof htmx !== "undefined") {
            htmx.trigger(form, "reorder");
          }
        }
      });
    });
  }

  // Copy the share link; the field stays selectable for anyone whose browser refuses.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) {
      return;
    }
    var field = document.getElementById(button.getAttribute("data-copy"));
    var status = document.getElementById(button.getAttribute("data-copy-status"));
    if (!field) {
      return;
    }
    var said = function (text) {
      if (status) {
        status.textContent = text;
      }
    };
    var text = "value" in field ? field.value : field.textContent.trim();
    var fallback = function () {
      var range = document.createRange();
      range.selectNodeContents(field);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      said("Selected: press Ctrl+C (⌘C on a Mac) to copy.");
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () {
        said("Copied the link.");
      }, fallback);
    } else {
      fallback();
    }
  });

  function enhance(root) {
    sortable(root);
    var copies = root.querySelectorAll ? root.querySelectorAll("[data-copy][hidden]") : [];
    Array.prototype.forEach.call(copies, function (button) {
      button.hidden = false;
    });
  }

  // On a phone the routine bar is fixed at the bottom of the screen: keep the page's room for
  // it (routines.css) equal to its height, which grows when its notice wraps.
  function measureBar() {
    var bar = document.getElementById("routine-bar");
    if (!bar) {
      return;
    }
    var root = document.documentElement;
    var update = function () {
      var fixed = window.getComputedStyle(bar).position === "fixed";
      if (fixed) {
        root.style.setProperty("--routine-bar-height", bar.offsetHeight + "px");
      } else {
        root.style.removeProperty("--routine-bar-height");
      }
    };
    update();
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(update).observe(bar);
    }
    window.addEventListener("resize", update);
  }

  // The bar's notice (a live region: read out as it changes, never taking the focus) is set
  // aside a few seconds after it changes: moved off screen, where a screen reader still finds
  // it, so the bar shrinks back to its link. A new notice brings it back. After a swap, whatever
  // has the focus is kept in view above the bar (scroll-padding-bottom makes room for it).
  var NOTICE_SECONDS = 6;
  function fadeNotice() {
    var notice = document.getElementById("routine-notice");
    if (!notice || typeof MutationObserver === "undefined") {
      return;
    }
    var timer = null;
    var shown = function () {
      notice.classList.remove("is-read");
      window.clearTimeout(timer);
      if (notice.textContent.trim()) {
        timer = window.setTimeout(function () {
          notice.classList.add("is-read");
        }, NOTICE_SECONDS * 1000);
      }
    };
    new MutationObserver(shown).observe(notice, { childList: true, characterData: true, subtree: true });
    shown();
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail.requestConfig;
    var focused = document.activeElement;
    if (!config || config.verb !== "post" || !focused || focused === document.body) {
      return;
    }
    // After the panel's own focus handling (its scroll into view) has run.
    window.requestAnimationFrame(function () {
      var bar = document.getElementById("routine-bar");
      if (!bar || window.getComputedStyle(bar).position !== "fixed") {
        return;
      }
      var box = focused.getBoundingClientRect();
      if (box.bottom > bar.getBoundingClientRect().top) {
        focused.scrollIntoView({ block: "nearest" });
      }
    });
  });

  // The Undo offer, once swapped in, is scrolled into view above the bar (scroll-padding-bottom
  // keeps it clear of it), whether or not it took the focus.
  document.addEventListener("htmx:afterSettle", function (event) {
    var undo = document.getElementById("undo-button");
    var config = event.detail.requestConfig;
    if (undo && config && config.verb === "post") {
      undo.closest(".undo-box").scrollIntoView({ block: "nearest" });
    }
  });

  // The page as loaded, then whatever htmx swaps in (a new routine panel).
  document.addEventListener("DOMContentLoaded", function () {
    measureBar();
    fadeNotice();
    enhance(document);
  });
  document.addEventListener("htmx:load", function (event) {
    enhance(event.target);
  });
})();
