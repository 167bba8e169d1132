"""The table of the database cache that counts the public forms' rate limits.

Production keeps the counts in the database cache by default (SAFETYMAP_RATELIMIT_CACHE,
config/settings.py), so `migrate` makes its table: it then exists before the application role
is granted its rights (docs/deploy.md), and nobody has to remember `createcachetable`. It does
nothing when no database cache is configured (memory or Redis); switching to the database cache
later needs `manage.py createcachetable`, which is safe to run at any time.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
