"""Backup and restore with each engine's own tools (docs/backup.md).

A backup is a folder: the database (SQLite's online backup API, or pg_dump's custom format), the
uploaded files (tar archives of SAFETYMAP_UPLOAD_ROOT and MEDIA_ROOT), and manifest.json, written
last, which holds each file's SHA-256, the audit trail's checkpoint and the database's triggers.
A folder without a manifest is an unfinished backup and is never restored.

The audit checkpoint is the last event (id and hash) the backup holds. The hash chain shows that
nothing inside the trail was changed, removed or inserted; only a checkpoint kept outside the
database shows that its end was not cut off, so a restore checks the restored trail reaches it.

Not Django's dumpdata: it would go round the triggers' protection on the way back in, lose
nothing-but-database objects (the triggers themselves, the cache table), and be slow.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from safetymap.audit import chain, checkpoints
from safetymap.audit.models import AuditEvent
from safetymap.uploads import storage
from safetymap.uploads.models import StoredFile

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.pgdump"
# What each archive holds, and where it goes back to.
FOLDERS = {"uploads.tar": "SAFETYMAP_UPLOAD_ROOT", "media.tar": "MEDIA_ROOT"}


class BackupProblem(Exception):
    """A backup or restore that cannot go ahead, or a restored database that fails its checks."""


@dataclass(frozen=True)
class Checkpoint:
    events: int
    last_id: int | None
    last_hash: str

    def as_dict(self) -> dict[str, Any]:
        return {"events": self.events, "last_id": self.last_id, "last_hash": self.last_hash}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    """pg_dump and pg_restore of the server's major version: SAFETYMAP_PG_BINDIR, or the PATH."""
    bindir = os.environ.get("SAFETYMAP_PG_BINDIR", "")
    found = str(Path(bindir) / name) if bindir else shutil.which(name)
    if not found or not Path(found).exists():
        raise BackupProblem(
            f"{name} was not found. Install the PostgreSQL client of the server's version "
            "(Debian: apt-get install postgresql-client-15) or set SAFETYMAP_PG_BINDIR."
        )
    return found


def _pg_environment() -> dict[str, str]:
    """The connection, for pg_dump and pg_restore, as libpq's variables (never on the command
    line, where other users of the machine could read the password)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if db.get(key):
            env[variable] = str(db[key])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    # The service's own statement timeout is for requests; a dump or restore takes as long as
    # it takes (pg_dump turns it off for itself; pg_restore is told here).
    env["PGOPTIONS"] = "-c statement_timeout=0"
    return env


def _run(command: list[str]) -> None:
    # The tool's path comes from the operator's settings; the arguments are our own.
    done = subprocess.run(  # noqa: S603
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupProblem(f"{Path(command[0]).name} failed: {done.stderr.strip()}")


def audit_checkpoint() -> Checkpoint:
    last = AuditEvent.objects.order_by("-id").values_list("id", "hash").first()
    return Checkpoint(
        events=AuditEvent.objects.count(),
        last_id=last[0] if last else None,
        last_hash=last[1] if last else chain.GENESIS,
    )


def triggers() -> list[str]:
    """Every trigger in the database, as "table:trigger": the locks on audit events (TRUNCATE
    among them), final maps and disposal records. A restore must bring back every one."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        else:
            # pg_trigger rather than information_schema.triggers, which leaves out TRUNCATE
            # triggers (the audit tables' refusal of TRUNCATE, migration audit/0004).
            cursor.execute(
                "SELECT DISTINCT c.relname, t.tgname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
            )
        return sorted(f"{table}:{name}" for table, name in cursor.fetchall())


def _folder(setting: str) -> Path:
    return Path(getattr(settings, setting))


def _files_under(folder: Path) -> Iterator[Path]:
    return (path for path in sorted(folder.rglob("*")) if path.is_file())


