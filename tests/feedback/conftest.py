from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """The rate limits count in the cache, which outlives a test: start each test afresh."""
    cache.clear()
    yield
    cache.clear()
