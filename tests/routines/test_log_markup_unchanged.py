"""Parts of the runner's log rewritten to render faster must write the same markup as they did:
each is rendered beside its earlier template (kept in tests/routines/markup_before/), with the
same context: the log form's fields over forms new and sent back (ticked, refused, each side
and one box), the pain chart over logs empty, of one day, of days of several entries and of
every day of six weeks, and the week table over the same logs, for items due daily and
weekly, in a routine made before the weeks shown and within them."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.http import QueryDict
from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory

from exercises import dosing
from routines import followup, monitoring, session_views
from routines.charts import pain_chart
from routines.session_forms import SessionLogForm

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "markup_before"


def _before(name: str, context: dict, request) -> str:
    return engines["django"].from_string((BEFORE / name).read_text()).render(context, request)


def _sent(routine) -> list[dict]:
    """A new form, and forms sent back: boxes of one-box and each-side items ticked (one side,
    both, the whole item), warning signs and a next-morning answer, fields refused."""
    one, each = None, None
    for item in routine.items.all():
        if item.side == dosing.Side.EACH.value:
            each = item
        else:
            one = item
    assert one is not None and each is not None, "the routine needs both kinds of item"
    return [
        {},
        {"date": "2000-01-01", "pain": "", "listed": "1", "warning": ["limp", "no_weight"]},
        {"date": "", "pain": "11", "morning": "worse", "note": 'a "b" <c> & d\nl', "listed": "1"},
        {"date": "2999-01-01", "pain": "x", "morning": "bogus", "warning": ["zzz"], "listed": "1"},
        {"pain": "3", "listed": "1", "done": [str(one.pk), f"{each.pk}:left"], "morning": "same"},
        {"pain": "3", "listed": "1", "done": [f"{each.pk}:left", f"{each.pk}:right"]},
        {"pain": "3", "listed": "1", "done": [str(each.pk), "99999"], "all_done": "on"},
        {"pain": "3", "done": [str(one.pk)]},  # not the page's form: no `listed`
    ]


def _form(routine, data) -> SessionLogForm:
    sent = QueryDict(mutable=True)
    for name, value in data.items():
        sent.setlist(name, value if isinstance(value, list) else [value])
    form = session_views._new_form(routine, list(routine.items.all()), sent if data else None)
    if data:
        form.is_valid()
    return form


def test_the_log_forms_fields_read_as_before(shared):
    request = RequestFactory().get(shared.get_share_url())
    ticked = 0
    for data in _sent(shared):
        for sent in (False, True):
            context = {"log_form": _form(shared, data), "log_form_sent": sent}
            now = render_to_string(f"{session_views.LOG_TEMPLATE}#log-fields", context, request)
            context = {"log_form": _form(shared, data), "log_form_sent": sent}
            assert now == _before("log_fields.html", context, request), data
            assert 'name="done"' in now and 'aria-describedby="done-' in now
            ticked += now.count(" checked>")
    assert ticked  # boxes and radios drawn ticked too


FIRST = date(2026, 10, 26)
LAST = FIRST + timedelta(weeks=6, days=-1)
LOGS = [
    [],
    [(LAST, 4)],
    [(LAST - timedelta(days=3), 10), (LAST, 0), (LAST, 6)],
    [(FIRST + timedelta(days=n), n % 11) for n in range(42)],
    [(FIRST + timedelta(days=2 * n + 1), (3 * n) % 11) for n in range(14)],
]


class Told:
    """A day's advice as the chart reads it (its urgency and label)."""

    def __init__(self, urgency: int, label: str):
        self.urgency, self.label = urgency, label


#: Days told to stop or get care (diamonds, and the key's line for them) and one told less.
TOLD = {
    LAST: Told(monitoring.Level.STOP.rank, "Stop"),
    LAST - timedelta(days=3): Told(monitoring.Level.STOP.rank + 2, "Get emergency care"),
    FIRST + timedelta(days=1): Told(monitoring.Level.EASE_BACK.rank, "Ease back"),
}


@pytest.mark.parametrize("told", [None, TOLD])
@pytest.mark.parametrize("fit_days", [None, 7])
def test_the_pain_chart_reads_as_before(fit_days, told):
    request = RequestFactory().get("/")
    for log in LOGS:
        chart = pain_chart(log, first=FIRST, last=LAST, fit_days=fit_days, advice=told)
        context = {"chart": chart, "chart_id": "runner-pain-chart"}
        now = render_to_string("routines/_pain_chart.html", context, request)
        assert now == _before("pain_chart.html", context, request), log
        assert f'viewBox="0 0 {chart.width} {chart.height}"' in now
        assert f'y1="{chart.limit_y}"' in now
        marked = told is not None and any(
            day in told and told[day].urgency >= monitoring.Level.STOP.rank for day, _ in log
        )
        assert ('class="pain-chart-told"' in now) == marked


ITEMS = [
    session_views.CountedItem(1, "week", 2, "Clamshell"),
    session_views.CountedItem(2, "day", 1, "Hip flexor stretch <daily>"),
    session_views.CountedItem(3, "week", 3, "Side plank"),
]


class Logged:
    def __init__(self, day, item_ids):
        self.day, self.item_ids = day, item_ids


@pytest.mark.parametrize("since", [FIRST - timedelta(weeks=2), FIRST + timedelta(days=17)])
def test_the_week_table_reads_as_before(since):
    request = RequestFactory().get("/")
    met = 0
    for log in LOGS:
        sessions = [
            Logged(day, {1 + n % 3, 2} if n % 4 else set()) for n, (day, _) in enumerate(log)
        ]
        summary = followup.summarise(items=ITEMS, sessions=sessions, today=LAST, since=since)
        table = session_views.week_table(summary)
        now = render_to_string("routines/_log_weeks.html", {"week_table": table}, request)
        # The earlier template unpacked each week's sessions as an (adherence, label) pair,
        # each row as a (name, cells) pair and each cell as a (met, label) pair.
        rows = tuple(
            (row["name"], tuple((cell["met"], cell["label"]) for cell in row["cells"]))
            for row in table.rows
        )
        sessions = tuple((week["adherence"], week["label"]) for week in table.sessions)
        before = session_views.WeekTable(heads=table.heads, sessions=sessions, rows=rows)
        assert now == _before("log_weeks.html", {"week_table": before}, request), log
        assert now.count("<tr>") == 2 + len(ITEMS)
        assert "Hip flexor stretch &lt;daily&gt;" in now
        met += now.count('class="week-met"')
    assert met  # weeks met and not met alike
