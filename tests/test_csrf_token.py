"""hipcare.csrf.masked_token: the page cache's CSRF token is the one Django's get_token would
give, read by Django's middleware as its own."""

from collections import Counter

import pytest
from django.http import HttpResponse
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CsrfViewMiddleware,
    _unmask_cipher_token,
    get_token,
)
from django.test import RequestFactory

from hipcare.csrf import masked_token

SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


def request_with_cookie(secret: str | None = SECRET, method: str = "get", **data):
    request = getattr(RequestFactory(), method)("/", data)
    if secret is not None:
        request.COOKIES["csrftoken"] = secret
    CsrfViewMiddleware(lambda r: HttpResponse()).process_request(request)
    return request


def test_the_token_unmasks_to_the_cookies_secret_and_renews_the_cookie_as_djangos_does():
    ours, theirs = request_with_cookie(), request_with_cookie()
    token = masked_token(ours)
    assert len(token) == 2 * CSRF_SECRET_LENGTH and set(token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == SECRET == _unmask_cipher_token(get_token(theirs))
    csrf_keys = {key for key in {*ours.META, *theirs.META} if key.startswith("CSRF_")}
    assert csrf_keys == {"CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"}
    # The same flags: the cookie is sent again, renewing it.
    assert {key: ours.META[key] for key in csrf_keys} == {
        key: theirs.META[key] for key in csrf_keys
    }


def test_each_token_has_a_new_mask():
    request = request_with_cookie()
    tokens = {masked_token(request) for _ in range(50)}
    assert len(tokens) == 50
    assert {_unmask_cipher_token(token) for token in tokens} == {SECRET}


def test_the_mask_is_drawn_evenly_from_the_alphabet():
    request = request_with_cookie()
    counts = Counter(char for _ in range(2000) for char in masked_token(request)[:32])
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = 2000 * 32 / len(CSRF_ALLOWED_CHARS)  # about 1032 each
    # A byte mapped with a bias would make some characters ~25% likelier; chance stays in ~±15%.
    assert all(abs(count - expected) < 0.15 * expected for count in counts.values()), counts


@pytest.mark.parametrize("cookie", [None, "short", "!" * 32])
def test_without_a_usable_cookie_djangos_get_token_makes_one(cookie):
    request = request_with_cookie(cookie)
    token = masked_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert len(secret) == CSRF_SECRET_LENGTH and secret != cookie
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert _unmask_cipher_token(token) == secret


def test_djangos_middleware_accepts_the_token_in_a_form():
    token = masked_token(request_with_cookie())
    posted = request_with_cookie(method="post", csrfmiddlewaretoken=token)
    middleware = CsrfViewMiddleware(lambda r: HttpResponse())
    assert middleware.process_view(posted, lambda r: HttpResponse(), (), {}) is None
    altered = token[:-1] + ("A" if token[-1] != "A" else "B")
    forged = request_with_cookie(method="post", csrfmiddlewaretoken=altered)
    assert middleware.process_view(forged, lambda r: HttpResponse(), (), {}).status_code == 403
