// Django's CSRF token on every htmx request, read from the CSRF cookie when the request is
// sent, as Django's documentation describes for AJAX ("How to use Django's CSRF protection",
// "Setting the token on the AJAX request"). Pages then carry no per-visitor token for htmx,
// and a token renewed by signing in is the one sent. Forms still carry {% csrf_token %}, so
// everything works without JavaScript.
(function () {
  "use strict";
  var name = document.currentScript.dataset.cookie || "csrftoken";

  function cookie() {
    var parts = document.cookie ? document.cookie.split(";") : [];
    for (var i = 0; i < parts.length; i++) {
      var part = parts[i].trim();
      if (part.substring(0, name.length + 1) === name + "=") {
        return decodeURIComponent(part.substring(name.length + 1));
      }
    }
    return "";
  }

  // The same for a plain form POST (Duplicate, Archive...): its token is the cookie's as sent.
  document.addEventListener("submit", function (event) {
    var field = event.target.querySelector && event.target.querySelector("input[name=csrfmiddlewaretoken]");
    var token = cookie();
    if (field && token) {
      field.value = token;
    }
  });

  document.addEventListener("htmx:configRequest", function (event) {
    var token = cookie();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
      // Django reads a form's own csrfmiddlewaretoken before the header, and that one was
      // printed with the page: after signing in again in another tab it is stale, so it too
      // is replaced by the cookie's (issue 15).
      var data = event.detail.formData;
      if (data && data.has("csrfmiddlewaretoken")) {
        data.set("csrfmiddlewaretoken", token);
      }
    }
  });
})();
