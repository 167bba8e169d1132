"""A finalised map is a locked snapshot: the database refuses to change or remove it, or to add,
change or remove anything on it, whoever asks and through whatever path."""

from django.db import migrations

MESSAGE = "a final map cannot be changed"
PARTS = ["mapping_dangerstatement", "mapping_safetygoal", "mapping_mapitem", "mapping_scalerating"]


def _final(ref: str) -> str:
    return f"(SELECT status FROM mapping_sosmap WHERE id = {ref}.map_id) = 'FINAL'"


SQLITE = [
    f"""CREATE TRIGGER mapping_sosmap_final_update BEFORE UPDATE ON mapping_sosmap
        WHEN OLD.status = 'FINAL' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    f"""CREATE TRIGGER mapping_sosmap_final_delete BEFORE DELETE ON mapping_sosmap
        WHEN OLD.status = 'FINAL' BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
]
for table in PARTS:
    SQLITE += [
        f"""CREATE TRIGGER {table}_final_insert BEFORE INSERT ON {table}
            WHEN {_final("NEW")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        f"""CREATE TRIGGER {table}_final_update BEFORE UPDATE ON {table}
            WHEN {_final("OLD")} OR {_final("NEW")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        f"""CREATE TRIGGER {table}_final_delete BEFORE DELETE ON {table}
            WHEN {_final("OLD")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    ]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS mapping_sosmap_final_update;",
    "DROP TRIGGER IF EXISTS mapping_sosmap_final_delete;",
] + [
    f"DROP TRIGGER IF EXISTS {table}_final_{op};"
    for table in PARTS
    for op in ("insert", "update", "delete")
]

POSTGRESQL = [
    f"""CREATE FUNCTION mapping_refuse_final_map() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.status = 'FINAL' THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END; $$;""",
    """CREATE TRIGGER mapping_sosmap_final BEFORE UPDATE OR DELETE ON mapping_sosmap
        FOR EACH ROW EXECUTE FUNCTION mapping_refuse_final_map();""",
    f"""CREATE FUNCTION mapping_refuse_final_part() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF (TG_OP IN ('UPDATE', 'DELETE')
              AND (SELECT status FROM mapping_sosmap WHERE id = OLD.map_id) = 'FINAL')
             OR (TG_OP IN ('INSERT', 'UPDATE')
              AND (SELECT status FROM mapping_sosmap WHERE id = NEW.map_id) = 'FINAL') THEN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
          END IF;
          IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
          RETURN NEW;
        END; $$;""",
] + [
    f"""CREATE TRIGGER {table}_final BEFORE INSERT OR UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION mapping_refuse_final_part();"""
    for table in PARTS
]
POSTGRESQL_REVERSE = [f"DROP TRIGGER IF EXISTS {table}_final ON {table};" for table in PARTS] + [
    "DROP TRIGGER IF EXISTS mapping_sosmap_final ON mapping_sosmap;",
    "DROP FUNCTION IF EXISTS mapping_refuse_final_part();",
    "DROP FUNCTION IF EXISTS mapping_refuse_final_map();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("mapping", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        )
    ]
