"""Issue 14, timeouts: PostgreSQL ends a statement or an idle transaction past its limit, and
gunicorn a request, with the statement's limit the shorter (config/database.py,
config/gunicorn.conf.py)."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.database import postgresql_options

ROOT = Path(__file__).resolve().parents[2]


def test_postgresql_connections_carry_statement_idle_and_connect_timeouts():
    options = postgresql_options(
        {"sslmode": "require"},
        statement_timeout_seconds=30,
        idle_in_transaction_timeout_seconds=60,
        connect_timeout_seconds=10,
    )
    assert options["sslmode"] == "require" and options["connect_timeout"] == 10
    assert options["options"] == (
        "-c statement_timeout=30000 -c idle_in_transaction_session_timeout=60000"
    )


def test_a_councils_own_server_settings_in_the_url_are_kept_and_win():
    options = postgresql_options(
        {"options": "-c statement_timeout=0", "connect_timeout": 3},
        statement_timeout_seconds=30,
        idle_in_transaction_timeout_seconds=60,
        connect_timeout_seconds=10,
    )
    assert options["connect_timeout"] == 3
    # libpq applies -c settings in order, so the URL's own, last, is what the server uses.
    assert options["options"].endswith("-c statement_timeout=0")


@pytest.mark.django_db
def test_the_live_database_has_its_timeouts():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "30s"
            cursor.execute("SHOW idle_in_transaction_session_timeout")
            assert cursor.fetchone()[0] == "1min"
    else:
        # The embedded SQLite has no statement timeout; a writer waits for the busy timeout.
        assert connection.settings_dict["OPTIONS"]["timeout"] == 20
        assert "statement_timeout" not in str(settings.DATABASES["default"]["OPTIONS"])


def gunicorn_settings(**env: str) -> dict:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return runpy.run_path(str(ROOT / "config" / "gunicorn.conf.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)


def test_gunicorn_ends_a_request_after_its_timeout_which_outlasts_the_statement_timeout():
    conf = gunicorn_settings()
    assert conf["timeout"] == 60 and conf["worker_class"] == "sync"
    assert conf["timeout"] > 30  # SAFETYMAP_DB_STATEMENT_TIMEOUT_SECONDS' default
    assert conf["graceful_timeout"] <= conf["timeout"]
    assert gunicorn_settings(SAFETYMAP_REQUEST_TIMEOUT_SECONDS="90")["timeout"] == 90


def test_gunicorns_access_log_never_writes_the_query_string():
    # A search's query string can hold a child's name.
    fmt = gunicorn_settings()["access_log_format"]
    assert "%(U)s" in fmt and "%(q)s" not in fmt and "%(r)s" not in fmt


def test_gunicorn_accepts_the_config_file_and_loads_the_application():
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--check-config",
            "-c",
            "config/gunicorn.conf.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        env={**os.environ, "SAFETYMAP_ENV": "test"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
