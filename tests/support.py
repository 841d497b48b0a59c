"""Test-only Django pieces named in settings by dotted path."""

from django.core.cache.backends.base import BaseCache


class CacheNotForThisTest(BaseCache):
    """The caches of a test that reaches neither the database nor a cache
    (tests/conftest.reaches_backend): CI runs such a test on one set-up only, so any use of a
    cache fails it, saying how to mark it instead."""

    def __init__(self, location, params):
        super().__init__(params)

    def _refuse(self, *args, **kwargs):
        raise AssertionError(
            "this test reads or writes a Django cache without the database: mark it "
            "@pytest.mark.cache so CI runs it on every set-up (tests/conftest.py)"
        )

    add = get = set = touch = delete = clear = has_key = incr = _refuse
    get_many = set_many = delete_many = _refuse
