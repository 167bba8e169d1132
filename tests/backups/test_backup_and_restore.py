"""Issue 14, backups: a backup, then a restore into a new, empty database, then verify_audit,
the locking triggers and the uploads checked, on the engine the suite runs on (SQLite, then the
throwaway PostgreSQL server in `make test`), through manage.py as an operator runs it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from safetymap.audit.services import record
from safetymap.backups.archive import (
    MANIFEST,
    BackupProblem,
    check_restored,
    read_manifest,
    restore_backup,
    triggers,
)

ROOT = Path(__file__).resolve().parents[2]

# Run in the restored database: a final map and an audit event must still refuse to change.
CHECK_LOCKS = """
from django.db import DatabaseError, transaction
from safetymap.audit.models import AuditEvent
from safetymap.mapping.models import SoSMap
from safetymap.people.models import Child
final = SoSMap.objects.filter(status="FINAL").first()
assert final is not None, "the demo has a final map"
event = AuditEvent.objects.order_by("id").last()
for model, pk, column in ((SoSMap, final.pk, "participants"), (AuditEvent, event.pk, "action")):
    try:
        with transaction.atomic():
            model.objects.filter(pk=pk).update(**{column: "changed"})
    except DatabaseError:
        continue
    raise SystemExit(f"{model.__name__} {pk} could be changed")
print("children", Child.objects.count(), "events", AuditEvent.objects.count())
"""

# Run in the source database: the demo, and a stored picture about one of its children.
FILL_SOURCE = """
import hashlib, io, secrets
from django.core.management import call_command
from PIL import Image
from safetymap.accounts.models import User
from safetymap.people.models import Child
from safetymap.uploads import storage
from safetymap.uploads.models import StoredFile
call_command("load_demo", "--quiet-sign-ins", verbosity=0)
out = io.BytesIO(); Image.new("RGB", (8, 8), "orange").save(out, "PNG"); data = out.getvalue()
name = secrets.token_hex(16) + ".png"
storage.write_atomically(name, data)
StoredFile.objects.create(
    child=Child.objects.first(), uploaded_by=User.objects.first(), purpose="voice-drawing",
    content_type="image/png", size=len(data), sha256=hashlib.sha256(data).hexdigest(),
    width=8, height=8, storage_name=name,
)
"""


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**keep, "SAFETYMAP_ENV": "test", "LOG_LEVEL": "WARNING", **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def ok(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


class Databases:
    """New databases on the engine under test, made from the test database's migrated schema
    (migrating afresh would double this test's time)."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.made: list[str] = []
        db = connection.settings_dict
        self.vendor = connection.vendor
        # SQLite's files live in the test's own folder; PostgreSQL's beside the test database.
        self.base = "backup" if self.vendor == "sqlite" else f"{db['NAME']}_backup"

    def _pg(self):
        import psycopg

        db = connection.settings_dict
        return psycopg.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or None,
            autocommit=True,
        )

    def url(self, name: str) -> str:
        if self.vendor == "sqlite":
            return f"sqlite:///{self.tmp_path / (name + '.sqlite3')}"
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{name}"

    def migrated_copy(self, name: str) -> str:
        """A database holding what migrate makes (the test database before any test writes)."""
        if self.vendor == "sqlite":
            target = sqlite3.connect(self.tmp_path / f"{name}.sqlite3")
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
        else:
            self.empty(name)
            from safetymap.backups.archive import _pg_environment, _tool

            env = _pg_environment()
            dump = subprocess.run(
                [_tool("pg_dump"), "--format=custom", "--no-owner"], env=env, capture_output=True
            )
            assert dump.returncode == 0, dump.stderr
            restore = subprocess.run(
                [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={name}"],
                input=dump.stdout,
                env=env,
                capture_output=True,
            )
            assert restore.returncode == 0, restore.stderr
        return self.url(name)

    def empty(self, name: str) -> str:
        if self.vendor == "postgresql":
            with self._pg() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
            self.made.append(name)
        return self.url(name)

    def drop_all(self) -> None:
        if self.vendor == "postgresql":
            with self._pg() as admin:
                for name in self.made:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def databases(tmp_path: Path, transactional_db) -> Iterator[Databases]:
    # Transactional: the test's own open transaction would hold SQLite's in-memory test
    # database locked against the copy. This test writes only to the databases it makes.
    made = Databases(tmp_path)
    yield made
    made.drop_all()


def folders(tmp_path: Path, name: str) -> dict[str, str]:
    return {
        "SAFETYMAP_UPLOAD_ROOT": str(tmp_path / name / "uploads"),
        "SAFETYMAP_MEDIA_ROOT": str(tmp_path / name / "media"),
    }


def test_a_backup_restored_into_an_empty_database_is_whole(databases: Databases, tmp_path: Path):
    source = {
        "DATABASE_URL": databases.migrated_copy(f"{databases.base}_src"),
        **folders(tmp_path, "src"),
    }
    ok(manage(source, "shell", "-c", FILL_SOURCE))
    before = ok(manage(source, "shell", "-c", CHECK_LOCKS))
    backup = tmp_path / "backup"
    said = ok(manage(source, "backup", str(backup)))
    assert "Audit checkpoint:" in said
    manifest = json.loads((backup / MANIFEST).read_text())
    stored_files = manifest["stored_files"]  # the demo's pictures and the one added here
    assert manifest["engine"] == databases.vendor and stored_files >= 1
    assert any(name.startswith("audit_auditevent:") for name in manifest["triggers"])
    assert any(name.startswith("mapping_sosmap:") for name in manifest["triggers"])
    if databases.vendor == "postgresql":  # row triggers do not fire on TRUNCATE: its own
        assert "audit_auditevent:audit_auditevent_no_truncate" in manifest["triggers"]

    target = {"DATABASE_URL": databases.empty(f"{databases.base}_dst"), **folders(tmp_path, "dst")}
    said = ok(manage(target, "restore", str(backup)))
    assert f"every trigger is in place and {stored_files} stored files match" in said
    assert "The audit trail is intact" in ok(manage(target, "verify_audit"))
    # The same children and events, and final maps and audit events still locked.
    assert ok(manage(target, "shell", "-c", CHECK_LOCKS)) == before
    stored = [p for p in Path(target["SAFETYMAP_UPLOAD_ROOT"]).rglob("*") if p.is_file()]
    assert len(stored) == stored_files
    assert "Checked against the backup" in ok(
        manage(target, "restore", "--check-only", str(backup))
    )

    # A second restore into the now full database is refused, and changes nothing.
    again = manage(target, "restore", str(backup))
    assert again.returncode != 0 and "not empty" in again.stderr


# --- What a restore refuses, and what its checks find (in the test database) --------------------


def test_a_folder_without_a_manifest_is_an_unfinished_backup(tmp_path: Path):
    with pytest.raises(BackupProblem, match="not a finished backup"):
        read_manifest(tmp_path)


def test_a_backup_file_changed_since_the_backup_is_refused(tmp_path: Path):
    (tmp_path / "database.sqlite3").write_bytes(b"changed")
    manifest = {"format": 1, "files": {"database.sqlite3": "0" * 64}}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupProblem, match="missing or has changed"):
        read_manifest(tmp_path)


