"""Query counting for tests that prove a page's queries do not grow with the record."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_during(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


def assert_queries_do_not_grow(action: Callable[[], object], grow: Callable[[], object]) -> int:
    """Run ``action``, ``grow`` the data, run ``action`` again: the query count must not change."""
    before = queries_during(action)
    grow()
    after = queries_during(action)
    assert after == before, f"queries grew with the data: {before} before, {after} after"
    return before
