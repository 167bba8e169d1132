"""bench/load.py still works: 2 clients for 5 s against SQLite as `make run` serves it.

A smoke test of the script, not of the product's figures (those are printed by `make load`): it
checks that people sign in, read and write, and that every write is looked for afterwards.
Migrating a new database takes a minute, so on SQLite the suite's own migrated test database is
copied instead (the demo is loaded into the copy by the script). On another engine there is no
SQLite database to copy and the script migrates one itself; `make test` runs this test in its
SQLite pass only (the `embedded_sqlite` marker), since it brings its own database either way.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ROW = re.compile(
    r"^sqlite\s+2\s+(?P<seconds>\d+)\s+(?P<requests>\d+)\s+(?P<errors>\d+)\s+(?P<no_answer>\d+)"
    r"\s+\d+\s+\d+\s+(?P<saved>\d+)\s+(?P<twice>\d+)\s+(?P<lost>\d+)\s+(?P<duplicated>\d+)$",
    re.MULTILINE,
)


@pytest.mark.embedded_sqlite
# The test database is made for this test and copied with no transaction open (an open
# IMMEDIATE transaction would hold the lock the copy waits for); nothing is written to it.
@pytest.mark.django_db(transaction=True)
def test_load_script_runs_against_sqlite(tmp_path: Path):
    command = [
        sys.executable,
        "bench/load.py",
        "--engine",
        "sqlite",
        "--clients",
        "2",
        "--seconds",
        "5",
    ]
    if connection.vendor == "sqlite":
        migrated = tmp_path / "migrated.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(migrated) as target:
            connection.connection.backup(target)
        command += ["--migrated-sqlite", str(migrated)]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SAFETYMAP_ENV"}}
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    row = ROW.search(result.stdout)
    assert row, result.stdout
    figures = {name: int(value) for name, value in row.groupdict().items()}
    # The clients were signed in and kept busy for the whole time, and wrote.
    assert figures["seconds"] >= 5
    assert figures["requests"] >= 10, result.stdout
    assert figures["saved"] >= 1, result.stdout
    assert "Load average before" in result.stdout
