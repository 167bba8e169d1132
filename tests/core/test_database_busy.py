"""Issue 14, the embedded default under a team: when SQLite stays busy past its timeout the
person gets a plain "busy, try again: nothing was lost" page (503), never a traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.db import OperationalError
from django.test import RequestFactory, override_settings

from config.database import sqlite_options
from safetymap.core.middleware import DatabaseBusyMiddleware, is_database_busy


def real_sqlite_busy_error(tmp_path: Path) -> sqlite3.OperationalError:
    """The error SQLite itself gives a writer while another holds the write lock."""
    path = tmp_path / "busy.sqlite3"
    holder = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE note (text TEXT)")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO note VALUES ('first')")
    waiting = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        waiting.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        return error
    finally:
        holder.rollback()
        holder.close()
        waiting.close()
    raise AssertionError("SQLite let a second writer in")


def test_sqlites_own_busy_error_is_recognised(tmp_path: Path):
    error = real_sqlite_busy_error(tmp_path)
    assert is_database_busy(OperationalError(*error.args))
    assert not is_database_busy(OperationalError("no such table: note"))
    assert not is_database_busy(ValueError("database is locked"))


@override_settings(DEBUG=True)  # even where a traceback would be shown
def test_a_busy_database_answers_503_with_a_page_that_says_nothing_was_lost(tmp_path: Path):
    error = real_sqlite_busy_error(tmp_path)
    request = RequestFactory().post("/cases/notes/new/")
    middleware = DatabaseBusyMiddleware(lambda request: None)
    response = middleware.process_exception(request, OperationalError(*error.args))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    page = response.content.decode()
    assert "The service is busy: try again" in page
    assert "Nothing was lost" in page
    assert "Traceback" not in page and "OperationalError" not in page


def test_other_database_errors_are_left_to_the_error_page():
    middleware = DatabaseBusyMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, OperationalError("disk I/O error")) is None


def test_the_embedded_database_queues_writers_instead_of_failing_them(tmp_path: Path):
    options = sqlite_options(busy_timeout_seconds=20)
    assert options["transaction_mode"] == "IMMEDIATE" and options["timeout"] == 20
    # Opened as Django opens it: the journal is WAL.
    wal = sqlite3.connect(tmp_path / "wal.sqlite3", timeout=options["timeout"])
    wal.execute(options["init_command"])
    assert wal.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    wal.close()
