"""PostgreSQL's row triggers (0002, 0003) do not fire on TRUNCATE: refuse it with a statement
trigger on each audit table, whoever asks. (SQLite has no TRUNCATE: its "DELETE FROM" without a
WHERE fires the row triggers whenever the table has any.) The application's role has no
TRUNCATE privilege either (manage.py grant_application_role); this holds for the owner too,
short of dropping the trigger, which only an owner can (docs/deploy.md)."""

from django.db import migrations

TABLES = ["audit_auditevent", "audit_keyedchainstart"]

POSTGRESQL = [
    f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();"""
    for table in TABLES
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};" for table in TABLES]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_start")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
