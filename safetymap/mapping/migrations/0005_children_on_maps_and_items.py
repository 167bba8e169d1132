"""The children a map is about, and the children an item is about; the links of a final map are
locked like the rest of it (the same triggers as migration 0002, for the two link tables)."""

from django.db import migrations, models

MESSAGE = "a final map cannot be changed"
MAP_FINAL = "(SELECT status FROM mapping_sosmap WHERE id = {ref}.sosmap_id) = 'FINAL'"
ITEM_FINAL = (
    "(SELECT m.status FROM mapping_sosmap m JOIN mapping_mapitem i ON i.map_id = m.id "
    "WHERE i.id = {ref}.mapitem_id) = 'FINAL'"
)
LINKS = {"mapping_sosmap_children": MAP_FINAL, "mapping_mapitem_children": ITEM_FINAL}

SQLITE = []
for table, final in LINKS.items():
    SQLITE += [
        f"""CREATE TRIGGER {table}_final_insert BEFORE INSERT ON {table}
            WHEN {final.format(ref="NEW")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        f"""CREATE TRIGGER {table}_final_update BEFORE UPDATE ON {table}
            WHEN {final.format(ref="OLD")} OR {final.format(ref="NEW")}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        f"""CREATE TRIGGER {table}_final_delete BEFORE DELETE ON {table}
            WHEN {final.format(ref="OLD")} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
    ]
SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {table}_final_{op};"
    for table in LINKS
    for op in ("insert", "update", "delete")
]

POSTGRESQL = []
for table, final in LINKS.items():
    POSTGRESQL += [
        f"""CREATE FUNCTION {table}_refuse_final() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (TG_OP IN ('UPDATE', 'DELETE') AND {final.format(ref="OLD")})
                 OR (TG_OP IN ('INSERT', 'UPDATE') AND {final.format(ref="NEW")}) THEN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END; $$;""",
        f"""CREATE TRIGGER {table}_final BEFORE INSERT OR UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_refuse_final();""",
    ]
POSTGRESQL_REVERSE = [
    statement
    for table in LINKS
    for statement in (
        f"DROP TRIGGER IF EXISTS {table}_final ON {table};",
        f"DROP FUNCTION IF EXISTS {table}_refuse_final();",
    )
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


def every_map_covers_its_own_child(apps, schema_editor):
    SoSMap = apps.get_model("mapping", "SoSMap")
    Link = SoSMap.children.through
    Link.objects.bulk_create(
        Link(sosmap_id=pk, child_id=child_id)
        for pk, child_id in SoSMap.objects.values_list("pk", "episode__child_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mapping", "0004_safety_goal_changed_at"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="mapitem",
            name="children",
            field=models.ManyToManyField(blank=True, related_name="+", to="people.child"),
        ),
        migrations.AddField(
            model_name="sosmap",
            name="children",
            field=models.ManyToManyField(
                blank=True, related_name="maps_covering", to="people.child"
            ),
        ),
        migrations.RunPython(every_map_covers_its_own_child, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
