"""Each form submission is acted on once (issue 15): a double click, a reload of a POST or a
retry never creates or changes anything twice.

Every form that creates or changes something carries a one-time key, `{% submission_field %}`
(templatetags/submissions.py), and its view is decorated with `@once_per_submission`
(decorators.py). The first request with a key claims it (a unique row, inside the same
transaction as the view's writes) and runs the view; any later request with the same key does
not run the view but is sent where the first one went. A view that refuses the input (a 4xx)
leaves the key unclaimed, so the corrected form can be sent again. With htmx, static/js/hipcare.js
gives the form a new key after each request, since the same form stays on the page.

A form shared by many buttons that each do something different (the builder's one Add form for
every catalogue card) claims its key once per button: `@once_per_submission(scope="exercise")`.

A key sent again with other content is not a double click but a new edit made after Back (a
page the browser showed from its cache, with its first key): the decorator tells the two apart
by a keyed hash of what was sent, kept with the key (never the content: a runner's log is health
data), and applies it, shows the form back as sent, or says it was not acted on, as each view
declares (decorators.once_per_submission: `version`, `resent`, `checks_itself`).

A key sent again with the same content is answered with where the first send went, saying it
was acted on once, with htmx (the page loaded whole) as without.

A POST with no key is acted on as before (a client that does not use our forms).
"""

import re
import secrets

FIELD_NAME = "submission"
KEY_FORMAT = re.compile(r"[A-Za-z0-9_-]{16,64}")


def new_key() -> str:
    return secrets.token_urlsafe(18)
