"""The audit trail's monthly partitions on PostgreSQL.

Migration 0006 makes ``audit_auditevent`` a table partitioned by month of ``occurred_at``: the
events written before it stay in one partition (``audit_auditevent_before_YYYY_MM``, up to the
month after the migration ran), each later month has its own (``audit_auditevent_YYYY_MM``), and
a default partition catches an event outside every month made so far (a clock far out), so an
append never fails for want of one. ``manage.py ensure_audit_partitions`` (daily, from cron:
docs/deploy.md) makes the coming months ahead of time.

Why: the trail grows by millions of rows a year. A month's partition keeps its indexes small, a
lane's newest event is found in this month's partition (services._take_a_lane), and a month past
its retention can be detached and archived as a table of its own rather than deleted row by row
(docs/scaling.md).

Each partition refuses UPDATE and DELETE through the row trigger it inherits from the table, and
TRUNCATE through a statement trigger of its own (PostgreSQL fires only the truncated table's).
SQLite has no partitions: there the table stays as it is and this module is not used.
"""

from __future__ import annotations

import datetime
import re

from django.db.backends.base.base import BaseDatabaseWrapper
from psycopg import sql

TABLE = "audit_auditevent"
DEFAULT = f"{TABLE}_default"
MONTH_NAME = re.compile(rf"^{TABLE}_(\d{{4}})_(\d{{2}})$")
BEFORE_NAME = re.compile(rf"^{TABLE}_before_(\d{{4}})_(\d{{2}})$")
# How many months ahead ensure_audit_partitions keeps made (the current one included).
MONTHS_AHEAD = 3


def month_start(day: datetime.date | datetime.datetime) -> datetime.date:
    return datetime.date(day.year, day.month, 1)


def next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def partition_name(month: datetime.date) -> str:
    return f"{TABLE}_{month:%Y_%m}"


def months_from(first: datetime.date, count: int) -> list[datetime.date]:
    months = [month_start(first)]
    while len(months) < count:
        months.append(next_month(months[-1]))
    return months


def before_name(bound: datetime.date) -> str:
    return f"{TABLE}_before_{bound:%Y_%m}"


def refuse_truncate_sql(partition: str) -> str:
    return (
        f'CREATE TRIGGER "{partition}_no_truncate" BEFORE TRUNCATE ON "{partition}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"
    )


def attached(connection: BaseDatabaseWrapper) -> list[str]:
    """The trail's partitions now, by name."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT child.relname FROM pg_inherits "
            "JOIN pg_class child ON child.oid = pg_inherits.inhrelid "
            "WHERE pg_inherits.inhparent = %s::regclass ORDER BY child.relname",
            [TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


def is_partitioned(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = %s::regclass", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def ensure(
    connection: BaseDatabaseWrapper, today: datetime.date, months: int = MONTHS_AHEAD
) -> list[str]:
    """Make this month's partition and the next ones, as far as ``months`` in all, where they
    are missing; say which were made. A month some of whose events are already in the default
    partition (written while it was missing) is left there rather than moved: the default
    partition is searched like any other, and a month can only be made once it is empty of them
    (PostgreSQL refuses to attach a range that rows of the default partition fall in)."""
    if not is_partitioned(connection):
        return []
    have = set(attached(connection))
    before = _before_bound(have)
    made = []
    with connection.cursor() as cursor:
        for month in months_from(today, months):
            name = partition_name(month)
            if name in have or (before is not None and month < before):
                continue
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM audit_auditevent_default "
                "WHERE occurred_at >= %s AND occurred_at < %s)",
                [month, next_month(month)],
            )
            (stranded,) = cursor.fetchone()
            if stranded:
                continue
            cursor.execute(
                f'CREATE TABLE "{name}" PARTITION OF "{TABLE}" '
                f"FOR VALUES FROM ('{month.isoformat()}') TO ('{next_month(month).isoformat()}')"
            )
            cursor.execute(refuse_truncate_sql(name))
            _revoke_default_grants(connection, cursor, name)
            made.append(name)
    return made


def _revoke_default_grants(connection: BaseDatabaseWrapper, cursor, partition: str) -> None:
    """A new table takes the schema's default privileges, which give the application's role
    UPDATE and DELETE (grant_application_role): a partition is reached through the table, so
    take back whatever its owner did not keep."""
    cursor.execute(
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_schema = current_schema() AND table_name = %s AND grantee <> current_user",
        [partition],
    )
    for (grantee,) in cursor.fetchall():
        cursor.execute(
            sql.SQL("REVOKE ALL ON {} FROM {}")
            .format(sql.Identifier(partition), sql.Identifier(grantee))
            .as_string(connection.connection)
        )


def _before_bound(names: set[str]) -> datetime.date | None:
    """Where the partition of events from before partitioning ends (its name says), if any."""
    for name in names:
        found = BEFORE_NAME.match(name)
        if found:
            return datetime.date(int(found[1]), int(found[2]), 1)
    return None
