"""Two database rules for disposal.

1. **Final maps yield to disposal, and only to it.** A finalised map is a locked snapshot: the
   triggers of mapping migrations 0002 and 0005 refuse any change to it or its parts. Destroying
   a child's record under the retention schedule must remove its maps too. These triggers are
   redefined here with one exemption: a map whose id is in ``retention_disposalunlock``. Only
   ``retention.services.destroy_record`` writes that table, inside its one transaction, and
   empties it again before commit, so no other connection ever sees an unlocked map (SQLite has
   one writer; PostgreSQL does not show uncommitted rows). Adding parts to a final map stays
   refused, unlocked or not. The same triggers on SQLite and PostgreSQL (a session setting would
   have worked on PostgreSQL only).

2. **Disposal records are append-only**, like the audit trail: the database refuses UPDATE and
   DELETE on ``retention_disposalrecord``.
"""

import importlib

from django.db import migrations

MAPPING_0002 = importlib.import_module("safetymap.mapping.migrations.0002_final_maps_are_locked")
MAPPING_0005 = importlib.import_module(
    "safetymap.mapping.migrations.0005_children_on_maps_and_items"
)
MESSAGE = "a final map cannot be changed"
PARTS = MAPPING_0002.PARTS


def unlocked(map_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM retention_disposalunlock WHERE map_id = {map_id})"


def final(map_id: str) -> str:
    return f"(SELECT status FROM mapping_sosmap WHERE id = {map_id}) = 'FINAL'"


def locked(map_id: str) -> str:
    return f"({final(map_id)} AND NOT {unlocked(map_id)})"


# The map each locked table hangs on, given OLD or NEW.
MAP_OF = dict.fromkeys(PARTS, "{ref}.map_id")
MAP_OF["mapping_sosmap_children"] = "{ref}.sosmap_id"
MAP_OF["mapping_mapitem_children"] = (
    "(SELECT map_id FROM mapping_mapitem WHERE id = {ref}.mapitem_id)"
)


def _sqlite() -> list[str]:
    statements = [
        f"""CREATE TRIGGER mapping_sosmap_final_{op} BEFORE {op.upper()} ON mapping_sosmap
            WHEN OLD.status = 'FINAL' AND NOT {unlocked("OLD.id")}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"""
        for op in ("update", "delete")
    ]
    for table, map_of in MAP_OF.items():
        old, new = map_of.format(ref="OLD"), map_of.format(ref="NEW")
        statements += [
            f"""CREATE TRIGGER {table}_final_insert BEFORE INSERT ON {table}
                WHEN {final(new)} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
            f"""CREATE TRIGGER {table}_final_update BEFORE UPDATE ON {table}
                WHEN {locked(old)} OR {locked(new)} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
            f"""CREATE TRIGGER {table}_final_delete BEFORE DELETE ON {table}
                WHEN {locked(old)} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        ]
    return statements


def _postgresql_function(name: str, map_of: str) -> str:
    old, new = map_of.format(ref="OLD"), map_of.format(ref="NEW")
    return f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (TG_OP IN ('UPDATE', 'DELETE') AND {locked(old)})
             OR (TG_OP = 'INSERT' AND {final(new)})
             OR (TG_OP = 'UPDATE' AND {locked(new)}) THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END; $$;"""


def _postgresql() -> list[str]:
    statements = [
        f"""CREATE FUNCTION mapping_refuse_final_map() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF OLD.status = 'FINAL' AND NOT {unlocked("OLD.id")} THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END; $$;""",
        """CREATE TRIGGER mapping_sosmap_final BEFORE UPDATE OR DELETE ON mapping_sosmap
            FOR EACH ROW EXECUTE FUNCTION mapping_refuse_final_map();""",
        _postgresql_function("mapping_refuse_final_part", "{ref}.map_id"),
    ]
    statements += [
        f"""CREATE TRIGGER {table}_final BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION mapping_refuse_final_part();"""
        for table in PARTS
    ]
    for table in ("mapping_sosmap_children", "mapping_mapitem_children"):
        statements += [
            _postgresql_function(f"{table}_refuse_final", MAP_OF[table]),
            f"""CREATE TRIGGER {table}_final BEFORE INSERT OR UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {table}_refuse_final();""",
        ]
    return statements


RECORDS = "disposal records are append-only"
SQLITE_RECORDS = [
    f"""CREATE TRIGGER retention_disposalrecord_no_{op} BEFORE {op.upper()}
        ON retention_disposalrecord BEGIN SELECT RAISE(ABORT, '{RECORDS}'); END;"""
    for op in ("update", "delete")
]
SQLITE_RECORDS_REVERSE = [
    "DROP TRIGGER IF EXISTS retention_disposalrecord_no_update;",
    "DROP TRIGGER IF EXISTS retention_disposalrecord_no_delete;",
]
POSTGRESQL_RECORDS = [
    f"""CREATE FUNCTION retention_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{RECORDS}' USING ERRCODE = 'insufficient_privilege'; END; $$;""",
    """CREATE TRIGGER retention_disposalrecord_no_update_or_delete
        BEFORE UPDATE OR DELETE ON retention_disposalrecord
        FOR EACH ROW EXECUTE FUNCTION retention_refuse_change();""",
]
POSTGRESQL_RECORDS_REVERSE = [
    "DROP TRIGGER IF EXISTS retention_disposalrecord_no_update_or_delete "
    "ON retention_disposalrecord;",
    "DROP FUNCTION IF EXISTS retention_refuse_change();",
]

# Forward: remove the mapping triggers as they were, create them with the exemption.
# Backward: the other way round. The trigger and function names stay the same.
FORWARD = {
    "sqlite": MAPPING_0005.SQLITE_REVERSE
    + MAPPING_0002.SQLITE_REVERSE
    + _sqlite()
    + SQLITE_RECORDS,
    "postgresql": MAPPING_0005.POSTGRESQL_REVERSE
    + MAPPING_0002.POSTGRESQL_REVERSE
    + _postgresql()
    + POSTGRESQL_RECORDS,
}
BACKWARD = {
    "sqlite": SQLITE_RECORDS_REVERSE
    + MAPPING_0005.SQLITE_REVERSE
    + MAPPING_0002.SQLITE_REVERSE
    + MAPPING_0002.SQLITE
    + MAPPING_0005.SQLITE,
    "postgresql": POSTGRESQL_RECORDS_REVERSE
    + MAPPING_0005.POSTGRESQL_REVERSE
    + MAPPING_0002.POSTGRESQL_REVERSE
    + MAPPING_0002.POSTGRESQL
    + MAPPING_0005.POSTGRESQL,
}


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise RuntimeError("Safetymap supports SQLite and PostgreSQL.")
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("retention", "0002_starting_schedules"),
        ("mapping", "0005_children_on_maps_and_items"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
