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

  document.addEventListener("htmx:configRequest", function (event) {
    var token = cookie();
    if (token) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });
})();
