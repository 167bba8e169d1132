"""`migrate` makes the rate-limit cache's table whatever the settings it runs under
(core/migrations/0002): switching to production's database cache never breaks the public forms."""

from __future__ import annotations

from importlib import import_module
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.db import connection
from django.test import RequestFactory, override_settings

from config.database import RATELIMIT_CACHE_TABLE
from safetymap.core.public_forms import ADDRESS, Limit

pytestmark = pytest.mark.django_db

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": RATELIMIT_CACHE_TABLE,
    },
}


def test_migrate_under_settings_without_a_database_cache_still_makes_the_table():
    # The test database was migrated under the test settings, which count in memory.
    assert not isinstance(caches["ratelimit"], BaseDatabaseCache)
    assert RATELIMIT_CACHE_TABLE in connection.introspection.table_names()


def test_the_limits_count_in_the_database_cache_with_no_createcachetable():
    with override_settings(CACHES=DATABASE_CACHE):
        limit = Limit("test:after-migrate", 2, ADDRESS)
        asking = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
        assert [limit.hit(asking) for _ in range(3)] == [False, False, True]
        caches["ratelimit"].clear()


def test_the_migration_leaves_a_table_that_is_already_there():
    migration = import_module("safetymap.core.migrations.0002_rate_limit_cache_table_always")
    schema_editor = SimpleNamespace(connection=connection)
    migration.create_rate_limit_cache_table(None, schema_editor)
    migration.create_rate_limit_cache_table(None, schema_editor)
    assert RATELIMIT_CACHE_TABLE in connection.introspection.table_names()
