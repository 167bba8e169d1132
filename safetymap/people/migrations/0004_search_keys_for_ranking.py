"""Store every record's search keys again: ranking needs the new kinds of key (exact names, a
second sound code, known-as and former names), and a search only finds what its keys reach."""

from django.db import migrations

BATCH = 2000


def store_keys_again(apps, schema_editor) -> None:
    from safetymap.people.matching import search_keys
    from safetymap.people.models import details_of

    Child = apps.get_model("people", "Child")
    Person = apps.get_model("people", "Person")
    SearchKey = apps.get_model("people", "SearchKey")
    SearchKey.objects.all().delete()
    merged: dict[int, list] = {}
    for duplicate in Child.objects.filter(merged_into__isnull=False):
        merged.setdefault(duplicate.merged_into_id, []).append(duplicate)
    rows = []
    for child in Child.objects.iterator(chunk_size=BATCH):
        keys = set(search_keys(details_of(child)))
        for duplicate in merged.get(child.pk, ()):
            keys |= search_keys(details_of(duplicate))
        rows += [SearchKey(child_id=child.pk, key=key) for key in sorted(keys)]
    for person in Person.objects.iterator(chunk_size=BATCH):
        rows += [
            SearchKey(person_id=person.pk, key=key)
            for key in sorted(search_keys(details_of(person)))
        ]
    SearchKey.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("people", "0003_former_names_and_estimated_birth")]

    operations = [migrations.RunPython(store_keys_again, migrations.RunPython.noop)]
