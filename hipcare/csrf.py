"""Django's CSRF token for a page, masked with one read of the OS's random source.

A page from the page cache costs little but putting its CSRF token back in, and most of that was
Django's mask: `get_token` draws the 32 mask characters with one `secrets.choice` each, a call
to the OS's random source per character. Here the mask comes from one `secrets.token_bytes`,
with the same alphabet, the same uniform choice (bytes past the last whole multiple of the
alphabet's length are skipped, so none is likelier) and the same cipher, so Django's middleware
reads the token as its own (tests/test_fast_lookups.py checks it). Without a CSRF cookie yet,
Django's `get_token` makes the secret and sets the cookie, as before.
"""

import secrets

from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_ALPHABET = len(CSRF_ALLOWED_CHARS)
_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
# The largest multiple of the alphabet's length a byte can reach: the bytes below it map evenly.
_EVEN_BELOW = 256 - 256 % _ALPHABET


def _mask() -> list[int]:
    """CSRF_SECRET_LENGTH uniformly random positions in CSRF_ALLOWED_CHARS."""
    found: list[int] = []
    while len(found) < CSRF_SECRET_LENGTH:
        found += (b % _ALPHABET for b in secrets.token_bytes(48) if b < _EVEN_BELOW)
    return found[:CSRF_SECRET_LENGTH]


def masked_token(request) -> str:
    """What `django.middleware.csrf.get_token(request)` returns, and with the same effect on
    the request (the cookie is sent again, renewing it)."""
    secret = request.META.get("CSRF_COOKIE")
    if secret is None or len(secret) != CSRF_SECRET_LENGTH or set(secret) - _INDEX.keys():
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _mask()
    chars = CSRF_ALLOWED_CHARS
    return "".join(chars[m] for m in mask) + "".join(
        chars[(_INDEX[s] + m) % _ALPHABET] for s, m in zip(secret, mask, strict=True)
    )
