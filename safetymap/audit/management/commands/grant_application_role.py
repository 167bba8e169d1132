"""``manage.py grant_application_role ROLE``: what the running service's PostgreSQL role may do.

Run it as the owner role that runs ``migrate`` (docs/deploy.md, "Database roles and the audit
trail"), after every ``migrate``; it is safe to run again. The application's role may read and
write the service's tables, but on the audit tables only SELECT and INSERT (SELECT alone on where
the keyed chain starts): no UPDATE, DELETE or TRUNCATE. As it owns nothing it cannot ALTER or
DROP the tables, nor drop or disable their triggers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from psycopg import sql

from safetymap.audit import partitions

AUDIT_EVENTS = "audit_auditevent"
AUDIT_TABLES = [AUDIT_EVENTS, "audit_keyedchainstart"]


def statements(role: str, schema: str, audit_partitions: Sequence[str] = ()) -> list[sql.Composed]:
    who, where = sql.Identifier(role), sql.Identifier(schema)
    audit = sql.SQL(", ").join(sql.Identifier(schema, table) for table in AUDIT_TABLES)
    return [
        # From nothing, so an earlier, wider grant does not survive.
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(where, who),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(where, who),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(where, who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {} TO {}").format(
            where, who
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(where, who),
        sql.SQL("REVOKE UPDATE, DELETE, TRUNCATE ON {} FROM {}").format(audit, who),
        # Only migration audit 0003 writes where the keyed chain starts.
        sql.SQL("REVOKE INSERT ON {} FROM {}").format(sql.Identifier(schema, AUDIT_TABLES[1]), who),
        # The trail's monthly partitions (audit/partitions.py) are reached through the table:
        # nothing on them directly.
        *(
            sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(schema, partition), who)
            for partition in audit_partitions
        ),
        # Tables a later `migrate` makes (as this owner) are granted the same way; run this
        # command again after migrating all the same, so the audit tables' limits are re-applied.
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT, INSERT, UPDATE, DELETE "
            "ON TABLES TO {}"
        ).format(where, who),
        sql.SQL(
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT USAGE, SELECT ON SEQUENCES TO {}"
        ).format(where, who),
    ]


class Command(BaseCommand):
    help = (
        "PostgreSQL: grant the application's database role what the service needs, with only "
        "SELECT and INSERT on the audit trail. Run as the owner, after every migrate."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("role", help="the role the running service connects as")

    def handle(self, *args, role: str, **options) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Database roles are PostgreSQL's: on SQLite there is nothing to grant."
            )
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, r.rolbypassrls, r.rolcreaterole, t.tableowner, "
                "pg_has_role(r.rolname, t.tableowner, 'MEMBER'), current_schema() "
                "FROM pg_roles r, pg_tables t "
                "WHERE r.rolname = %s AND t.tablename = %s AND t.schemaname = current_schema()",
                [role, AUDIT_EVENTS],
            )
            found = cursor.fetchone()
        if found is None:
            raise CommandError(
                f"There is no role called {role}, or the database has not been migrated yet. "
                f"Create the role (CREATE ROLE {role} LOGIN PASSWORD '…') and run migrate first."
            )
        superuser, bypasses_rls, creates_roles, owner, is_owner, schema = found
        if is_owner:
            raise CommandError(
                f"{role} owns the audit table (or is a member of {owner}, its owner), so it could "
                "drop its triggers. The application needs a role of its own that owns nothing."
            )
        if superuser or bypasses_rls or creates_roles:
            raise CommandError(
                f"{role} is a superuser or can create roles, so no grant can hold it back. "
                "The application needs an ordinary role (NOSUPERUSER NOCREATEROLE)."
            )
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements(role, schema, partitions.attached(connection)):
                cursor.execute(statement.as_string(connection.connection))
        self.stdout.write(
            self.style.SUCCESS(
                f"{role} may now use the service's tables, with only SELECT and INSERT on the "
                "audit trail."
            )
        )
