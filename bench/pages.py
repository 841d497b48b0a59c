"""The pages the benchmark measures: one list shared by the load test and the in-process
query and size measurement, so both always cover the same URLs."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

# A realistic symptom-checker submission: a runner with gradual outer-hip pain.
TRIAGE_ANSWERS = {
    "age": "38",
    "onset": "gradual",
    "location": "outer_side",
    "radiates_to": "thigh",
    "severity": "4",
    "duration_days": "10",
    "weight_bearing": "full",
    "improving": "not_tried",
    "mileage_increase": "on",
    "clicking": "on",
}
FILTERS = {"location": "outer_side", "kind": "strength", "equipment": "none"}


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    method: str = "GET"
    coach: bool = False  # needs the coach's session
    data: dict = field(default_factory=dict)
    htmx: bool = False  # also measure the htmx partial of this URL
    # Shows a runner's own log (their health data): never cached, so held to the per-person
    # budget like the triage answer (bench/run.py's min_ratio).
    runner_log: bool = False

    def body(self, csrf_token: str = "") -> str:
        data = dict(self.data)
        if csrf_token:
            data["csrfmiddlewaretoken"] = csrf_token
        return urlencode(data)


def pages(seeded: dict) -> list[Page]:
    routine, token, slug = seeded["routine12"], seeded["token12"], seeded["slug"]
    return [
        Page("healthz (floor)", "/healthz"),
        Page("home", "/"),
        Page("catalogue", "/exercises/"),
        Page("catalogue, 3 filters", "/exercises/?" + urlencode(FILTERS), htmx=True),
        Page("exercise", f"/exercises/{slug}/"),
        Page("triage form", "/triage/"),
        Page("triage answer", "/triage/", method="POST", data=TRIAGE_ANSWERS, htmx=True),
        Page("builder, 12 items", f"/routines/{routine}/", coach=True),
        Page("print, 12 items", f"/routines/{routine}/print/", coach=True),
        Page("shared routine", f"/r/{token}/"),
        Page("shared routine, 14 sessions logged", f"/r/{seeded['tokenlog14']}/", runner_log=True),
        # Its history (chart, week table, entries): a request of its own, loaded by the page
        # with htmx when scrolled into view, or a page without JavaScript.
        Page(
            "shared routine's log history, 14 sessions",
            f"/r/{seeded['tokenlog14']}/log/",
            runner_log=True,
            htmx=True,
        ),
    ]


def growth_pages(seeded: dict) -> list[tuple[Page, Page]]:
    """(small, large) pairs: the same page with a small and a large data set."""
    return [
        (Page("catalogue", "/exercises/"), Page("catalogue", "/exercises/")),
        (
            Page("catalogue, search", "/exercises/?q=stretch&level=beginner"),
            Page("catalogue, search", "/exercises/?q=stretch&level=beginner"),
        ),
        (
            Page("print, 12 items", f"/routines/{seeded['routine12']}/print/", coach=True),
            Page("print, 60 items", f"/routines/{seeded['routine60']}/print/", coach=True),
        ),
        log_growth_pages(seeded),
    ]


def log_growth_pages(seeded: dict) -> tuple[Page, Page]:
    """The shared page with 14 and with 60 sessions logged (one of growth_pages): the page
    lists the newest few entries and links to the rest, so it shows as much for 60 as for
    14, in the same queries."""
    return (
        Page("shared routine, 14 sessions logged", f"/r/{seeded['tokenlog14']}/", runner_log=True),
        Page("shared routine, 60 sessions logged", f"/r/{seeded['tokenlog60']}/", runner_log=True),
    )