def make_backup(destination: Path) -> dict[str, Any]:
    """Back up the database the settings name, then the uploaded files, then the manifest.

    The database first: files are written only after their rows commit, so every file a backed
    up row names is already on disk when the folders are archived (a newer file is harmless)."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupProblem(f"{destination} is not empty: choose a new folder for each backup.")
    destination.mkdir(parents=True, exist_ok=True, mode=0o700)
    engine = connection.vendor
    # Read before the copy: the trail only grows, so the copy holds at least this much.
    checkpoint, trigger_list = audit_checkpoint(), triggers()
    if engine == "sqlite":
        database_file = destination / SQLITE_FILE
        connection.ensure_connection()
        target = sqlite3.connect(database_file)
        try:
            # The online backup API: a consistent copy while the service goes on writing.
            connection.connection.backup(target)
        finally:
            target.close()
        checkpoint = _checkpoint_of_sqlite_copy(database_file)
    elif engine == "postgresql":
        database_file = destination / PG_FILE
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={database_file}"])
    else:
        raise BackupProblem(f"Backups are made for SQLite and PostgreSQL, not {engine}.")
    files: dict[str, str] = {database_file.name: sha256_of(database_file)}
    for archive_name, setting in FOLDERS.items():
        archive = destination / archive_name
        folder = _folder(setting)
        with tarfile.open(archive, "w") as tar:
            if folder.exists():
                for path in _files_under(folder):
                    if not path.name.startswith(".partial-"):  # a write still under way
                        tar.add(path, arcname=str(path.relative_to(folder)))
        files[archive_name] = sha256_of(archive)
    manifest = {
        "format": FORMAT,
        "made_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "engine": engine,
        "database": database_file.name,
        "files": files,
        "audit_checkpoint": checkpoint.as_dict(),
        "triggers": trigger_list,
        "stored_files": StoredFile.objects.count(),
    }
    partial = destination / f".{MANIFEST}.partial"
    partial.write_text(json.dumps(manifest, indent=2))
    partial.replace(destination / MANIFEST)
    return manifest


def _checkpoint_of_sqlite_copy(path: Path) -> Checkpoint:
    copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        (count,) = copy.execute("SELECT COUNT(*) FROM audit_auditevent").fetchone()
        last = copy.execute(
            "SELECT id, hash FROM audit_auditevent ORDER BY id DESC LIMIT 1"
        ).fetchone()
    finally:
        copy.close()
    return Checkpoint(count, last[0] if last else None, last[1] if last else chain.GENESIS)


def read_manifest(source: Path) -> dict[str, Any]:
    """The manifest, with every file it names present and unchanged."""
    path = source / MANIFEST
    if not path.exists():
        raise BackupProblem(f"{source} has no {MANIFEST}: it is not a finished backup.")
    manifest = json.loads(path.read_text())
    if manifest.get("format") != FORMAT:
        raise BackupProblem(f"{source} is a backup of another format ({manifest.get('format')}).")
    for name, expected in manifest["files"].items():
        if not (source / name).exists() or sha256_of(source / name) != expected:
            raise BackupProblem(f"{name} in {source} is missing or has changed since the backup.")
    return manifest


def restore_backup(source: Path) -> dict[str, Any]:
    """Restore a backup into the empty database the settings name and the empty upload folders,
    then check what was restored (check_restored). Refuses, changing nothing, if either holds
    anything already."""
    manifest = read_manifest(source)
    engine = connection.vendor
    if manifest["engine"] != engine:
        raise BackupProblem(
            f"This backup is of a {manifest['engine']} database; the settings name {engine}."
        )
    if connection.introspection.table_names():
        raise BackupProblem(
            "The database to restore into is not empty. Restore only into a new, empty database."
        )
    for setting in FOLDERS.values():
        folder = _folder(setting)
        if folder.exists() and any(folder.iterdir()):
            raise BackupProblem(f"{setting} ({folder}) is not empty: restore into an empty folder.")
    database_file = source / manifest["database"]
    if engine == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(f"file:{database_file}?mode=ro", uri=True)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
        connection.close()  # the next query opens the restored file afresh
    else:
        connection.close()
        _run(
            [
                _tool("pg_restore"),
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                f"--dbname={connection.settings_dict['NAME']}",
                str(database_file),
            ]
        )
    for archive_name, setting in FOLDERS.items():
        folder = _folder(setting)
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tarfile.open(source / archive_name) as tar:
            tar.extractall(folder, filter="data")  # nothing outside the folder, no devices
    check_restored(manifest)
    return manifest


def check_restored(manifest: dict[str, Any]) -> None:
    """What a restore must bring back, or BackupProblem naming what it did not: the audit
    trail intact up to its checkpoint, every trigger (and the audit trail's actually refusing a
    change), and every stored file with its contents unchanged."""
    problems: list[str] = []
    walk = chain.verify(
        AuditEvent.objects.order_by("id").iterator(chunk_size=2000),
        last_unkeyed_id=checkpoints.last_unkeyed_id(),
    )
    checked, broken = walk.checked, walk.broken
    if broken:
        problems.append(
            f"the audit trail is broken at event {broken.event_id}: it {broken.problem}"
        )
    point = manifest["audit_checkpoint"]
    if point["last_id"] is not None:
        at = AuditEvent.objects.filter(pk=point["last_id"]).values_list("hash", flat=True).first()
        if at != point["last_hash"]:
            problems.append(
                f"the audit trail does not reach its checkpoint (event {point['last_id']})"
            )
    if checked < point["events"]:
        problems.append(f"the audit trail has {checked} events; the backup had {point['events']}")
    missing = sorted(set(manifest["triggers"]) - set(triggers()))
    if missing:
        problems.append(f"triggers missing: {', '.join(missing)}")
    if point["last_id"] is not None and not _audit_refuses_change(point["last_id"]):
        problems.append("the audit trail accepted a change: it is not append-only")
    for stored in StoredFile.objects.only("storage_name", "sha256").iterator(chunk_size=2000):
        path = storage.path_of(stored.storage_name)
        if not path.exists() or sha256_of(path) != stored.sha256:
            problems.append(f"stored file {stored.pk} is missing or changed")
    if problems:
        raise BackupProblem("The restored service is not whole: " + "; ".join(problems) + ".")


class _RolledBack(Exception):
    pass


def _audit_refuses_change(event_id: int) -> bool:
    """Try to change one audit event, inside a transaction that is always rolled back."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE audit_auditevent SET action = action WHERE id = %s", [event_id]
                )
            raise _RolledBack
    except DatabaseError:
        return True
    except _RolledBack:
        return False
