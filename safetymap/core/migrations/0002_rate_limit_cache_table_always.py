"""The rate-limit cache's table, made whatever the settings `migrate` runs under.

0001 made only the database cache tables the settings named at the time, so a database first
migrated under development or test settings (memory cache) had no table, and switching it to
production settings (database cache, the default there) made every public form fail. This makes
the table by name; it does nothing if it is there already.
"""

from django.core.management import call_command
from django.db import migrations

from config.database import RATELIMIT_CACHE_TABLE


def create_rate_limit_cache_table(apps, schema_editor) -> None:
    call_command(
        "createcachetable",
        RATELIMIT_CACHE_TABLE,
        database=schema_editor.connection.alias,
        verbosity=0,
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_rate_limit_cache_table")]

    # Kept on the way back: 0001 may have made it, and a cache table holds nothing to undo.
    operations = [migrations.RunPython(create_rate_limit_cache_table, migrations.RunPython.noop)]