@pytest.mark.django_db
def test_a_restore_into_a_database_that_is_not_empty_is_refused(tmp_path: Path):
    (tmp_path / "database.x").write_bytes(b"")
    manifest = {"format": 1, "engine": connection.vendor, "files": {}, "database": "database.x"}
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(BackupProblem, match="not empty"):
        restore_backup(tmp_path)


def manifest_of_now(**changes) -> dict:
    last = record(actor=None, action="SIGN_IN_FAILED", actor_label="x@fictional.example")
    manifest = {
        "audit_checkpoint": {"events": 1, "last_id": last.pk, "last_hash": last.hash},
        "triggers": triggers(),
    }
    manifest.update(changes)
    return manifest


@pytest.mark.django_db
def test_the_checks_pass_on_a_whole_database():
    check_restored(manifest_of_now())


@pytest.mark.django_db
def test_the_checks_find_a_trail_cut_short_of_its_checkpoint():
    manifest = manifest_of_now()
    manifest["audit_checkpoint"] = {"events": 5, "last_id": 10**9, "last_hash": "f" * 64}
    with pytest.raises(BackupProblem, match="does not reach its checkpoint.*has 1 events"):
        check_restored(manifest)


@pytest.mark.django_db
def test_the_checks_find_a_missing_trigger_and_a_missing_file():
    from safetymap.uploads.models import StoredFile
    from tests.factories import ChildFactory, UserFactory

    StoredFile.objects.create(
        child=ChildFactory(),
        uploaded_by=UserFactory(),
        purpose="voice-drawing",
        content_type="image/png",
        size=1,
        sha256="0" * 64,
        width=1,
        height=1,
        storage_name="ab" + "0" * 30 + ".png",
    )
    manifest = manifest_of_now(triggers=[*triggers(), "mapping_sosmap:a_lost_lock"])
    with pytest.raises(
        BackupProblem, match="triggers missing: mapping_sosmap:a_lost_lock.*stored file"
    ):
        check_restored(manifest)
