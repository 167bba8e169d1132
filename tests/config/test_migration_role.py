"""migrate and the other owner commands connect as the owner role (DATABASE_MIGRATION_URL) when
it is given; the service, the worker and every other command connect as the application's role
(DATABASE_URL), which cannot alter or drop the audit table (docs/deploy.md)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config.database import database_url_for

ROOT = Path(__file__).resolve().parents[2]
OWNER = "postgres://safetymap_owner:pw@db.internal/safetymap"


@pytest.mark.parametrize(
    "command", ["migrate", "createcachetable", "grant_application_role", "restore"]
)
def test_owner_commands_connect_as_the_owner_when_a_migration_url_is_given(command):
    assert database_url_for(["manage.py", command], {"DATABASE_MIGRATION_URL": OWNER}) == OWNER


@pytest.mark.parametrize(
    "argv", [["manage.py", "run_worker"], ["manage.py", "verify_audit"], ["manage.py"], ["x"]]
)
def test_the_service_and_other_commands_never_connect_as_the_owner(argv):
    assert database_url_for(argv, {"DATABASE_MIGRATION_URL": OWNER}) is None


def test_without_a_migration_url_every_command_uses_database_url():
    assert database_url_for(["manage.py", "migrate"], {}) is None
    assert database_url_for(["manage.py", "migrate"], {"DATABASE_MIGRATION_URL": " "}) is None


def test_manage_py_opens_the_owners_database_for_an_owner_command(tmp_path):
    application, owner = tmp_path / "application.sqlite3", tmp_path / "owner.sqlite3"
    env = {
        # Databases of its own: the test run's replica (DATABASE_REPLICA_URL) is not theirs.
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_REPLICA_URL"}
        },
        "SAFETYMAP_ENV": "development",
        "SAFETYMAP_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{application}",
        "DATABASE_MIGRATION_URL": f"sqlite:///{owner}",
        "SAFETYMAP_RATELIMIT_CACHE": "database",  # so createcachetable opens the database
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "createcachetable", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert owner.exists() and not application.exists()
