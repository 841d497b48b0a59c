"""CI runs a test that reaches neither the database nor a cache on one set-up only
(tests/conftest.reaches_backend): such a test must not be able to read a cache unnoticed."""

import pytest
from django.core.cache import caches

from tests.conftest import reaches_backend


def test_a_test_reaching_neither_database_nor_cache_is_refused_every_cache(request):
    assert not reaches_backend(request.node)
    for alias in ("default", "fragments"):
        with pytest.raises(AssertionError, match="mark it @pytest.mark.cache"):
            caches[alias].get("anything")
        with pytest.raises(AssertionError):
            caches[alias].set("anything", 1)


@pytest.mark.cache
def test_a_test_marked_cache_reads_and_writes_the_caches(request):
    assert reaches_backend(request.node)
    caches["default"].set("selection-check", 1)
    assert caches["default"].get("selection-check") == 1


def test_a_test_using_the_database_reaches_the_backend(request, db):
    assert reaches_backend(request.node)
    caches["default"].set("selection-check", 2)
    assert caches["default"].get("selection-check") == 2
