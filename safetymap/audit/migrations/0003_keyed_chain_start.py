"""The audit chain becomes keyed (HMAC-SHA256, chain.py): record where.

Events already written keep their plain SHA-256 hashes, and are checked as such; re-hashing them
under the key would mean rewriting the trail, which is exactly what it must show never happens.
The first keyed event's HMAC covers the last plain hash, so the plain part is held by the key
from then on. Stop the web service and the worker while this runs (docs/deploy.md): an event the
old code wrote after it would be unkeyed and reported as changed.
"""

from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone

MESSAGE = "audit events are append-only"

SQLITE = [
    f"""CREATE TRIGGER audit_keyedchainstart_no_update BEFORE UPDATE ON audit_keyedchainstart
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER audit_keyedchainstart_no_delete BEFORE DELETE ON audit_keyedchainstart
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_keyedchainstart_no_update;",
    "DROP TRIGGER IF EXISTS audit_keyedchainstart_no_delete;",
]
# audit_refuse_change() is migration 0002's.
POSTGRESQL = [
    """CREATE TRIGGER audit_keyedchainstart_no_update_or_delete
        BEFORE UPDATE OR DELETE ON audit_keyedchainstart
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();""",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_keyedchainstart_no_update_or_delete ON audit_keyedchainstart;",
]


def record_the_start(apps, schema_editor) -> None:
    alias = schema_editor.connection.alias
    AuditEvent = apps.get_model("audit", "AuditEvent")
    KeyedChainStart = apps.get_model("audit", "KeyedChainStart")
    last = AuditEvent.objects.using(alias).aggregate(last=Max("id"))["last"]
    # A new database has no row: every event is keyed (and a test run's flush finds nothing
    # that the triggers below would refuse to remove).
    if last is not None:
        KeyedChainStart.objects.using(alias).create(
            pk=1, last_unkeyed_id=last, recorded_at=timezone.now()
        )


def _triggers(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.CreateModel(
            name="KeyedChainStart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("last_unkeyed_id", models.BigIntegerField()),
                ("recorded_at", models.DateTimeField()),
            ],
        ),
        migrations.RunPython(record_the_start, migrations.RunPython.noop),
        migrations.RunPython(
            _triggers({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _triggers({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
