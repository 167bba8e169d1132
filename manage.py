#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.database import database_url_for

    # migrate and the other owner commands connect as the owner (DATABASE_MIGRATION_URL, if set).
    owner_url = database_url_for(sys.argv, dict(os.environ))
    if owner_url:
        os.environ["DATABASE_URL"] = owner_url
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
