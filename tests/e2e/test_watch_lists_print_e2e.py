"""Every sign whose "yes" would change what to do is on the answer's lists, under up to four
headings: the longest lists (a young person's or a child's same-day answer, a pregnancy, a
self-care answer) still print on one page of A4 and of US Letter, the answer page and its
printed summary, in the UK and in New York (911 and °F)."""

import re

import pytest
from django.core.management import call_command

from hipcare.timezones import TIME_ZONE_COOKIE
from tests.triage.test_watch_lists_urgency import case_answers, form_data
from triage.rules import Pregnancy, Sign

pytestmark = pytest.mark.django_db(transaction=True)

CASES = {
    "self-care": ("adult", {}),
    "a weak leg": ("adult", {"leg_weakness": Sign.YES}),
    "pregnant": ("adult", {"pregnancy": Pregnancy.PREGNANT}),
    "young person": ("young person", {}),
    "child": ("child", {}),
}


def post(page, url: str, data: dict) -> None:
    """Send the answers as the checker's own form does (its CSRF token with them)."""
    page.goto(url)
    with page.expect_navigation():
        page.evaluate(
            """([url, data]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = url;
                const token = document.querySelector("input[name=csrfmiddlewaretoken]");
                const fields = {...data, csrfmiddlewaretoken: token.value};
                for (const [name, value] of Object.entries(fields)) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [url, data],
        )


def pages(page, paper: str) -> int:
    page.emulate_media(media="print")
    return len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format=paper)))


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_the_answer_and_its_summary_print_on_one_page(browser, live_server, case, zone):
    call_command("load_catalogue", verbosity=0)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    host = live_server.url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": TIME_ZONE_COOKIE, "value": zone, "domain": host, "path": "/"}])
    page = context.new_page()
    try:
        url = live_server.url + "/triage/"
        data = form_data(case_answers(*CASES[case]))
        for printed in ({}, {"print": "1"}):
            post(page, url, {**data, **printed})
            page.emulate_media(media="screen")
            assert page.locator(".watch-list").count() >= 2, case
            for paper in ("A4", "Letter"):
                assert pages(page, paper) == 1, (case, zone, printed, paper)
    finally:
        context.close()
