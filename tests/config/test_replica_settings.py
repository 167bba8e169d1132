"""DATABASE_REPLICA_URL adds a replica, its router and its middleware; without it, nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.database import postgresql_options, replica_database

ROOT = Path(__file__).resolve().parents[2]
PRIMARY_URL = "postgres://safetymap@db.internal:5432/safetymap"
REPLICA_URL = "postgres://safetymap@replica.internal:5432/safetymap"

SHOW_DATABASES = """
import json
from django.conf import settings
print(json.dumps({
    "aliases": sorted(settings.DATABASES),
    "routers": settings.DATABASE_ROUTERS,
    "middleware": [m for m in settings.MIDDLEWARE if "db_routing" in m],
    "replica": settings.DATABASES.get("replica", {}).get("HOST"),
}))
"""


def settings_with(**env: str) -> dict:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "DJANGO_SETTINGS_MODULE"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW_DATABASES}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_replica_there_is_one_database_and_no_router():
    found = settings_with()
    assert found == {"aliases": ["default"], "routers": [], "middleware": [], "replica": None}


def test_a_replica_url_adds_the_replica_its_router_and_its_middleware():
    found = settings_with(DATABASE_URL=PRIMARY_URL, DATABASE_REPLICA_URL=REPLICA_URL)
    assert found == {
        "aliases": ["default", "replica"],
        "routers": ["safetymap.core.db_routing.ReplicaRouter"],
        "middleware": ["safetymap.core.db_routing.ReplicaReadsMiddleware"],
        "replica": "replica.internal",
    }


def primary(**options) -> dict:
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "safetymap",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": postgresql_options(
            options,
            statement_timeout_seconds=30,
            idle_in_transaction_timeout_seconds=60,
            connect_timeout_seconds=10,
        ),
    }


def test_the_replica_keeps_the_primarys_timeouts_and_connection_lifetime():
    replica = replica_database(REPLICA_URL + "?options=-c%20work_mem%3D64MB", primary())
    assert replica["HOST"] == "replica.internal"
    assert replica["CONN_MAX_AGE"] == 60 and replica["CONN_HEALTH_CHECKS"] is True
    assert replica["OPTIONS"]["connect_timeout"] == 10
    # The replica URL's own settings come last, so they win.
    assert replica["OPTIONS"]["options"] == (
        "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000 -c work_mem=64MB"
    )


def test_the_test_run_never_creates_or_empties_the_replica():
    assert replica_database(REPLICA_URL, primary())["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(
    ("primary_engine", "replica_url"),
    [
        ("django.db.backends.sqlite3", REPLICA_URL),
        ("django.db.backends.postgresql", "sqlite:///var/replica.sqlite3"),
    ],
)
def test_a_replica_needs_postgresql_on_both_sides(primary_engine: str, replica_url: str):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL needs PostgreSQL"):
        replica_database(replica_url, {**primary(), "ENGINE": primary_engine})
