"""Browser tests for the fix-log findings, on a phone (390x844, touch): a routine deleted in
another tab, and the size of every button on the builder, the shared page and the log."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from routines import services
from routines.models import Routine
from tests.conftest import make_exercise
from tests.e2e.conftest import PASSWORD, PHONE, phone_context, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_action_on_a_routine_deleted_in_another_tab_says_so(
    browser, live_server, routine, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        sign_in(page, live_server, "sam", PASSWORD)
        page.goto(live_server.url + routine.get_absolute_url())
        item = routine.items.order_by("position")[1]
        Routine.objects.filter(pk=routine.pk).delete()  # deleted elsewhere (admin, another tab)
        page.locator(f"#move-up-{item.pk}").click()
        if javascript:
            alert = page.locator("#page-alert")
            expect(alert).to_contain_text("This routine no longer exists")
            link = alert.get_by_role("link", name="Your routines")
            expect(link).to_be_focused()
            box = alert.bounding_box()
            assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
        else:
            expect(page.locator("h1")).to_contain_text("This routine no longer exists")
            link = page.get_by_role("link", name="Your routines")
        link.click()
        page.wait_for_load_state()
        assert page.url.endswith("/routines/")
    finally:
        context.close()


# Every button on the builder, the shared page and the log: at least 44 x 44 px on a phone.

TOUCH_TARGETS = (
    "button, input[type=submit], input[type=button], [role=button], a.btn, .page-link, summary,"
    " .site-header .nav-link, .routine-bar-link"
)


def _small_targets(page) -> list[str]:
    """Every visible button or button-like link under 44 px in either direction."""
    return page.evaluate(
        """(selector) => Array.from(document.querySelectorAll(selector)).filter((el) => {
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return box.width > 0 && box.height > 0 && style.visibility !== 'hidden'
              && (box.width < 44 || box.height < 44);
          }).map((el) => `${el.tagName.toLowerCase()}#${el.id} "${el.textContent.trim()
              .replace(/\\s+/g, ' ').slice(0, 40)}" ${Math.round(el.getBoundingClientRect()
              .width)}x${Math.round(el.getBoundingClientRect().height)}`)""",
        TOUCH_TARGETS,
    )


@pytest.fixture
def followed(routine):
    """The routine with a log: an unanswered day, an answered one, a stop the coach has not
    seen, a deleted entry that advised stopping, and more entries than the page lists."""
    from datetime import timedelta

    from django.utils import timezone

    Routine.objects.filter(pk=routine.pk).update(created=timezone.now() - timedelta(weeks=3))
    routine.refresh_from_db()
    items = list(routine.items.all())
    harder = make_exercise("Harder move", loadable=True)
    items[0].exercise.harder_versions.add(harder)
    today = timezone.localdate()

    def log(days, pain=2, **fields):
        return services.session_log(
            routine=routine,
            day=today - timedelta(days=days),
            pain=pain,
            done=[(item.pk, "") for item in items],
            **fields,
        )

    for days in range(9, 3, -1):
        log(days)
    log(3, morning="same")
    services.session_delete(session=log(2, pain=9))
    log(1, pain=8)
    log(1, pain=2)
    log(0)
    return routine


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_every_button_on_the_builder_the_shared_page_and_the_log_is_44px(
    browser, live_server, followed, javascript
):
    context = phone_context(browser, javascript=javascript)
    try:
        page = context.new_page()
        share = live_server.url + followed.get_share_url()
        entry = followed.sessions.order_by("-day", "-created")[1]  # yesterday's latest
        answered = followed.sessions.exclude(morning="").first()
        small = {}
        for url in (
            share,
            f"{share}?delete={entry.pk}",
            f"{share}?morning={answered.pk}",
            live_server.url + reverse("session_list", args=[followed.share_token]),
        ):
            page.goto(url)
            small[url] = _small_targets(page)
        sign_in(page, live_server, "sam", PASSWORD)
        builder = live_server.url + followed.get_absolute_url()
        page.goto(builder)
        for details in page.locator("details").all():
            details.locator("summary").click()
        page.wait_for_timeout(300)
        small[builder] = _small_targets(page)
        too_small = {url: found for url, found in small.items() if found}
        assert not too_small, "\n".join(f"{url}: {found}" for url, found in too_small.items())
    finally:
        context.close()


def test_an_htmx_request_whose_target_is_gone_says_so(browser, live_server, routine):
    """A failed htmx request is never silent: here the part of the page it was for is gone."""
    context = phone_context(browser)
    try:
        page = context.new_page()
        page.goto(live_server.url + routine.get_share_url())
        page.evaluate(
            """() => {
              const link = document.createElement('a');
              link.id = 'lost'; link.href = '#'; link.textContent = 'Lost';
              link.setAttribute('hx-get', location.pathname);
              link.setAttribute('hx-target', '#no-such-part');
              document.querySelector('main').prepend(link);
              htmx.process(link);
            }"""
        )
        page.locator("#lost").click()
        expect(page.locator("#page-alert")).to_contain_text("could not show the answer")
    finally:
        context.close()
