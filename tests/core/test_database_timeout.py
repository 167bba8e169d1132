"""Issue 14, timeouts: a statement PostgreSQL ended past its limit answers 503 with a page that
says nothing was saved, never a traceback (core.middleware.DatabaseBusyMiddleware)."""

from __future__ import annotations

import pytest
from django.db import OperationalError, connection, transaction
from django.test import RequestFactory, override_settings

from safetymap.core.middleware import DatabaseBusyMiddleware, is_database_busy, is_database_timeout

# What PostgreSQL says (checked against a real server in the test below when it runs on one).
STATEMENT_TIMEOUT = "canceling statement due to statement timeout"


def statement_timeout_error() -> OperationalError:
    """On PostgreSQL, a real statement past a short timeout; on SQLite, PostgreSQL's words."""
    if connection.vendor != "postgresql":
        return OperationalError(STATEMENT_TIMEOUT)
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")
    except OperationalError as error:
        return error
    raise AssertionError("PostgreSQL let the statement run past its timeout")


@pytest.mark.django_db
def test_postgresqls_own_timeout_error_is_recognised():
    error = statement_timeout_error()
    assert is_database_timeout(error) and not is_database_busy(error)
    assert not is_database_timeout(OperationalError("disk I/O error"))
    assert not is_database_timeout(ValueError(STATEMENT_TIMEOUT))


@pytest.mark.django_db
@override_settings(DEBUG=True)  # even where a traceback would be shown
def test_a_statement_past_its_timeout_answers_503_saying_nothing_was_saved(caplog):
    error = statement_timeout_error()
    request = RequestFactory().post("/cases/notes/new/")
    response = DatabaseBusyMiddleware(lambda request: None).process_exception(request, error)
    assert response.status_code == 503
    page = response.content.decode()
    assert "That took too long: try again" in page
    assert "Nothing from this attempt was saved" in page
    assert "Traceback" not in page and "OperationalError" not in page
    # It may be a query that is always too slow: it is logged for the people who run the service.
    assert "Database timeout on /cases/notes/new/" in caplog.text
