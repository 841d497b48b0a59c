// Exercise admin: redraw the figure preview from the "pictures" box as it is edited, without
// saving. Asks the admin's preview URL (staff only) and puts its answer in the preview box.
(function () {
  "use strict";

  function start() {
    const box = document.getElementById("id_figure");
    const preview = document.getElementById("figure-preview");
    if (!box || !preview) {
      return;
    }
    const url = preview.dataset.previewUrl;
    let timer = null;
    let latest = 0;

    function refresh() {
      const asked = ++latest;
      const query = new URLSearchParams({ figure: box.value });
      preview.setAttribute("aria-busy", "true");
      fetch(url + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("The preview could not be drawn (" + response.status + ").");
          }
          return response.text();
        })
        .then(function (html) {
          if (asked === latest) {
            preview.innerHTML = html;
          }
        })
        .catch(function (error) {
          if (asked === latest) {
            const list = document.createElement("ul");
            const item = document.createElement("li");
            list.className = "errorlist";
            list.id = "figure-preview-messages";
            item.textContent = error.message;
            list.appendChild(item);
            preview.replaceChildren(list);
          }
        })
        .finally(function () {
          if (asked === latest) {
            preview.removeAttribute("aria-busy");
          }
        });
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 300);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
