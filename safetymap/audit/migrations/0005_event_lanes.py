"""Lanes: the audit trail becomes several chains side by side, so appends do not wait for one
another (services.record, chain.py). Every event so far is in lane 0, whose events hash as
before, so the trail's hashes and its checkpoints stand.

Also, the hash is no longer unique in PostgreSQL (a partitioned table cannot hold that index,
migration 0006; the chain shows a copied event anyway). Written as SQL, not Django's schema
operations: on SQLite those rebuild the table, which would drop its append-only triggers (0002),
and SQLite's table keeps its UNIQUE (only a rebuild could remove it). Adding a column with a
constant default rewrites nothing on either engine.

On PostgreSQL, ``audit_take_lane`` locks a free lane and reads its newest event's hash in one
round trip (services.record). It is PL/pgSQL, VOLATILE, so the read after the lock takes a
snapshot of its own, after the lane's last writer committed: one statement doing both would read
with the snapshot from before the lock, and could miss that writer's event."""

from django.db import migrations, models

LANE_INDEX = "CREATE INDEX audit_event_lane_id ON audit_auditevent (lane, id)"
ADD_LANE = "ALTER TABLE audit_auditevent ADD COLUMN lane smallint NOT NULL DEFAULT 0"


TAKE_LANE = """
CREATE OR REPLACE FUNCTION audit_take_lane(home integer, lanes integer, base bigint,
                                           since timestamptz, genesis varchar)
RETURNS TABLE (lane integer, head varchar) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    chosen integer := -1;
BEGIN
    FOR step IN 0 .. lanes - 1 LOOP
        IF pg_try_advisory_xact_lock(base + mod(home + step, lanes)) THEN
            chosen := mod(home + step, lanes);
            EXIT;
        END IF;
    END LOOP;
    IF chosen < 0 THEN  -- every lane busy: wait for this writer's own
        PERFORM pg_advisory_xact_lock(base + home);
        chosen := home;
    END IF;
    -- The newest event in the last day first (one or two monthly partitions), else anywhere.
    RETURN QUERY SELECT chosen, COALESCE(
        (SELECT e.hash FROM audit_auditevent e WHERE e.lane = chosen AND e.occurred_at >= since
          ORDER BY e.id DESC LIMIT 1),
        (SELECT e.hash FROM audit_auditevent e WHERE e.lane = chosen ORDER BY e.id DESC LIMIT 1),
        genesis);
END
$$
"""


def forward(apps, schema_editor) -> None:
    execute = schema_editor.execute
    execute(ADD_LANE)
    execute(LANE_INDEX)
    if schema_editor.connection.vendor == "postgresql":
        execute(TAKE_LANE)
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'audit_auditevent'::regclass "
                "AND contype = 'u'"
            )
            unique = [name for (name,) in cursor.fetchall()]
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'audit_auditevent' "
                "AND schemaname = current_schema() AND indexname LIKE 'audit_auditevent_hash%like'"
            )
            like = [name for (name,) in cursor.fetchall()]
        for name in unique:
            execute(f'ALTER TABLE audit_auditevent DROP CONSTRAINT "{name}"')
        for name in like:
            execute(f'DROP INDEX "{name}"')


def backward(apps, schema_editor) -> None:
    execute = schema_editor.execute
    execute("DROP INDEX audit_event_lane_id")
    execute("ALTER TABLE audit_auditevent DROP COLUMN lane")
    if schema_editor.connection.vendor == "postgresql":
        execute("DROP FUNCTION audit_take_lane")
        execute(
            "ALTER TABLE audit_auditevent ADD CONSTRAINT audit_auditevent_hash_key UNIQUE (hash)"
        )
        execute(
            "CREATE INDEX audit_auditevent_hash_like ON audit_auditevent (hash varchar_pattern_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_refuse_truncate")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forward, backward)],
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="lane",
                    field=models.SmallIntegerField(default=0),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="hash",
                    field=models.CharField(max_length=64),
                ),
                migrations.AddIndex(
                    model_name="auditevent",
                    index=models.Index(fields=["lane", "id"], name="audit_event_lane_id"),
                ),
            ],
        )
    ]
